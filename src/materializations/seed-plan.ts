/**
 * Seeds: CSV files loaded as tables. The file is checked first (same field count on every row,
 * quotes closed) so a malformed CSV is reported with its row and column; DuckDB then infers the
 * types, with per-column overrides from `column_types`.
 */
import type { ConfigValue } from '../core/config.js';
import type { Relation } from '../core/relation.js';
import type { Dialect, RelationState } from '../adapters/adapter.js';
import { planTable, type BuildOptions, type Plan } from './relation-plan.js';

interface CsvProblem {
  /** 1-based line in the file (the header is line 1). */
  readonly line: number;
  /** 1-based field number, or the column name when known. */
  readonly column: string;
  readonly message: string;
}

/** Checks a CSV's shape; returns the header and the first problem, if any. */
export function checkCsv(text: string, delimiter = ','): { header: string[]; problem?: CsvProblem } {
  const rows = splitCsv(text, delimiter);
  const first = rows[0];
  if (!first || (first.fields.length === 1 && first.fields[0] === ''))
    return {
      header: [],
      problem: { line: 1, column: '1', message: 'the file is empty: a seed needs a header row' },
    };
  const header = first.fields;
  const blank = header.findIndex((h) => h.trim() === '');
  if (blank >= 0)
    return { header, problem: { line: 1, column: String(blank + 1), message: 'a header field is empty' } };
  for (const row of rows.slice(1)) {
    if (row.unclosed)
      return {
        header,
        problem: {
          line: row.line,
          column: header[row.fields.length - 1] ?? String(row.fields.length),
          message: 'a quoted field is never closed',
        },
      };
    if (row.fields.length === 1 && row.fields[0] === '') continue;
    if (row.fields.length !== header.length) {
      const column =
        header[Math.min(row.fields.length, header.length) - (row.fields.length < header.length ? 0 : 1)] ??
        String(row.fields.length);
      return {
        header,
        problem: {
          line: row.line,
          column,
          message: `${row.fields.length} fields where the header has ${header.length}`,
        },
      };
    }
  }
  return { header };
}

/** A small CSV (a unit test's fixture): its header and records of text, empty fields as null; undefined when malformed. */
export function csvRecords(
  text: string,
  delimiter = ',',
): { header: string[]; records: Record<string, string | null>[] } | undefined {
  if (checkCsv(text.trim(), delimiter).problem) return undefined;
  const [head, ...rows] = splitCsv(text.trim(), delimiter);
  const header = (head?.fields ?? []).map((h) => h.trim());
  const records = rows
    .filter((r) => !(r.fields.length === 1 && r.fields[0] === ''))
    .map((r) =>
      Object.fromEntries(
        header.map((h, i) => [
          h,
          r.fields[i] === '' || r.fields[i] === undefined ? null : (r.fields[i] as string),
        ]),
      ),
    );
  return { header, records };
}

interface CsvRow {
  fields: string[];
  line: number;
  unclosed: boolean;
}

function splitCsv(text: string, delimiter: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      rows.push({ fields, line: rowLine, unclosed: false });
      fields = [];
      field = '';
      line++;
      rowLine = line;
    } else field += c;
  }
  if (field !== '' || fields.length > 0 || quoted) {
    fields.push(field);
    rows.push({ fields, line: rowLine, unclosed: quoted });
  }
  return rows;
}

/** The (DuckDB) type a column's values suggest (CSV values arrive as text, so text that reads as a number is one). */
export function inferType(values: readonly (ConfigValue | undefined)[]): string {
  const present = values.filter((v) => v !== null && v !== undefined);
  // no value to go by: DuckDB's own type for an untyped NULL (sums, concatenates and compares with literals)
  if (present.length === 0) return 'INTEGER';
  const all = (test: (v: ConfigValue) => boolean): boolean => present.every((v) => test(v as ConfigValue));
  const text =
    (pattern: RegExp) =>
    (v: ConfigValue): boolean =>
      typeof v === 'string' && pattern.test(v);
  const integer = (v: ConfigValue): boolean =>
    (typeof v === 'number' && Number.isInteger(v)) || text(/^-?\d{1,18}$/)(v);
  const number = (v: ConfigValue): boolean =>
    typeof v === 'number' || text(/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i)(v);
  if (all(integer)) return 'BIGINT';
  if (all(number)) return 'DOUBLE';
  if (all((v) => typeof v === 'boolean' || text(/^(true|false)$/i)(v))) return 'BOOLEAN';
  if (all(text(/^\d{4}-\d{2}-\d{2}$/))) return 'DATE';
  if (all(text(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/))) return 'TIMESTAMP';
  return 'VARCHAR';
}

const SNOWFLAKE_TYPES: Readonly<Record<string, string>> = {
  BIGINT: 'number(38,0)',
  DOUBLE: 'float',
  BOOLEAN: 'boolean',
  DATE: 'date',
  TIMESTAMP: 'timestamp_ntz',
  VARCHAR: 'varchar',
  INTEGER: 'varchar',
};

/**
 * A seed as one Snowflake SELECT over VALUES (seeds are small): each column typed from its
 * `column_types` entry or inferred from the values, empty fields NULL.
 */
export function snowflakeSeedSelect(
  csv: string,
  columnTypes: Readonly<Record<string, string>>,
  delimiter = ',',
): string {
  const parsed = csvRecords(csv, delimiter);
  const header = parsed?.header ?? [];
  const records = parsed?.records ?? [];
  const types = header.map(
    (h) => columnTypes[h] ?? SNOWFLAKE_TYPES[inferType(records.map((r) => r[h]))] ?? 'varchar',
  );
  const columns = header.map((h, i) => `column${i + 1}::${types[i]} as ${h}`).join(', ');
  if (records.length === 0)
    return `select ${header.map((h, i) => `null::${types[i]} as ${h}`).join(', ')} where false`;
  const quote = (v: string | null | undefined): string =>
    v === null || v === undefined ? 'null' : `'${v.replace(/'/g, "''")}'`;
  const values = records.map((r) => `(${header.map((h) => quote(r[h])).join(', ')})`).join(',\n');
  return `select ${columns}\nfrom values\n${values}`;
}

export function seedSelect(
  absolutePath: string,
  columnTypes: Readonly<Record<string, string>>,
  delimiter = ',',
): string {
  const types = Object.entries(columnTypes);
  const typeOption =
    types.length > 0
      ? `, types = {${types.map(([c, t]) => `'${c.replace(/'/g, "''")}': '${t.replace(/'/g, "''")}'`).join(', ')}}`
      : '';
  return `select * from read_csv('${absolutePath.replace(/'/g, "''")}', header = true, auto_detect = true, delim = '${delimiter}'${typeOption})`;
}

export function planSeed(
  dialect: Dialect,
  relation: Relation,
  select: string,
  existing: RelationState | undefined,
  options: BuildOptions = {},
): Plan {
  return planTable(dialect, relation, select, existing, options);
}
