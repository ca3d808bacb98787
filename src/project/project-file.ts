/**
 * project.yml: the project's name, vars, paths, per-folder config and targets. Validated with
 * line and column on every problem. Reading the file is the caller's job (see load-project.ts).
 */
import type { ConfigValue } from '../core/config.js';
import { Codes } from '../errors/codes.js';
import type { Diagnostic, SourceLocation } from '../errors/diagnostic.js';
import { EMPTY_FOLDER_CONFIG, parseFolderConfig, type FolderConfig } from './folder-config.js';
import {
  defaultTargets,
  locateTargets,
  validateTargets,
  type RawTarget,
  type TargetLocations,
} from './targets.js';
import { checkMapping, GENERATOR_SCHEMA, PATHS_SCHEMA, PROJECT_SCHEMA } from './project-schema.js';
import { isPlainObject, YamlValidator } from './validate.js';
import { plainVars } from './vars.js';
import { parseYamlFile } from './yaml-file.js';

export const PROJECT_FILE = 'project.yml';

export interface ProjectPaths {
  readonly models: string;
  readonly seeds: string;
  readonly macros: string;
  readonly snapshots: string;
  readonly ml: string;
}

export interface ProjectFile {
  readonly name: string;
  readonly version: string;
  readonly vars: Readonly<Record<string, ConfigValue>>;
  readonly paths: ProjectPaths;
  readonly models: FolderConfig;
  readonly seeds: FolderConfig;
  readonly snapshots: FolderConfig;
  readonly tests: FolderConfig;
  readonly defaultTarget: string;
  readonly targets: Readonly<Record<string, RawTarget>>;
  /** Where each target's settings are written (for problems found when env vars are read). */
  readonly targetLocations: TargetLocations;
  /** A data generator the project ships (`forge seed --generate`), when it declares one. */
  readonly generator?: GeneratorConfig;
  /** npm packages of macros and generic tests (`packages: [forge-utils]`), in order. */
  readonly packages: readonly PackageRef[];
}

export interface PackageRef {
  readonly name: string;
  readonly location: SourceLocation;
}

/**
 * project.yml `generator:`: a JS module of the project exporting `generate(options)`, and where its
 * output goes (relative to the project directory).
 */
export interface GeneratorConfig {
  readonly module: string;
  readonly landing: string;
  readonly oracle: string;
  readonly scale: string;
  readonly seed: number;
}

const PATH_KEYS = ['models', 'seeds', 'macros', 'snapshots', 'ml'] as const;
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseProjectFile(text: string): { project?: ProjectFile; diagnostics: Diagnostic[] } {
  const yaml = parseYamlFile(text, PROJECT_FILE, Codes.projectYamlSyntax);
  if (yaml.diagnostics.length > 0) return { diagnostics: [...yaml.diagnostics] };
  const v = new YamlValidator(yaml, Codes.projectInvalid);
  const top = v.object(yaml.value, [], PROJECT_FILE);
  if (top === undefined) {
    v.error([], `${PROJECT_FILE} must be a mapping with at least "name"`);
    return { diagnostics: v.diagnostics };
  }
  // the schema judged every value's kind: below, a value of the wrong kind reads as absent
  checkMapping(v, top, [], PROJECT_SCHEMA, PROJECT_FILE);
  const name = stringOf(top['name']);
  if (top['name'] === undefined) v.error([], `${PROJECT_FILE} needs a "name"`, 'name: my_project');
  else if (name !== undefined && !NAME_PATTERN.test(name)) {
    v.error(['name'], `project name "${name}" must be letters, digits and underscores`);
  }
  const projectName = name ?? 'project';
  const project: ProjectFile = {
    name: projectName,
    version: typeof top['version'] === 'number' ? String(top['version']) : (stringOf(top['version']) ?? '1'),
    vars: plainVars(isPlainObject(top['vars']) ? top['vars'] : {}),
    paths: parsePaths(top['paths'], v),
    models: parseFolderConfig(top['models'], ['models'], projectName, v),
    seeds:
      top['seeds'] === undefined
        ? EMPTY_FOLDER_CONFIG
        : parseFolderConfig(top['seeds'], ['seeds'], projectName, v),
    snapshots:
      top['snapshots'] === undefined
        ? EMPTY_FOLDER_CONFIG
        : parseFolderConfig(top['snapshots'], ['snapshots'], projectName, v),
    tests:
      top['tests'] === undefined
        ? EMPTY_FOLDER_CONFIG
        : parseFolderConfig(top['tests'], ['tests'], projectName, v),
    defaultTarget: stringOf(top['target']) ?? 'dev',
    targets: top['targets'] === undefined ? defaultTargets(projectName) : validateTargets(top['targets'], v),
    targetLocations: locateTargets(top['targets'], v),
    ...(top['generator'] !== undefined ? { generator: parseGenerator(top['generator'], v) } : {}),
    packages: parsePackages(top['packages'], v),
  };
  return { project, diagnostics: v.diagnostics };
}

/** `packages:` a list of npm package names (resolved through node_modules when the project is read). */
function parsePackages(value: unknown, v: YamlValidator): PackageRef[] {
  return v.list(value, ['packages'], 'packages').flatMap((item, index) => {
    const name = typeof item === 'string' ? item.trim() : '';
    if (!/^(@[\w.-]+\/)?[\w.-]+$/.test(name)) {
      v.error(
        ['packages', index],
        `packages lists npm package names, got ${JSON.stringify(item)}`,
        'packages: [forge-utils]',
      );
      return [];
    }
    return [{ name, location: v.yaml.locate(['packages', index]) }];
  });
}

function parseGenerator(value: unknown, v: YamlValidator): GeneratorConfig {
  const object = v.object(value, ['generator'], 'generator') ?? {};
  checkMapping(v, object, ['generator'], GENERATOR_SCHEMA, 'generator');
  const module = stringOf(object['module']);
  if (object['module'] === undefined)
    v.error(
      ['generator'],
      'generator needs a "module": the JS file exporting generate()',
      'module: seeds/generator/index.mjs',
    );
  const seed = object['seed'];
  return {
    module: module ?? '',
    landing: stringOf(object['landing']) ?? '.forge/landing',
    oracle: stringOf(object['oracle']) ?? '.forge/oracle',
    scale: stringOf(object['scale']) ?? 'default',
    seed: typeof seed === 'number' ? seed : 42,
  };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Where a project's files are when project.yml does not say otherwise. */
export const DEFAULT_PATHS: ProjectPaths = {
  models: 'models',
  seeds: 'seeds',
  macros: 'macros',
  snapshots: 'snapshots',
  ml: 'ml',
};

function parsePaths(value: unknown, v: YamlValidator): ProjectPaths {
  const paths = { ...DEFAULT_PATHS };
  const object = v.object(value, ['paths'], 'paths');
  if (object === undefined) return paths;
  checkMapping(v, object, ['paths'], PATHS_SCHEMA, 'paths');
  for (const key of PATH_KEYS) {
    const dir: unknown = object[key];
    const folder: unknown = Array.isArray(dir) ? dir[0] : dir; // a list of one folder, as dbt writes it
    if (typeof folder === 'string') paths[key] = folder.replace(/\/+$/, '');
  }
  return paths;
}
