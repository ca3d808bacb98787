/**
 * A unit test's fixture rows as DuckDB tables: column types from what is known (YAML `data_type`,
 * the built relation's columns, the model's own output), else inferred from the values; columns the
 * rows leave out are NULL, so `select *` models keep their shape.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Column, Connection } from '../adapters/adapter.js';
import type { ConfigValue } from '../core/config.js';
import type { Relation } from '../core/relation.js';
import { Codes } from '../errors/codes.js';
import { ForgeError, type SourceLocation } from '../errors/diagnostic.js';
import { csvRecords, inferType } from '../materializations/seed-plan.js';
import type { Fixture, Row } from '../core/unit-test-spec.js';

export interface FixtureData {
  readonly rows: readonly Row[];
  /** Columns named without values (a CSV header). */
  readonly columns: readonly string[];
}

export async function fixtureRows(
  projectDir: string,
  fixture: Fixture,
  location: SourceLocation,
): Promise<FixtureData> {
  if ('rows' in fixture) return { rows: fixture.rows, columns: [] };
  let text = 'csv' in fixture ? fixture.csv : '';
  if ('file' in fixture) {
    try {
      text = await readFile(path.resolve(projectDir, fixture.file), 'utf8');
    } catch {
      throw ForgeError.of(
        Codes.unitTestInvalid,
        `fixture file ${fixture.file} does not exist`,
        location,
        'fixture paths are relative to the project directory',
      );
    }
  }
  const csv = csvRecords(text);
  if (!csv) {
    throw ForgeError.of(
      Codes.unitTestInvalid,
      `${'file' in fixture ? `fixture file ${fixture.file}` : 'these CSV rows'} are malformed`,
      location,
      'every row needs as many fields as the header, and quotes must close',
    );
  }
  return { rows: csv.records, columns: csv.header };
}

function literal(value: ConfigValue | undefined, type: string): string {
  if (value === null || value === undefined) return `cast(null as ${type})`;
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `cast('${text.replace(/'/g, "''")}' as ${type})`;
}

/**
 * The columns of the table: the known ones (in their order), then any the data adds. A column with
 * no known type and no values takes the type `hints` give its name (the same column in another
 * input: join keys share names), else INTEGER, as DuckDB types an untyped NULL.
 */
export function fixtureColumns(
  data: FixtureData,
  known: readonly Column[],
  hints: ReadonlyMap<string, string> = new Map(),
): Column[] {
  const names = [...known.map((c) => c.name)];
  const add = (name: string): void => {
    if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
  };
  data.columns.forEach(add);
  for (const row of data.rows) Object.keys(row).forEach(add);
  return names.map((name) => {
    const type = known.find((c) => c.name.toLowerCase() === name.toLowerCase())?.type;
    const values = data.rows.map((r) => valueOf(r, name));
    const hinted = values.every((v) => v === null || v === undefined)
      ? hints.get(name.toLowerCase())
      : undefined;
    return { name, type: type ?? hinted ?? inferType(values) };
  });
}

/** Types by column name from data that has values (for `fixtureColumns` hints). */
export function typeHints(all: readonly FixtureData[]): Map<string, string> {
  const hints = new Map<string, string>();
  for (const data of all) {
    for (const column of fixtureColumns(data, [])) {
      const values = data.rows.map((r) => valueOf(r, column.name));
      if (!hints.has(column.name.toLowerCase()) && values.some((v) => v !== null && v !== undefined))
        hints.set(column.name.toLowerCase(), column.type);
    }
  }
  return hints;
}

function valueOf(row: Row, column: string): ConfigValue | undefined {
  const key = Object.keys(row).find((k) => k.toLowerCase() === column.toLowerCase());
  return key === undefined ? undefined : row[key];
}

export async function createFixtureTable(
  connection: Connection,
  relation: Relation,
  text: string,
  rows: readonly Row[],
  columns: readonly Column[],
): Promise<void> {
  if (columns.length === 0)
    throw ForgeError.of(Codes.unitTestInvalid, `no columns known for ${relation.identifier}`);
  await connection.execute(
    `create or replace table ${text} (${columns.map((c) => `${c.name} ${c.type}`).join(', ')})`,
  );
  if (rows.length === 0) return;
  const values = rows.map(
    (row) => `(${columns.map((c) => literal(valueOf(row, c.name), c.type)).join(', ')})`,
  );
  await connection.execute(`insert into ${text} values\n${values.join(',\n')}`);
}
