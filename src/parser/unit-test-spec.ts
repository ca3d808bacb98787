/**
 * Unit tests for models, declared beside them in YAML (dbt's shape):
 *
 *   unit_tests:
 *     - name: totals_add_up
 *       model: customer_totals
 *       given:
 *         - input: ref('stg_orders')
 *           rows: [{ order_id: 1, customer_id: 1, amount: 10.5 }]
 *         - input: ref('stg_customers')
 *           format: csv
 *           rows: |
 *             customer_id,name
 *             1,ADA
 *         - input: this                      # incremental models: the existing table
 *           rows: [...]
 *       overrides: { vars: { big_threshold: 5 }, macros: { is_incremental: true } }
 *       expect:
 *         rows: [{ customer_id: 1, total: 10.5 }]
 *
 * Rows are a list of mappings, CSV text (`format: csv`), or a CSV file (`fixture: path.csv`).
 * Parsing is pure; CSV is read when the test runs (execute/unit-fixtures.ts).
 */
import type { ConfigValue } from '../core/config.js';
import { isPlainObject, type YamlValidator } from '../project/validate.js';
import type { YamlPath } from '../project/yaml-file.js';
import type { Fixture, InputRef, Row, UnitGiven, UnitTestSpec } from '../core/unit-test-spec.js';

const KEYS = ['name', 'model', 'description', 'given', 'expect', 'overrides', 'config', 'versions'];
const GIVEN_KEYS = ['input', 'rows', 'format', 'fixture'];
const EXPECT_KEYS = ['rows', 'format', 'fixture'];

export function parseInputRef(text: string): InputRef | undefined {
  const trimmed = text.trim();
  if (trimmed === 'this') return { kind: 'this' };
  const ref = /^ref\(\s*['"]([^'"]+)['"]\s*\)$/.exec(trimmed);
  if (ref?.[1]) return { kind: 'ref', name: ref[1] };
  const source = /^source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)$/.exec(trimmed);
  if (source?.[1] && source[2]) return { kind: 'source', source: source[1], table: source[2] };
  return undefined;
}

export function readUnitTests(value: unknown, v: YamlValidator, file: string): UnitTestSpec[] {
  const out: UnitTestSpec[] = [];
  v.list(value, ['unit_tests'], 'unit_tests').forEach((item, i) => {
    const path = ['unit_tests', i];
    const object = v.object(item, path, 'a unit test');
    if (!object) return;
    v.knownKeys(object, path, KEYS, 'a unit test');
    const name = v.string(object['name'], [...path, 'name'], 'name');
    const model = v.string(object['model'], [...path, 'model'], 'model');
    if (!name || !model)
      return v.error(
        path,
        'a unit test needs a "name" and the "model" it tests',
        'name: totals_add_up\n  model: customer_totals',
      );
    const given = v
      .list(object['given'], [...path, 'given'], 'given')
      .map((g, j) => readGiven(g, v, [...path, 'given', j]))
      .filter((g): g is UnitGiven => g !== undefined);
    const expectObject = v.object(object['expect'], [...path, 'expect'], 'expect');
    if (!expectObject)
      return v.error(
        path,
        `unit test "${name}" needs "expect:" with the rows the model must return`,
        'expect: { rows: [{ id: 1 }] }',
      );
    v.knownKeys(expectObject, [...path, 'expect'], EXPECT_KEYS, 'expect');
    const expect = readFixture(expectObject, v, [...path, 'expect']);
    const overrides = v.object(object['overrides'], [...path, 'overrides'], 'overrides') ?? {};
    v.knownKeys(overrides, [...path, 'overrides'], ['vars', 'macros', 'env_vars'], 'overrides');
    const macros = v.object(overrides['macros'], [...path, 'overrides', 'macros'], 'macros') ?? {};
    const incremental = macros['is_incremental'];
    if (!expect) return;
    out.push({
      name,
      model,
      given,
      expect,
      file,
      description: v.string(object['description'], [...path, 'description'], 'description') ?? '',
      vars: (v.object(overrides['vars'], [...path, 'overrides', 'vars'], 'vars') ?? {}) as Record<
        string,
        ConfigValue
      >,
      ...(typeof incremental === 'boolean' ? { isIncremental: incremental } : {}),
      location: v.yaml.locate(path),
      expectLocation: v.yaml.locate([...path, 'expect']),
    });
  });
  return out;
}

function readGiven(item: unknown, v: YamlValidator, path: YamlPath): UnitGiven | undefined {
  const object = v.object(item, path, 'a given input');
  if (!object) return undefined;
  v.knownKeys(object, path, GIVEN_KEYS, 'a given input');
  const text = v.string(object['input'], [...path, 'input'], 'input') ?? '';
  const input = parseInputRef(text);
  if (!input) {
    v.error(
      [...path, 'input'],
      `cannot read input "${text}"`,
      "write input: ref('model'), source('name', 'table') or this",
    );
    return undefined;
  }
  const fixture = readFixture(object, v, path);
  return fixture ? { input, text, fixture, location: v.yaml.locate(path) } : undefined;
}

function readFixture(
  object: Readonly<Record<string, unknown>>,
  v: YamlValidator,
  path: YamlPath,
): Fixture | undefined {
  const format = v.string(object['format'], [...path, 'format'], 'format') ?? 'dict';
  if (format !== 'dict' && format !== 'csv') {
    v.error(
      [...path, 'format'],
      `format "${format}" is not supported`,
      'use dict (a list of mappings) or csv',
    );
    return undefined;
  }
  const file = v.string(object['fixture'], [...path, 'fixture'], 'fixture');
  if (file) return { file };
  const rows = object['rows'];
  if (rows === undefined || rows === null) return { rows: [] };
  if (typeof rows === 'string') {
    if (format !== 'csv') {
      v.error(
        [...path, 'rows'],
        'rows given as text are CSV: add format: csv',
        'or give a list of mappings: - { id: 1 }',
      );
      return undefined;
    }
    return { csv: rows };
  }
  const list = v.list(rows, [...path, 'rows'], 'rows');
  const bad = list.findIndex((r) => !isPlainObject(r));
  if (bad >= 0) {
    v.error([...path, 'rows', bad], 'each row is a mapping of column to value', '- { id: 1, name: Ada }');
    return undefined;
  }
  return { rows: list as Row[] };
}
