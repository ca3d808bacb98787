/**
 * What Snowflake refuses around dynamic tables, which are objects of their own kind: CREATE OR
 * REPLACE TABLE or VIEW over one fails ("Object … already exists as DYNAMIC_TABLE", as reported in
 * dbt-snowflake#1055), DROP TABLE, SWAP WITH and RENAME of one fail (it needs DROP / ALTER DYNAMIC
 * TABLE), and DROP DYNAMIC TABLE of a plain table fails. Each check is a DuckDB statement run before
 * the statement itself that raises the error (DuckDB's error()) only when the loopback's catalog
 * (memory.main.loopback_dynamic_tables) says so; server.ts reads Snowflake's code back from the text.
 * The wording of the type errors and their code (002203) are as Snowflake's are reported, not documented.
 */
const NAME = '([a-z0-9_$]+)\\.([a-z0-9_$]+)\\.([a-z0-9_$]+)';

type Parts = readonly [string, string, string];

const quote = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** A DuckDB expression raising Snowflake's error `code` (SQL state `state`). */
function raise(code: string, state: string, message: string): string {
  return `error(${quote(`[snowflake ${code} ${state}] ${message}`)})`;
}

/** Snowflake's code, SQL state and message from an error a check raised, or undefined. */
export function raisedError(duckMessage: string): readonly [string, string, string] | undefined {
  const m = /^Invalid Input Error: \[snowflake (\d{6}) (\w{5})\] ([\s\S]*)$/.exec(duckMessage);
  return m ? [m[1] ?? '', m[2] ?? '', m[3] ?? ''] : undefined;
}

const key = ([db, schema, name]: Parts, prefix = ''): string =>
  `lower(${prefix}database_name) = lower(${quote(db)}) and lower(${prefix}schema_name) = lower(${quote(schema)}) and lower(${prefix}name) = lower(${quote(name)})`;

const whenDynamic = (parts: Parts, code: string, state: string, message: string): string =>
  `select ${raise(code, state, message)} from memory.main.loopback_dynamic_tables where ${key(parts)}`;

const alreadyExists = (parts: Parts): string =>
  whenDynamic(
    parts,
    '002002',
    '42710',
    `SQL compilation error:\nObject '${parts[2].toUpperCase()}' already exists as DYNAMIC_TABLE`,
  );

const notATable = (parts: Parts): string =>
  whenDynamic(
    parts,
    '002203',
    '02000',
    "SQL compilation error:\nObject found is of type 'DYNAMIC_TABLE', not specified type 'TABLE'.",
  );

/** DROP DYNAMIC TABLE of a table the catalog does not know as dynamic. */
const notDynamic = (
  parts: Parts,
): string => `select ${raise('002203', '02000', "SQL compilation error:\nObject found is of type 'TABLE', not specified type 'DYNAMIC_TABLE'.")}
  from information_schema.tables t where lower(t.table_catalog) = lower(${quote(parts[0])}) and lower(t.table_schema) = lower(${quote(parts[1])})
  and lower(t.table_name) = lower(${quote(parts[2])}) and not exists (select 1 from memory.main.loopback_dynamic_tables d where ${key(parts, 'd.')})`;

const at = (m: RegExpExecArray, i: number): Parts => [m[i] ?? '', m[i + 1] ?? '', m[i + 2] ?? ''];

const GUARDS: readonly (readonly [RegExp, (m: RegExpExecArray) => string[]])[] = [
  [
    new RegExp(`^\\s*create\\s+or\\s+replace\\s+(?:transient\\s+)?(?:table|view)\\s+${NAME}\\b`, 'i'),
    (m) => [alreadyExists(at(m, 1))],
  ],
  [new RegExp(`^\\s*drop\\s+table\\s+if\\s+exists\\s+${NAME}\\s*$`, 'i'), (m) => [notATable(at(m, 1))]],
  [
    new RegExp(`^\\s*alter\\s+table\\s+${NAME}\\s+swap\\s+with\\s+${NAME}\\s*$`, 'i'),
    (m) => [notATable(at(m, 1)), notATable(at(m, 4))],
  ],
  [
    new RegExp(`^\\s*alter\\s+table\\s+${NAME}\\s+rename\\s+to\\s+${NAME}\\s*$`, 'i'),
    (m) => [notATable(at(m, 1)), alreadyExists(at(m, 4))],
  ],
  [
    new RegExp(`^\\s*drop\\s+dynamic\\s+table\\s+if\\s+exists\\s+${NAME}\\s*$`, 'i'),
    (m) => [notDynamic(at(m, 1))],
  ],
];

/** The checks to run before this (Snowflake) statement; none for most. */
export function dynamicTableGuards(text: string): string[] {
  for (const [pattern, guards] of GUARDS) {
    const m = pattern.exec(text);
    if (m) return guards(m);
  }
  return [];
}
