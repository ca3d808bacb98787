/**
 * Snowflake SQL → DuckDB, for exactly the statements Forge emits (an allow-list). Anything else is
 * refused with a Snowflake-style syntax error, so the loopback server never silently accepts SQL
 * that real Snowflake might not. It cannot prove Snowflake accepts the SQL: golden files and the
 * opt-in live tests do that.
 */
import { dynamicTableGuards } from './dynamic-guards.js';
import { rewriteQueryHistory } from './query-history.js';
import { snowflakeStrings } from './sql-text.js';
import { TASK_RULES } from './translate-tasks.js';
import {
  ddl,
  fq,
  NAME,
  SnowflakeSqlError,
  STATEMENT_TYPES,
  withGrants,
  type Rule,
  type TranslateContext,
  type Translated,
} from './translate-types.js';

export {
  SnowflakeSqlError,
  STATEMENT_TYPES,
  type Translated,
  type TranslateContext,
} from './translate-types.js';

/** `current_role()` and friends: the session's values as literals. */
function sessionFunctions(sql: string, session: Readonly<Record<string, string>>): string {
  const literal = (v: string | undefined): string => `'${(v ?? '').replace(/'/g, "''")}'`;
  // Snowflake's clock reads in the session's TIMEZONE (America/Los_Angeles unless set); SYSDATE() is UTC
  const zone = literal(session['TIMEZONE'] ?? 'America/Los_Angeles');
  return sql
    .replace(/\bcurrent_timestamp\b(\s*\(\s*\))?/gi, `timezone(${zone}, now())`)
    .replace(/\bcurrent_date\b(\s*\(\s*\))?/gi, `cast(timezone(${zone}, now()) as date)`)
    .replace(/\bsysdate\s*\(\s*\)/gi, "timezone('UTC', now())")
    .replace(/\bsystem\$stream_has_data\s*\(\s*'([a-z0-9_$.]+)'\s*\)/gi, '(select count(*) > 0 from $1)')
    .replace(/\bcurrent_(role|warehouse|database|schema|version)\s*\(\s*\)/gi, (_m, what: string) =>
      what.toLowerCase() === 'version' ? "'0.0.0-loopback'" : literal(session[what.toUpperCase()]),
    );
}

const syntaxError = (sql: string): SnowflakeSqlError => {
  const word = /^\s*(\S+)/.exec(sql)?.[1] ?? '';
  return new SnowflakeSqlError(
    '001003',
    '42000',
    `SQL compilation error:\nsyntax error line 1 at position 0 unexpected '${word}'. (loopback: not a statement Forge emits)`,
  );
};

/** DuckDB type names as Snowflake's information_schema spells them. */
export const SNOWFLAKE_TYPE_SQL = `case when data_type in ('TINYINT','SMALLINT','INTEGER','BIGINT','HUGEINT','UBIGINT','UINTEGER','USMALLINT','UTINYINT') or data_type like 'DECIMAL%' then 'NUMBER'
  when data_type in ('DOUBLE','FLOAT','REAL') then 'FLOAT' when data_type = 'VARCHAR' then 'TEXT' when data_type = 'BOOLEAN' then 'BOOLEAN' when data_type = 'DATE' then 'DATE'
  when data_type like 'TIMESTAMP WITH TIME ZONE%' then 'TIMESTAMP_TZ' when data_type like 'TIMESTAMP%' then 'TIMESTAMP_NTZ' when data_type like '%[]' then 'ARRAY'
  when data_type like 'STRUCT%' or data_type like 'MAP%' then 'OBJECT' else 'VARIANT' end`;

/** `DB.information_schema.tables|columns` as Snowflake shows them: one database, names upper-case (unquoted identifiers). */
function informationSchema(sql: string): string {
  return sql
    .replace(
      /\b([a-z0-9_$]+)\.information_schema\.tables\b/gi,
      (_m, db: string) => `(select upper(table_catalog) as table_catalog, upper(table_schema) as table_schema,
      upper(table_name) as table_name, case when table_type = 'VIEW' then 'VIEW' else 'BASE TABLE' end as table_type,
      -- a dynamic table is a BASE TABLE here, told apart by IS_DYNAMIC (Snowflake 8.9 on)
      case when exists (select 1 from memory.main.loopback_dynamic_tables d where lower(d.database_name) = lower(table_catalog)
        and lower(d.schema_name) = lower(table_schema) and lower(d.name) = lower(table_name)) then 'YES' else 'NO' end as is_dynamic
      from information_schema.tables where lower(table_catalog) = lower('${db}'))`,
    )
    .replace(
      /\b([a-z0-9_$]+)\.information_schema\.columns\b/gi,
      (_m, db: string) => `(select upper(table_catalog) as table_catalog, upper(table_schema) as table_schema,
      upper(table_name) as table_name, upper(column_name) as column_name, ordinal_position, ${SNOWFLAKE_TYPE_SQL} as data_type,
      case when data_type like 'DECIMAL%' then numeric_precision when ${SNOWFLAKE_TYPE_SQL} = 'NUMBER' then 38 end as numeric_precision,
      case when data_type like 'DECIMAL%' then numeric_scale when ${SNOWFLAKE_TYPE_SQL} = 'NUMBER' then 0 end as numeric_scale
      from information_schema.columns where lower(table_catalog) = lower('${db}'))`,
    );
}

/** `object_construct('k', v, …)` → `struct_pack(k := v, …)` (the keys Forge's nested macros write are literals). */
function objectConstruct(sql: string): string {
  let out = sql;
  for (
    let at = out.search(/\bobject_construct\s*\(/i);
    at >= 0;
    at = out.search(/\bobject_construct\s*\(/i)
  ) {
    const open = out.indexOf('(', at);
    let depth = 0;
    let end = open;
    const parts: string[] = [];
    let from = open + 1;
    for (let i = open; i < out.length; i++) {
      const c = out[i];
      if (c === '(') depth++;
      else if (c === ')') {
        depth--;
        if (depth === 0) {
          end = i;
          break;
        }
      } else if (c === ',' && depth === 1) {
        parts.push(out.slice(from, i));
        from = i + 1;
      }
    }
    parts.push(out.slice(from, end));
    const pairs: string[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2)
      pairs.push(`${(parts[i] ?? '').trim().replace(/^'|'$/g, '')} := ${(parts[i + 1] ?? '').trim()}`);
    out = `${out.slice(0, at)}struct_pack(${pairs.join(', ')})${out.slice(end + 1)}`;
  }
  return out;
}

/** Snowflake's semi-structured and generator idioms in Forge's macros → DuckDB's. */
function semiStructured(sql: string): string {
  // the wording and code of a bad argument's error are the loopback's
  return objectConstruct(
    rewriteQueryHistory(
      sql,
      (message) => new SnowflakeSqlError('001044', '22023', `SQL compilation error:\n${message}`),
    ),
  )
    .replace(
      /\barray_agg\s*\(([\s\S]+?)\)\s*within\s+group\s*\(\s*order\s+by\s+([^()]+?)\)/gi,
      'array_agg($1 order by $2)',
    )
    .replace(
      /,\s*lateral\s+flatten\s*\(\s*input\s*=>\s*([a-z0-9_.]+)\s*\)\s+([a-z0-9_]+)/gi,
      ' cross join unnest($1) as $2_rows($2)',
    )
    .replace(
      /\b([a-z0-9_]+)\.value:([a-z0-9_]+)::([a-z0-9_]+(?:\(\d+(?:,\s*\d+)?\))?)/gi,
      'cast($1.$2 as $3)',
    )
    .replace(/\b([a-z0-9_]+)\.value\s+as\b/gi, '$1 as')
    .replace(
      /\b([a-z0-9_]+(?:\.[a-z0-9_]+)?):([a-z_][a-z0-9_]*)::([a-z0-9_]+(?:\(\d+(?:,\s*\d+)?\))?)/gi,
      'cast($1.$2 as $3)',
    )
    .replace(
      /\btable\s*\(\s*(?:[a-z0-9_$]+\.)?information_schema\.task_history\s*\([^()]*\)\s*\)/gi,
      'memory.main.loopback_task_history',
    )
    .replace(
      /\btable\s*\(\s*generator\s*\(\s*rowcount\s*=>\s*(\d+)\s*\)\s*\)/gi,
      'range($1) as forge_generator(forge_seq)',
    )
    .replace(/\bseq4\s*\(\s*\)/gi, 'forge_seq');
}

/** Expression-level rewrites inside any statement: Snowflake functions and types Forge's SQL uses. */
export function translateExpressions(sql: string): string {
  return (
    semiStructured(informationSchema(sql))
      .replace(/::\s*timestamp_ntz\b/gi, '::timestamp')
      .replace(/\bas\s+timestamp_ntz\b/gi, 'as timestamp')
      .replace(/::\s*number\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)/gi, '::decimal($1,$2)')
      .replace(/\bnumber\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)/gi, 'decimal($1,$2)')
      // every Snowflake floating type is 64-bit; DuckDB's FLOAT and REAL are 32-bit
      .replace(/\b(float[48]?|real|double\s+precision)\b(?!\s*\()/gi, 'double')
      .replace(/\bdateadd\s*\(\s*([a-z]+)\s*,/gi, "forge_dateadd('$1',")
      .replace(/\bdatediff\s*\(\s*([a-z]+)\s*,/gi, "datediff('$1',")
      .replace(/\bhash_agg\s*\(\s*\*\s*\)/gi, 'sum(hash(forge_rows))')
      .replace(/\bhash\s*\(\s*([a-z0-9_]+)\.\*\s*\)/gi, 'hash($1)')
      .replace(/\bboolor_agg\s*\(/gi, 'bool_or(')
      .replace(/\bbooland_agg\s*\(/gi, 'bool_and(')
      .replace(/\bto_timestamp_ltz\s*\(\s*(\d+)\s*,\s*3\s*\)/gi, 'epoch_ms($1)')
      .replace(/\bdate_part\s*\(\s*epoch_millisecond\s*,/gi, 'epoch_ms(')
      .replace(/\blast_day\s*\(([^(),]+),\s*'month'\s*\)/gi, 'last_day($1)')
      .replace(
        /\blistagg\s*\(([^()]+?),\s*('[^']*')\s*\)\s*within\s+group\s*\(\s*order\s+by\s+([^()]+?)\)/gi,
        'string_agg($1, $2 order by $3)',
      )
  );
}

/** Column definitions (`name type, …`) with Snowflake's type names as DuckDB's: a bare NUMBER is NUMBER(38,0), TEXT is VARCHAR, TIMESTAMP_NTZ/LTZ/TZ. */
function columnDefinitions(text: string): string {
  return translateExpressions(text)
    .replace(/\bnumber\b(?!\s*\()/gi, 'decimal(38,0)')
    .replace(/\btext\b/gi, 'varchar')
    .replace(/\btimestamp_ntz\b/gi, 'timestamp')
    .replace(/\btimestamp_[lt]tz\b/gi, 'timestamptz');
}

/** The macros the loopback defines so translated SQL runs (Snowflake functions DuckDB lacks). */
export const LOOPBACK_MACROS = [
  `create table if not exists memory.main.loopback_tasks (database_name varchar, schema_name varchar, name varchar, warehouse varchar, schedule varchar,
    predecessors varchar[], condition varchar, comment varchar, state varchar, definition varchar, timezone varchar)`,
  `create table if not exists memory.main.loopback_task_history (name varchar, state varchar, scheduled_time timestamp, completed_time timestamp, error_message varchar)`,
  `create table if not exists memory.main.loopback_dynamic_tables (database_name varchar, schema_name varchar, name varchar, target_lag varchar,
    warehouse varchar, refresh_mode varchar, comment varchar, text varchar)`,
  `create or replace macro forge_dateadd(part, n, x) as case lower(part)
    when 'second' then x + to_seconds(cast(n as bigint)) when 'minute' then x + to_minutes(cast(n as bigint))
    when 'hour' then x + to_hours(cast(n as bigint)) when 'day' then x + to_days(cast(n as integer))
    when 'week' then x + to_weeks(cast(n as integer)) when 'month' then x + to_months(cast(n as integer))
    when 'year' then x + to_years(cast(n as integer)) end`,
  'create or replace macro to_varchar(x) as cast(x as varchar)',
  'create or replace macro iff(c, a, b) as case when c then a else b end',
];

/** `from values (…), (…)` (Snowflake names the columns column1…) → a DuckDB VALUES list with those names. */
function valuesList(sql: string): string {
  const at = /\bfrom\s+values\s*\(/i.exec(sql);
  if (!at) return sql;
  const start = at.index + at[0].length - 1;
  let depth = 0;
  let columns = 1;
  for (let i = start; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") {
      i = sql.indexOf("'", i + 1);
      while (sql[i + 1] === "'") i = sql.indexOf("'", i + 2);
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) break;
    } else if (c === ',' && depth === 1) columns++;
  }
  const names = Array.from({ length: columns }, (_, i) => `column${i + 1}`).join(', ');
  return `${sql.slice(0, at.index)}from (values ${sql.slice(start)}) as forge_values(${names})`;
}

/**
 * COPY INTO's `select $1, …, metadata$filename … from @stage` as a DuckDB insert reading the files by
 * position; METADATA$FILENAME becomes the path under `root` (the stage's directory).
 */
export function copySql(
  target: string,
  columns: string,
  select: string,
  files: readonly string[],
  root: string,
): string {
  const positions = Math.max(0, ...[...select.matchAll(/\$(\d+)/g)].map((p) => Number(p[1])));
  const names = Array.from({ length: positions }, (_, i) => `'forge_c${i + 1}'`).join(', ');
  const list = select
    .replace(/\$(\d+)/g, 'forge_c$1')
    .replace(/metadata\$filename/gi, `replace(filename, '${root}/', '')`);
  const reader = `read_csv([${files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')}], header = false, skip = 1, all_varchar = true, filename = true, quote = '"', delim = ',', names = [${names}])`;
  return `insert into ${target} (${columns}) select ${translateExpressions(list)} from ${reader}`;
}

/** FILES = (…) of COPY INTO names at most this many files. */
const COPY_FILES_LIMIT = 1000;

const dml =
  (type: number) =>
  (_m: RegExpExecArray, sql: string): Translated => ({
    kind: 'duckdb',
    statements: [valuesList(translateExpressions(sql))],
    statementType: type,
  });

const RULES: readonly Rule[] = [
  [
    /^\s*create\s+schema\s+if\s+not\s+exists\s+([a-z0-9_$]+)\.([a-z0-9_$]+)\s*$/i,
    (m) => ddl(`create schema if not exists ${m[1]}.${m[2]}`),
  ],
  [
    new RegExp(
      `^\\s*create\\s+or\\s+replace\\s+(?:transient\\s+)?table\\s+${NAME}\\s+clone\\s+${NAME}(\\s+copy\\s+grants)?\\s*$`,
      'i',
    ),
    (m) =>
      withGrants(
        ddl(`create or replace table ${m[1]}.${m[2]}.${m[3]} as select * from ${m[4]}.${m[5]}.${m[6]}`),
        { kind: 'replace', object: fq(m, 1), copyGrants: false },
        ...(m[7] ? [{ kind: 'copy', from: fq(m, 4), to: fq(m, 1) } as const] : []),
      ),
  ],
  [
    new RegExp(
      `^\\s*create\\s+or\\s+replace\\s+(?:transient\\s+|temporary\\s+)?table\\s+${NAME}(?:\\s+cluster\\s+by\\s*\\([^)]*\\))?(\\s+copy\\s+grants)?\\s+as\\b([\\s\\S]*)$`,
      'i',
    ),
    (m) =>
      withGrants(
        ddl(
          `create or replace table ${m[1]}.${m[2]}.${m[3]} as ${valuesList(translateExpressions(m[5] ?? ''))}`,
        ),
        { kind: 'replace', object: fq(m, 1), copyGrants: m[4] !== undefined },
      ),
  ],
  // an empty table from described columns (staging for a query reading a stream)
  [
    new RegExp(
      `^\\s*create\\s+or\\s+replace\\s+(?:transient\\s+|temporary\\s+)?table\\s+${NAME}\\s*\\(([\\s\\S]+)\\)\\s*$`,
      'i',
    ),
    (m) =>
      withGrants(ddl(`create or replace table ${m[1]}.${m[2]}.${m[3]} (${columnDefinitions(m[4] ?? '')})`), {
        kind: 'replace',
        object: fq(m, 1),
        copyGrants: false,
      }),
  ],
  [
    new RegExp(`^\\s*create\\s+table\\s+if\\s+not\\s+exists\\s+${NAME}\\s*\\(([\\s\\S]+)\\)\\s*$`, 'i'),
    (m) => ddl(`create table if not exists ${m[1]}.${m[2]}.${m[3]} (${columnDefinitions(m[4] ?? '')})`),
  ],
  [
    new RegExp(`^\\s*create\\s+or\\s+replace\\s+view\\s+${NAME}\\s+copy\\s+grants\\s+as\\b([\\s\\S]*)$`, 'i'),
    (m) =>
      withGrants(
        ddl(`create or replace view ${m[1]}.${m[2]}.${m[3]} as ${translateExpressions(m[4] ?? '')}`),
        { kind: 'replace', object: fq(m, 1), copyGrants: true },
      ),
  ],
  [
    new RegExp(`^\\s*drop\\s+(table|view)\\s+if\\s+exists\\s+${NAME}\\s*$`, 'i'),
    (m) =>
      withGrants(ddl(`drop ${m[1]} if exists ${m[2]}.${m[3]}.${m[4]}`), { kind: 'drop', object: fq(m, 2) }),
  ],
  [
    new RegExp(`^\\s*alter\\s+table\\s+${NAME}\\s+swap\\s+with\\s+${NAME}\\s*$`, 'i'),
    (m) => {
      if (`${m[1]}.${m[2]}`.toLowerCase() !== `${m[4]}.${m[5]}`.toLowerCase())
        throw new SnowflakeSqlError('002003', '02000', 'loopback: SWAP WITH across schemas is not emulated');
      const [a, b, schema] = [`${m[1]}.${m[2]}.${m[3]}`, `${m[4]}.${m[5]}.${m[6]}`, `${m[1]}.${m[2]}`];
      const scratch = `forge_loopback_swap_${Math.random().toString(36).slice(2, 10)}`;
      return withGrants(
        ddl(
          `alter table ${a} rename to ${scratch}`,
          `alter table ${b} rename to ${m[3]}`,
          `alter table ${schema}.${scratch} rename to ${m[6]}`,
        ),
        { kind: 'swap', a, b },
      );
    },
  ],
  [
    new RegExp(`^\\s*alter\\s+table\\s+${NAME}\\s+rename\\s+to\\s+${NAME}\\s*$`, 'i'),
    (m) =>
      withGrants(ddl(`alter table ${m[1]}.${m[2]}.${m[3]} rename to ${m[6]}`), {
        kind: 'rename',
        from: fq(m, 1),
        to: fq(m, 4),
      }),
  ],
  [
    new RegExp(`^\\s*alter\\s+table\\s+${NAME}\\s+(add|drop)\\s+column\\s+([\\s\\S]+)$`, 'i'),
    (m) => ddl(`alter table ${m[1]}.${m[2]}.${m[3]} ${m[4]} column ${columnDefinitions(m[5] ?? '')}`),
  ],
  [
    /^\s*put\s+'file:\/\/((?:[^']|'')+)'\s+@~\/(\S+?)\/?\s+auto_compress\s*=\s*false\s+overwrite\s*=\s*true\s*$/i,
    (m) => ({ kind: 'put', file: (m[1] ?? '').replace(/''/g, "'"), stageDir: m[2] ?? '' }),
  ],
  [
    new RegExp(
      `^\\s*copy\\s+into\\s+${NAME}\\s*\\(([^)]*)\\)\\s*from\\s*\\(select\\s+([\\s\\S]+?)\\s+from\\s+@~/(\\S+?)/?\\)\\s*files\\s*=\\s*\\(([^)]*)\\)\\s*file_format\\s*=\\s*\\(type\\s*=\\s*csv\\s+skip_header\\s*=\\s*1\\s+field_optionally_enclosed_by\\s*=\\s*'"'\\)(\\s+force\\s*=\\s*true)?\\s*$`,
      'i',
    ),
    (m, _sql, ctx) => {
      const files = [...(m[7] ?? '').matchAll(/'((?:[^']|'')*)'/g)].map(
        (f) => `${ctx.stageRoot}/${m[6]}/${(f[1] ?? '').replace(/''/g, "'")}`,
      );
      // Snowflake's documented limit; its message as Snowsight shows it (the error code is the loopback's choice)
      if (files.length > COPY_FILES_LIMIT)
        throw new SnowflakeSqlError(
          '001003',
          '42000',
          `SQL compilation error:\nThe number of files exceeds the ${COPY_FILES_LIMIT.toLocaleString('en')} limit.`,
        );
      return {
        kind: 'copy-files',
        target: `${m[1]}.${m[2]}.${m[3]}`,
        columns: m[4] ?? '',
        select: m[5] ?? '',
        files,
        force: m[8] !== undefined,
      };
    },
  ],
  // grants: kept per object by the server (grants.ts); DuckDB has no roles
  [
    new RegExp(
      `^\\s*grant\\s+([a-z_ ]+?)\\s+on\\s+(?:table|view|dynamic\\s+table)\\s+${NAME}\\s+to\\s+role\\s+([a-z0-9_$]+)\\s*$`,
      'i',
    ),
    (m) => withGrants(ddl(), { kind: 'grant', object: fq(m, 2), privilege: m[1] ?? '', role: m[5] ?? '' }),
  ],
  [
    new RegExp(`^\\s*show\\s+grants\\s+on\\s+(?:table|view|dynamic\\s+table)\\s+${NAME}\\s*$`, 'i'),
    (m) => ({ kind: 'show-grants', object: fq(m, 1) }),
  ],
  // dynamic tables: a table built now, described in the loopback's catalog; REFRESH rebuilds it from the stored SELECT
  [
    new RegExp(
      `^\\s*create\\s+or\\s+replace\\s+dynamic\\s+table\\s+${NAME}\\s+target_lag\\s*=\\s*'([^']*)'\\s+warehouse\\s*=\\s*([a-z0-9_$]+)\\s+refresh_mode\\s*=\\s*(auto|full|incremental)\\s+initialize\\s*=\\s*(on_create|on_schedule)\\s+comment\\s*=\\s*'([^']*)'\\s+as\\b([\\s\\S]*)$`,
      'i',
    ),
    (m) => {
      const [db, schema, name, lag, warehouse, mode, initialize, comment, select] = m
        .slice(1)
        .map((x) => x ?? '');
      const q = (v: string): string => `'${v.replace(/'/g, "''")}'`;
      const key = `lower(database_name) = lower(${q(db ?? '')}) and lower(schema_name) = lower(${q(schema ?? '')}) and lower(name) = lower(${q(name ?? '')})`;
      return withGrants(
        ddl(
          initialize?.toUpperCase() === 'ON_SCHEDULE'
            ? `create or replace table ${db}.${schema}.${name} as select * from (${translateExpressions(select ?? '')}) where false`
            : `create or replace table ${db}.${schema}.${name} as ${translateExpressions(select ?? '')}`,
          `delete from memory.main.loopback_dynamic_tables where ${key}`,
          `insert into memory.main.loopback_dynamic_tables values (${[db, schema, name, lag, (warehouse ?? '').toUpperCase(), (mode ?? '').toUpperCase(), comment, select].map((v) => q(v ?? '')).join(', ')})`,
        ),
        { kind: 'replace', object: `${db}.${schema}.${name}`, copyGrants: false },
      );
    },
  ],
  [
    new RegExp(`^\\s*drop\\s+dynamic\\s+table\\s+if\\s+exists\\s+${NAME}\\s*$`, 'i'),
    (m) =>
      ddl(
        `drop table if exists ${m[1]}.${m[2]}.${m[3]}`,
        `delete from memory.main.loopback_dynamic_tables where lower(database_name) = lower('${m[1]}') and lower(schema_name) = lower('${m[2]}') and lower(name) = lower('${m[3]}')`,
      ),
  ],
  [
    /^\s*show\s+dynamic\s+tables\s+like\s+'([^']*)'\s+in\s+schema\s+([a-z0-9_$]+)\.([a-z0-9_$]+)\s*$/i,
    (m) => ({
      kind: 'duckdb',
      statementType: STATEMENT_TYPES.select,
      statements: [
        `select name, target_lag, warehouse, refresh_mode, comment, database_name, schema_name
      from memory.main.loopback_dynamic_tables where lower(database_name) = lower('${m[2]}') and lower(schema_name) = lower('${m[3]}') and lower(name) like lower('${m[1]}')`,
      ],
    }),
  ],
  [
    new RegExp(
      `^\\s*alter\\s+dynamic\\s+table\\s+${NAME}\\s+set((?:\\s+target_lag\\s*=\\s*'[^']*')?(?:\\s+warehouse\\s*=\\s*[a-z0-9_$]+)?)\\s*$`,
      'i',
    ),
    (m) => {
      const lag = /target_lag\s*=\s*'([^']*)'/i.exec(m[4] ?? '')?.[1];
      const warehouse = /warehouse\s*=\s*([a-z0-9_$]+)/i.exec(m[4] ?? '')?.[1];
      const sets = [
        ...(lag !== undefined ? [`target_lag = '${lag}'`] : []),
        ...(warehouse ? [`warehouse = '${warehouse.toUpperCase()}'`] : []),
      ];
      return ddl(
        `update memory.main.loopback_dynamic_tables set ${sets.join(', ')} where lower(database_name) = lower('${m[1]}') and lower(schema_name) = lower('${m[2]}') and lower(name) = lower('${m[3]}')`,
      );
    },
  ],
  [
    new RegExp(`^\\s*alter\\s+dynamic\\s+table\\s+${NAME}\\s+refresh\\s*$`, 'i'),
    (m) => ({ kind: 'refresh', database: m[1] ?? '', schema: m[2] ?? '', name: m[3] ?? '' }),
  ],
  ...TASK_RULES,
  // a stream with an offset (streams.ts): the server creates it, or keeps it when it exists
  [
    new RegExp(
      `^\\s*create\\s+(stream\\s+if\\s+not\\s+exists|or\\s+replace\\s+stream)\\s+${NAME}\\s+on\\s+table\\s+${NAME}(\\s+append_only\\s*=\\s*true)?(\\s+show_initial_rows\\s*=\\s*true)?\\s*$`,
      'i',
    ),
    (m) => ({
      kind: 'stream',
      spec: {
        name: fq(m, 2),
        table: fq(m, 5),
        appendOnly: m[8] !== undefined,
        showInitialRows: m[9] !== undefined,
      },
      replace: /replace/i.test(m[1] ?? ''),
    }),
  ],
  [
    /^\s*show\s+streams\s+like\s+'([^']*)'\s+in\s+schema\s+([a-z0-9_$]+\.[a-z0-9_$]+)\s*$/i,
    (m) => ({ kind: 'show-streams', schema: m[2] ?? '', like: m[1] ?? '' }),
  ],
  // external stages: a cloud URL the server maps to a directory of its own (its `buckets`)
  [
    new RegExp(
      `^\\s*create\\s+stage\\s+if\\s+not\\s+exists\\s+${NAME}\\s+url\\s*=\\s*'([^']+)'\\s+storage_integration\\s*=\\s*[a-z0-9_$]+\\s+file_format\\s*=\\s*\\([^)]*\\)\\s*$`,
      'i',
    ),
    (m) => ({ kind: 'stage', stage: `${m[1]}.${m[2]}.${m[3]}`.toLowerCase(), url: m[4] ?? '' }),
  ],
  [
    new RegExp(
      `^\\s*copy\\s+into\\s+${NAME}\\s*\\(([^)]*)\\)\\s*from\\s*\\(select\\s+([\\s\\S]+?)\\s+from\\s+@${NAME}\\)\\s*pattern\\s*=\\s*'([^']*)'\\s*$`,
      'i',
    ),
    (m) => ({
      kind: 'copy-stage',
      target: `${m[1]}.${m[2]}.${m[3]}`,
      columns: m[4] ?? '',
      select: m[5] ?? '',
      stage: `${m[6]}.${m[7]}.${m[8]}`.toLowerCase(),
      pattern: m[9] ?? '',
    }),
  ],
  [/^\s*insert\s+into\b/i, dml(STATEMENT_TYPES.insert)],
  [/^\s*merge\s+into\b/i, dml(STATEMENT_TYPES.merge)],
  [/^\s*delete\s+from\b/i, dml(STATEMENT_TYPES.delete)],
  [/^\s*update\b/i, dml(STATEMENT_TYPES.update)],
  [
    /^\s*(begin(?:\s+transaction)?|start\s+transaction|commit|rollback)\s*$/i,
    (m) => {
      const verb = (m[1] ?? '').toLowerCase();
      return { kind: 'transaction', verb: verb === 'commit' || verb === 'rollback' ? verb : 'begin' };
    },
  ],
  [
    new RegExp(
      `^\\s*create\\s+or\\s+replace\\s+function\\s+${NAME}\\s*\\(([^)]*)\\)\\s*returns\\s+\\w+\\s+language\\s+sql\\s+as\\s*\\$\\$([\\s\\S]*)\\$\\$\\s*$`,
      'i',
    ),
    (m) =>
      ddl(
        `create or replace macro ${m[1]}.${m[2]}.${m[3]}(${(m[4] ?? '')
          .split(',')
          .map((p) => p.trim().split(/\s+/)[0])
          .filter(Boolean)
          .join(', ')}) as (${translateExpressions(m[5] ?? '')})`,
      ),
  ],
  [
    /^\s*alter\s+session\s+set\s+query_tag\s*=\s*'((?:[^']|'')*)'\s*$/i,
    (m) => ({ kind: 'session', set: { QUERY_TAG: (m[1] ?? '').replace(/''/g, "'") } }),
  ],
  [/^\s*alter\s+session\s+unset\s+query_tag\s*$/i, () => ({ kind: 'session', set: { QUERY_TAG: '' } })],
  // honoured by server.ts: a statement running longer is canceled (0: no timeout)
  [
    /^\s*alter\s+session\s+set\s+statement_timeout_in_seconds\s*=\s*(\d+)\s*$/i,
    (m) => ({ kind: 'session', set: { STATEMENT_TIMEOUT_IN_SECONDS: m[1] ?? '0' } }),
  ],
  [
    /^\s*alter\s+session\s+set\s+timezone\s*=\s*'([a-z0-9_/+-]+)'\s*$/i,
    (m) => ({ kind: 'session', set: { TIMEZONE: m[1] ?? '' } }),
  ],
  [
    /^\s*use\s+(warehouse|role|database|schema)\s+([a-z0-9_$.]+)\s*$/i,
    (m) => ({ kind: 'session', set: { [(m[1] ?? '').toUpperCase()]: m[2] ?? '' } }),
  ],
  // any other query: last, so the special SELECTs above (system functions) match first
  [/^\s*(select|with)\b/i, dml(STATEMENT_TYPES.select)],
];

export function translate(sql: string, ctx: TranslateContext = { stageRoot: '/nonexistent' }): Translated {
  // leading comments (a model's header) are not part of the statement's kind
  const stripped = sql
    .replace(/^(\s*(--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/))+/, '')
    .trim()
    .replace(/;\s*$/, '');
  // a task keeps its body and condition as written: they are translated when the task runs, in its own session
  const text = /^create\s+or\s+replace\s+task\b/i.test(stripped)
    ? stripped
    : sessionFunctions(snowflakeStrings(stripped), ctx.session ?? {});
  for (const [pattern, rewrite] of RULES) {
    const m = pattern.exec(text);
    if (m) return guarded(text, rewrite(m, text, ctx));
  }
  throw syntaxError(text);
}

/** Snowflake's refusals around dynamic tables run first (dynamic-guards.ts). */
function guarded(text: string, translated: Translated): Translated {
  const guards = dynamicTableGuards(text);
  return guards.length === 0 || translated.kind !== 'duckdb'
    ? translated
    : { ...translated, statements: [...guards, ...translated.statements] };
}
