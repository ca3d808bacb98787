/**
 * DuckDB results in the shape Snowflake's JSON result format has: a `rowtype` per column and every
 * value as text (numbers as decimal text, booleans "1"/"0", dates as days since the epoch, timestamps
 * as epoch seconds with nine decimals, semi-structured values as JSON).
 */
import type { DuckDBResultReader } from '@duckdb/node-api';

export interface RowType {
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly scale: number | null;
  readonly precision: number | null;
  readonly length: number | null;
  readonly byteLength: number | null;
}

const INTEGERS = new Set([
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'UHUGEINT',
]);

function rowType(name: string, duck: string): RowType {
  const base = {
    name: name.toUpperCase(),
    nullable: true,
    scale: null,
    precision: null,
    length: null,
    byteLength: null,
  };
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duck);
  if (INTEGERS.has(duck)) return { ...base, type: 'fixed', scale: 0, precision: 38 };
  if (decimal) return { ...base, type: 'fixed', precision: Number(decimal[1]), scale: Number(decimal[2]) };
  if (duck === 'DOUBLE' || duck === 'FLOAT') return { ...base, type: 'real' };
  if (duck === 'BOOLEAN') return { ...base, type: 'boolean' };
  if (duck === 'DATE') return { ...base, type: 'date' };
  if (duck.startsWith('TIMESTAMP WITH TIME ZONE')) return { ...base, type: 'timestamp_ltz', scale: 9 };
  if (duck.startsWith('TIMESTAMP')) return { ...base, type: 'timestamp_ntz', scale: 9 };
  if (duck === 'VARCHAR') return { ...base, type: 'text', length: 16_777_216, byteLength: 16_777_216 };
  if (duck.endsWith('[]')) return { ...base, type: 'array' };
  if (duck.startsWith('STRUCT') || duck.startsWith('MAP')) return { ...base, type: 'object' };
  return { ...base, type: 'variant' };
}

/** Epoch seconds with nine decimals for a DuckDB timestamp text (`2025-03-01 10:00:00.123456`, UTC). */
function epochSeconds(text: string): string {
  const [date = '', time = '00:00:00'] = text
    .replace('T', ' ')
    .replace(/[+-]\d\d(:?\d\d)?$/, '')
    .split(' ');
  const [whole = '0', fraction = ''] = time.split('.');
  const ms = Date.parse(`${date}T${whole}Z`);
  const seconds = Math.floor(ms / 1000);
  return `${seconds}.${fraction.padEnd(9, '0').slice(0, 9)}`;
}

function encode(value: unknown, type: RowType): string | null {
  if (value === null || value === undefined) return null;
  switch (type.type) {
    case 'boolean':
      return value ? '1' : '0';
    case 'date':
      return String(Math.round(Date.parse(`${String(value)}T00:00:00Z`) / 86_400_000));
    case 'timestamp_ntz':
    case 'timestamp_ltz':
      return epochSeconds(String(value));
    case 'array':
    case 'object':
    case 'variant':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Scalars from DuckDB's own values (exact decimal and 64-bit text), semi-structured ones from its JSON form. */
export function encodeResult(result: DuckDBResultReader): {
  rowtype: RowType[];
  rowset: (string | null)[][];
} {
  const rowtype = result.columnNames().map((name, i) => rowType(name, String(result.columnTypes()[i])));
  const raw = result.getRows();
  const json = result.getRowsJson();
  const scalar = new Set(['fixed', 'real', 'text', 'date', 'timestamp_ntz', 'timestamp_ltz']);
  return {
    rowtype,
    rowset: raw.map((row, r) =>
      row.map((v, i) => {
        const type = rowtype[i] as RowType;
        if (v === null || v === undefined) return null;
        return encode(scalar.has(type.type) ? String(v) : json[r]?.[i], type);
      }),
    ),
  };
}

export function describeRowType(columns: readonly { name: string; type: string }[]): RowType[] {
  return columns.map((c) => rowType(c.name, c.type));
}

/** Session parameters the driver needs to decode results. */
export const RESULT_PARAMETERS = [
  { name: 'TIMESTAMP_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM' },
  { name: 'TIMESTAMP_NTZ_OUTPUT_FORMAT', value: 'YYYY-MM-DD HH24:MI:SS.FF3' },
  { name: 'TIMESTAMP_LTZ_OUTPUT_FORMAT', value: '' },
  { name: 'TIMESTAMP_TZ_OUTPUT_FORMAT', value: '' },
  { name: 'DATE_OUTPUT_FORMAT', value: 'YYYY-MM-DD' },
  { name: 'TIME_OUTPUT_FORMAT', value: 'HH24:MI:SS' },
  { name: 'BINARY_OUTPUT_FORMAT', value: 'HEX' },
  { name: 'TIMEZONE', value: 'UTC' },
];
