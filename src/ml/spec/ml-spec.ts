/**
 * ML node definitions: `ml/*.yml` files with a list under `ml:`. Each entry is validated with its
 * line and column; learner parameters get defaults here (documented in README.md, "ML nodes").
 */
import { Codes } from '../../errors/codes.js';
import type { Diagnostic } from '../../errors/diagnostic.js';
import { YamlValidator, type PlainObject } from '../../project/validate.js';
import { parseYamlFile } from '../../project/yaml-file.js';
import type { Algorithm, MlTask, ModelInput, NamedColumn, MlSpec } from '../../core/ml-spec.js';
import { readParams } from './ml-params.js';

const KEYS = [
  'name',
  'description',
  'tags',
  'task',
  'training',
  'entity',
  'cutoff',
  'label',
  'where',
  'max_training_rows',
  'features',
  'categorical',
  'algorithm',
  'params',
  'split',
  'threshold',
  'promotion',
  'udfs',
  'oracle',
];
const ALGORITHMS: Record<MlTask, readonly Algorithm[]> = {
  classification: ['gbdt', 'logistic'],
  regression: ['gbdt', 'ridge'],
};

/** `files`: the project's `ml/**.yml` as read by the parser (path relative to the project, and text). */
export function parseMlFiles(files: readonly { readonly path: string; readonly text: string }[]): {
  specs: MlSpec[];
  diagnostics: Diagnostic[];
} {
  const specs: MlSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const yaml = parseYamlFile(file.text, file.path, Codes.mlInvalid);
    diagnostics.push(...yaml.diagnostics);
    if (yaml.diagnostics.length > 0) continue;
    const v = new YamlValidator(yaml, Codes.mlInvalid);
    const top = v.object(yaml.value, [], 'an ml file');
    if (top) {
      v.knownKeys(top, [], ['ml', 'version'], 'an ml file');
      v.list(top['ml'], ['ml'], 'ml').forEach((entry, i) => {
        const spec = readSpec(v, entry, i, file.path);
        if (spec) specs.push(spec);
      });
    }
    diagnostics.push(...v.diagnostics);
  }
  return { specs, diagnostics };
}

function readSpec(v: YamlValidator, entry: unknown, i: number, file: string): MlSpec | undefined {
  const at = ['ml', i];
  const o = v.object(entry, at, 'an ml node');
  if (!o) return undefined;
  v.knownKeys(o, at, KEYS, 'an ml node');
  const column = (key: string, fallback?: string): NamedColumn | undefined => {
    const name = v.string(o[key], [...at, key], key) ?? fallback;
    if (name === undefined) v.error(at, `ml node needs "${key}"`, `add ${key}: <column>`);
    return name === undefined ? undefined : { name, location: v.yaml.locate([...at, key]) };
  };
  const columns = (key: string): NamedColumn[] =>
    v.list(o[key], [...at, key], key).flatMap((c, k) => {
      const name = v.string(c, [...at, key, k], `${key} entry`);
      return name === undefined ? [] : [{ name, location: v.yaml.locate([...at, key, k]) }];
    });
  const name = v.string(o['name'], [...at, 'name'], 'name');
  const task = oneOf(v, o['task'] ?? 'classification', [...at, 'task'], [
    'classification',
    'regression',
  ] as const);
  const algorithm = task && oneOf(v, o['algorithm'] ?? 'gbdt', [...at, 'algorithm'], ALGORITHMS[task]);
  const [training, entity, cutoff, label] = [
    column('training'),
    column('entity'),
    column('cutoff'),
    column('label'),
  ];
  const features = columns('features');
  if (features.length === 0 && o['features'] !== undefined) v.error([...at, 'features'], 'features is empty');
  if (!name || !task || !algorithm || !training || !entity || !cutoff || !label || features.length === 0) {
    if (name && o['features'] === undefined) v.error(at, `ml node "${name}" needs a features: list`);
    return undefined;
  }
  const where = v.string(o['where'], [...at, 'where'], 'where');
  const oracle = readOracle(v, o['oracle'], [...at, 'oracle']);
  return {
    name,
    file,
    location: v.yaml.locate(at),
    description: v.string(o['description'], [...at, 'description'], 'description') ?? '',
    tags: v.list(o['tags'], [...at, 'tags'], 'tags').map(String),
    task,
    training,
    entity,
    cutoff,
    label,
    ...(where ? { where } : {}),
    maxTrainingRows: Math.max(1, positiveInt(v, o, 'max_training_rows', at, 2_000_000)),
    features,
    categorical: columns('categorical'),
    algorithm,
    params: readParams(v, o['params'], [...at, 'params'], algorithm, task),
    split: readSplit(v, o['split'], [...at, 'split']),
    threshold: readThreshold(v, o['threshold'], [...at, 'threshold']),
    promotion: readPromotion(v, o['promotion'], [...at, 'promotion'], task),
    udfs: readUdfs(v, o['udfs'], [...at, 'udfs'], task, name),
    ...(oracle ? { oracle } : {}),
  };
}

function oneOf<T extends string>(
  v: YamlValidator,
  value: unknown,
  path: (string | number)[],
  allowed: readonly T[],
): T | undefined {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  v.error(path, `${path.at(-1)} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return undefined;
}

function positiveInt(
  v: YamlValidator,
  o: PlainObject,
  key: string,
  path: (string | number)[],
  fallback: number,
): number {
  const value = o[key] ?? fallback;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  v.error([...path, key], `${key} must be a whole number ≥ 0, got ${JSON.stringify(value)}`);
  return fallback;
}

function readSplit(v: YamlValidator, value: unknown, path: (string | number)[]): MlSpec['split'] {
  const o = v.object(value, path, 'split') ?? {};
  v.knownKeys(o, path, ['validation_cutoffs', 'test_cutoffs'], 'split');
  return {
    validationCutoffs: Math.max(1, positiveInt(v, o, 'validation_cutoffs', path, 2)),
    testCutoffs: Math.max(1, positiveInt(v, o, 'test_cutoffs', path, 2)),
  };
}

function readThreshold(v: YamlValidator, value: unknown, path: (string | number)[]): MlSpec['threshold'] {
  if (value === undefined || value === 'max_f1') return { policy: 'max_f1' };
  if (typeof value === 'number' && value > 0 && value < 1) return { policy: 'fixed', value };
  v.error(path, `threshold must be max_f1 or a probability between 0 and 1, got ${JSON.stringify(value)}`);
  return { policy: 'max_f1' };
}

function readPromotion(
  v: YamlValidator,
  value: unknown,
  path: (string | number)[],
  task: MlTask,
): MlSpec['promotion'] {
  const o = v.object(value, path, 'promotion') ?? {};
  v.knownKeys(o, path, ['metric', 'tolerance'], 'promotion');
  const metric =
    oneOf(
      v,
      o['metric'] ?? (task === 'classification' ? 'roc_auc' : 'r2'),
      [...path, 'metric'],
      task === 'classification' ? (['roc_auc', 'pr_auc'] as const) : (['r2', 'mae'] as const),
    ) ?? 'roc_auc';
  const tolerance = o['tolerance'] ?? 0.005;
  if (typeof tolerance !== 'number' || tolerance < 0)
    v.error([...path, 'tolerance'], 'tolerance must be a number ≥ 0');
  return { metric, tolerance: typeof tolerance === 'number' ? tolerance : 0.005 };
}

function readUdfs(
  v: YamlValidator,
  value: unknown,
  path: (string | number)[],
  task: MlTask,
  name: string,
): MlSpec['udfs'] {
  const o = v.object(value, path, 'udfs') ?? {};
  v.knownKeys(
    o,
    path,
    task === 'classification' ? ['probability', 'class'] : ['value'],
    `udfs of a ${task} node`,
  );
  const text = (key: string, fallback: string): string => {
    const given = v.string(o[key], [...path, key], key) ?? fallback;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(given))
      v.error([...path, key], `UDF name "${given}" is not a plain identifier`);
    return given;
  };
  return task === 'classification'
    ? {
        probability: text('probability', `${name}_probability`),
        class: text('class', `${name}_class`),
        value: undefined,
      }
    : { probability: undefined, class: undefined, value: text('value', `${name}_value`) };
}

function readOracle(v: YamlValidator, value: unknown, path: (string | number)[]): MlSpec['oracle'] {
  const o = v.object(value, path, 'oracle');
  if (!o) return undefined;
  v.knownKeys(o, path, ['files', 'score'], 'oracle');
  const files = v.string(o['files'], [...path, 'files'], 'files'),
    score = v.string(o['score'], [...path, 'score'], 'score');
  if (!files || !score) {
    v.error(path, 'oracle needs files: and score:');
    return undefined;
  }
  return { files, score };
}

/** The UDF's parameters, in order: numeric features as declared, then categorical ones. */
export function mlInputs(spec: MlSpec): ModelInput[] {
  return [
    ...spec.features.map((f) => ({ name: f.name, type: 'numeric' as const })),
    ...spec.categorical.map((f) => ({ name: f.name, type: 'categorical' as const })),
  ];
}
