/**
 * YAML property files beside models (and seeds): descriptions, columns, data tests and config for
 * models and seeds, and source declarations. Every problem is located by line and column.
 */
import type { ConfigValue, NodeConfig } from '../core/config.js';
import type { ColumnInfo } from '../core/nodes.js';
import type { RelationOrigin } from '../core/relation.js';
import { Codes } from '../errors/codes.js';
import { normalizeConfig } from '../project/config-keys.js';
import { IDENTIFIER_HINT, invalidIdentifierMessage, isPlainIdentifier } from '../core/identifier.js';
import { TEST_CONFIG_KEYS } from '../data-tests/generic-sql.js';
import { YamlValidator, isPlainObject, type PlainObject } from '../project/validate.js';
import { parseYamlFile, type YamlPath } from '../project/yaml-file.js';
import type { SourceFile } from './project-files.js';
import {
  COLUMN_KEYS,
  NODE_KEYS,
  SOURCE_KEYS,
  TABLE_KEYS,
  TOP_KEYS,
  type ExternalFiles,
  type NodePatch,
  type Properties,
  type SourceSpec,
  type TestSpec,
} from './properties-spec.js';
import { readUnitTests } from '../parser/unit-test-spec.js';
import { checkFreshness } from '../project/freshness-rule.js';

export function parseProperties(files: readonly SourceFile[]): Properties {
  const result: Properties = { models: [], seeds: [], sources: [], unitTests: [], diagnostics: [] };
  for (const file of files) {
    const yaml = parseYamlFile(file.text, file.path, Codes.propertiesYamlSyntax);
    if (yaml.diagnostics.length > 0) {
      result.diagnostics.push(...yaml.diagnostics);
      continue;
    }
    const v = new YamlValidator(yaml, Codes.propertiesInvalid);
    const top = v.object(yaml.value, [], 'a properties file');
    if (top !== undefined) {
      v.knownKeys(top, [], TOP_KEYS, 'a properties file');
      const reader = new PatchReader(v, file.path);
      result.models.push(...reader.nodes(top['models'], 'models'));
      result.seeds.push(...reader.nodes(top['seeds'], 'seeds'));
      result.sources.push(...reader.sources(top['sources']));
      result.unitTests.push(...readUnitTests(top['unit_tests'], v, file.path));
    }
    result.diagnostics.push(...v.diagnostics);
  }
  return result;
}

class PatchReader {
  constructor(
    private readonly v: YamlValidator,
    private readonly file: string,
  ) {}

  nodes(value: unknown, key: string): NodePatch[] {
    const out: NodePatch[] = [];
    this.v.list(value, [key], key).forEach((item, i) => {
      const patch = this.node(item, [key, i], NODE_KEYS, 'a model');
      if (patch) out.push(patch);
    });
    return out;
  }

  private node(item: unknown, path: YamlPath, keys: readonly string[], what: string): NodePatch | undefined {
    const object = this.v.object(item, path, what);
    if (object === undefined) return undefined;
    this.v.knownKeys(object, path, keys, what);
    const name = this.v.string(object['name'], [...path, 'name'], 'name');
    if (name === undefined) {
      this.v.error(path, `${what} entry needs a "name"`);
      return undefined;
    }
    const columns = this.columns(object['columns'], [...path, 'columns']);
    const tests = [
      ...this.tests(object['data_tests'] ?? object['tests'], [
        ...path,
        object['data_tests'] ? 'data_tests' : 'tests',
      ]),
      ...columns.tests,
    ];
    return {
      name,
      file: this.file,
      description: this.v.string(object['description'], [...path, 'description'], 'description') ?? '',
      config: this.config(object['config'], [...path, 'config']),
      columns: columns.infos,
      tests,
      location: this.v.yaml.locate(path),
      origin: this.origin(object['config'], [...path, 'config'], {
        database: 'database',
        schema: 'schema',
        identifier: 'alias',
      }),
    };
  }

  /** Where the keys naming a relation's parts are written in `value` (a mapping), if they are. */
  private origin(
    value: unknown,
    path: YamlPath,
    keys: Readonly<Partial<Record<keyof RelationOrigin, string>>>,
  ): RelationOrigin {
    if (!isPlainObject(value)) return {};
    const found = Object.entries(keys).filter(([, key]) => key !== undefined && value[key] !== undefined);
    return Object.fromEntries(found.map(([part, key]) => [part, this.v.yaml.locate([...path, key])]));
  }

  sources(value: unknown): SourceSpec[] {
    const out: SourceSpec[] = [];
    this.v.list(value, ['sources'], 'sources').forEach((item, i) => {
      const path = ['sources', i];
      const source = this.v.object(item, path, 'a source');
      if (source === undefined) return;
      this.v.knownKeys(source, path, SOURCE_KEYS, 'a source');
      const sourceName = this.v.string(source['name'], [...path, 'name'], 'name');
      if (sourceName === undefined) return this.v.error(path, 'a source needs a "name"');
      checkFreshness(this.v, source['freshness'], [...path, 'freshness']);
      this.v.list(source['tables'], [...path, 'tables'], 'tables').forEach((table, j) => {
        const spec = this.sourceTable(source, sourceName, table, [...path, 'tables', j]);
        if (spec) out.push(spec);
      });
    });
    return out;
  }

  private sourceTable(
    source: PlainObject,
    sourceName: string,
    table: unknown,
    path: YamlPath,
  ): SourceSpec | undefined {
    const patch = this.node(table, path, TABLE_KEYS, 'a source table');
    if (patch === undefined || !isPlainObject(table)) return undefined;
    const database = this.v.string(source['database'], [...path.slice(0, 2), 'database'], 'database');
    const loadedAtField = this.v.string(
      table['loaded_at_field'] ?? source['loaded_at_field'],
      [...path, 'loaded_at_field'],
      'loaded_at_field',
    );
    const freshness = table['freshness'] ?? source['freshness'];
    checkFreshness(this.v, table['freshness'], [...path, 'freshness']);
    const external = this.external(
      table['external'] ?? source['external'],
      table['external'] ? [...path, 'external'] : [...path.slice(0, 2), 'external'],
      patch.name,
    );
    return {
      ...(external ? { external } : {}),
      ...patch,
      sourceName,
      schema: this.v.string(source['schema'], [...path.slice(0, 2), 'schema'], 'schema') ?? sourceName,
      ...(database ? { database } : {}),
      identifier: this.v.string(table['identifier'], [...path, 'identifier'], 'identifier') ?? patch.name,
      ...(loadedAtField ? { loadedAtField } : {}),
      ...(isPlainObject(freshness) ? { freshness: freshness as Record<string, ConfigValue> } : {}),
      ...this.stream(table['stream'], [...path, 'stream']),
      // the schema defaults to the source's name and the identifier to the table's: point there then
      origin: {
        ...this.origin(source, path.slice(0, 2), {
          database: 'database',
          schema: source['schema'] === undefined ? 'name' : 'schema',
        }),
        ...this.origin(table, path, {
          identifier: table['identifier'] === undefined ? 'name' : 'identifier',
        }),
      },
    };
  }

  private stream(value: unknown, path: YamlPath): { stream?: { name: string; appendOnly: boolean } } {
    if (value === undefined || value === null) return {};
    if (typeof value === 'string') return { stream: { name: value, appendOnly: false } };
    const object = this.v.object(value, path, 'stream');
    if (!object) return {};
    this.v.knownKeys(object, path, ['name', 'append_only'], 'stream');
    const name = this.v.string(object['name'], [...path, 'name'], 'name');
    if (!name) {
      this.v.error(path, 'a stream needs a name', 'stream: { name: orders_changes }');
      return {};
    }
    return { stream: { name, appendOnly: object['append_only'] === true } };
  }

  private external(value: unknown, path: YamlPath, table: string): ExternalFiles | undefined {
    const object = this.v.object(value, path, 'external');
    if (object === undefined) return undefined;
    this.v.knownKeys(object, path, ['location', 'format', 'options', 'storage_integration'], 'external');
    const location = this.v.string(object['location'], [...path, 'location'], 'location');
    if (location === undefined) {
      this.v.error(
        path,
        'external needs a "location" (a path glob)',
        'location: .forge/landing/{table}/*.csv',
      );
      return undefined;
    }
    const format = this.v.string(object['format'], [...path, 'format'], 'format') ?? 'csv';
    if (format !== 'csv' && format !== 'parquet' && format !== 'json') {
      this.v.error([...path, 'format'], 'format must be csv, parquet or json');
      return undefined;
    }
    const integration = this.name(
      object['storage_integration'],
      [...path, 'storage_integration'],
      'storage_integration',
    );
    return {
      location: location.replace(/\{table\}/g, table),
      format,
      options: this.readOptions(object['options'], [...path, 'options']),
      ...(integration ? { storageIntegration: integration } : {}),
    };
  }

  /** A string Forge writes into SQL as a name: one plain identifier (FRG1020 where it is written otherwise). */
  private name(value: unknown, path: YamlPath, what: string): string | undefined {
    const name = this.v.string(value, path, what);
    if (name === undefined || isPlainIdentifier(name)) return name;
    this.v.error(path, invalidIdentifierMessage(what, name), IDENTIFIER_HINT, false, Codes.identifierInvalid);
    return undefined;
  }

  /** Reader options (`delim: ";"`): each key is written as a name, each value as a literal. */
  private readOptions(value: unknown, path: YamlPath): Record<string, ConfigValue> {
    const object = this.v.object(value, path, 'options') ?? {};
    const options: Record<string, ConfigValue> = {};
    for (const [key, option] of Object.entries(object)) {
      if (!isPlainIdentifier(key))
        this.v.error(
          [...path, key],
          invalidIdentifierMessage('option', key),
          IDENTIFIER_HINT,
          true,
          Codes.identifierInvalid,
        );
      else if (typeof option === 'string' || typeof option === 'number' || typeof option === 'boolean')
        options[key] = option;
      else this.v.error([...path, key], `option "${key}" must be a string, a number or true/false`);
    }
    return options;
  }

  private columns(value: unknown, path: YamlPath): { infos: ColumnInfo[]; tests: TestSpec[] } {
    const infos: ColumnInfo[] = [];
    const tests: TestSpec[] = [];
    this.v.list(value, path, 'columns').forEach((item, i) => {
      const at = [...path, i];
      const column = this.v.object(item, at, 'a column');
      if (column === undefined) return;
      this.v.knownKeys(column, at, COLUMN_KEYS, 'a column');
      const name = this.v.string(column['name'], [...at, 'name'], 'name');
      if (name === undefined) return this.v.error(at, 'a column needs a "name"');
      const dataType = this.v.string(column['data_type'], [...at, 'data_type'], 'data_type');
      infos.push({
        name,
        description: this.v.string(column['description'], [...at, 'description'], 'description') ?? '',
        ...(dataType ? { dataType } : {}),
        meta: (this.v.object(column['meta'], [...at, 'meta'], 'meta') ?? {}) as Record<string, ConfigValue>,
      });
      const key = column['data_tests'] ? 'data_tests' : 'tests';
      tests.push(...this.tests(column[key], [...at, key], name));
    });
    return { infos, tests };
  }

  private tests(value: unknown, path: YamlPath, columnName?: string): TestSpec[] {
    const out: TestSpec[] = [];
    this.v.list(value, path, 'tests').forEach((item, i) => {
      const at = [...path, i];
      const base = { location: this.v.yaml.locate(at), ...(columnName ? { columnName } : {}) };
      if (typeof item === 'string') {
        out.push({ testName: item, kwargs: {}, config: {}, ...base });
        return;
      }
      const object = this.v.object(item, at, 'a test');
      const entries = Object.entries(object ?? {});
      const [testName, args] = entries[0] ?? [];
      if (entries.length !== 1 || testName === undefined) {
        return this.v.error(
          at,
          'a test is a name, or a mapping with one name',
          'e.g. - accepted_values: { values: [a, b] }',
        );
      }
      const kwargs = {
        ...((this.v.object(args, [...at, testName], testName) ?? {}) as Record<string, ConfigValue>),
      };
      const rawConfig: Record<string, ConfigValue> = {
        ...((kwargs['config'] ?? {}) as Record<string, ConfigValue>),
      };
      delete kwargs['config'];
      // dbt also accepts severity, where, … beside the arguments: treat them as config.
      for (const key of TEST_CONFIG_KEYS)
        if (key in kwargs) {
          rawConfig[key] = kwargs[key] as ConfigValue;
          delete kwargs[key];
        }
      out.push({ testName, kwargs, config: this.config(rawConfig, [...at, testName, 'config']), ...base });
    });
    return out;
  }

  private config(value: unknown, path: YamlPath): NodeConfig {
    const object = this.v.object(value, path, 'config');
    if (object === undefined) return {};
    const { config, problems } = normalizeConfig(object as Record<string, ConfigValue>);
    for (const p of problems) {
      if (p.severity === 'error') this.v.error([...path, p.key], p.message, p.hint, true, p.code);
      else this.v.warn([...path, p.key], p.message, p.hint);
    }
    return config;
  }
}
