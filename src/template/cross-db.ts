/**
 * Built-in cross-database macros: one call in a model, the right SQL for each adapter. Arguments
 * are SQL fragments (`{{dateadd "day" 7 "o.ordered_at"}}`). A user macro with the same name
 * overrides one everywhere; `<adapter>__<name>` overrides it on one adapter.
 */
export type SqlArg = string | number | boolean | null;
type Impl = (args: readonly SqlArg[], hash: Readonly<Record<string, SqlArg>>) => string;

interface CrossDbMacro {
  readonly duckdb: Impl;
  readonly snowflake: Impl;
}

const text = (value: SqlArg | undefined): string =>
  value === undefined || value === null ? 'null' : String(value);
const quoted = (value: SqlArg | undefined): string => `'${text(value).replace(/'/g, "''")}'`;
const same = (impl: Impl): CrossDbMacro => ({ duckdb: impl, snowflake: impl });

const MACROS: Readonly<Record<string, CrossDbMacro>> = {
  dateadd: {
    duckdb: ([part, amount, expr]) => `(${text(expr)} + ${text(amount)} * interval 1 ${text(part)})`,
    snowflake: ([part, amount, expr]) => `dateadd(${text(part)}, ${text(amount)}, ${text(expr)})`,
  },
  datediff: {
    duckdb: ([part, start, end]) => `date_diff(${quoted(part)}, ${text(start)}, ${text(end)})`,
    snowflake: ([part, start, end]) => `datediff(${text(part)}, ${text(start)}, ${text(end)})`,
  },
  date_trunc: same(([part, expr]) => `date_trunc(${quoted(part)}, ${text(expr)})`),
  last_day: {
    duckdb: ([expr]) => `last_day(${text(expr)})`,
    snowflake: ([expr]) => `last_day(${text(expr)}, 'month')`,
  },
  safe_cast: {
    duckdb: ([expr, type]) => `try_cast(${text(expr)} as ${text(type)})`,
    snowflake: ([expr, type]) => `try_cast(to_varchar(${text(expr)}) as ${text(type)})`,
  },
  /** A hash of a whole row, given its table alias: to notice that a row's values changed. */
  row_hash: {
    duckdb: ([alias]) => `hash(${text(alias)})`,
    snowflake: ([alias]) => `hash(${text(alias)}.*)`,
  },
  surrogate_key: same(
    (columns) =>
      `md5(${columns.map((c) => `coalesce(cast(${text(c)} as varchar), '_forge_null_')`).join(" || '-' || ")})`,
  ),
  string_agg: {
    duckdb: ([expr, delimiter, orderBy]) =>
      `string_agg(${text(expr)}, ${quoted(delimiter ?? ',')}${orderBy ? ` order by ${text(orderBy)}` : ''})`,
    snowflake: ([expr, delimiter, orderBy]) =>
      `listagg(${text(expr)}, ${quoted(delimiter ?? ',')})${orderBy ? ` within group (order by ${text(orderBy)})` : ''}`,
  },
  current_timestamp: {
    duckdb: () => 'current_timestamp',
    snowflake: () => 'current_timestamp()',
  },
  type_string: { duckdb: () => 'varchar', snowflake: () => 'varchar' },
  type_timestamp: { duckdb: () => 'timestamp', snowflake: () => 'timestamp_ntz' },
  type_float: { duckdb: () => 'double', snowflake: () => 'float' },
  bool_or: {
    duckdb: ([expr]) => `bool_or(${text(expr)})`,
    snowflake: ([expr]) => `boolor_agg(${text(expr)})`,
  },
  bool_and: {
    duckdb: ([expr]) => `bool_and(${text(expr)})`,
    snowflake: ([expr]) => `booland_agg(${text(expr)})`,
  },
  /** A value as a SQL string literal: quotes doubled, and on Snowflake backslashes too (it reads them as escapes). */
  string_literal: {
    duckdb: ([value]) => quoted(value),
    snowflake: ([value]) => quoted(text(value).replace(/\\/g, '\\\\')),
  },
  split_part: same(
    ([expr, delimiter, index]) => `split_part(${text(expr)}, ${quoted(delimiter)}, ${text(index)})`,
  ),
};

export type AdapterType = 'duckdb' | 'snowflake';

export const CROSS_DB_MACROS: ReadonlySet<string> = new Set(Object.keys(MACROS));

/** Renders built-in `name` for `adapter`, or undefined when there is no such built-in. */
export function renderCrossDb(
  name: string,
  adapter: AdapterType,
  args: readonly SqlArg[],
  hash: Readonly<Record<string, SqlArg>>,
): string | undefined {
  const macro = MACROS[name];
  return macro === undefined ? undefined : macro[adapter](args, hash);
}
