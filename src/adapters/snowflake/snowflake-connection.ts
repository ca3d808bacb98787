/**
 * The only user of snowflake-sdk, imported lazily (DuckDB-only runs never load it). A pool of
 * sessions sized to the run's threads; each checkout tags its statements (`QUERY_TAG`, naming run
 * and node) and the tag is dropped when the session returns to the pool. Driver pitfalls handled:
 * `connect` is checked for real (a failed login must not look like success); cloud platform
 * detection and connection-shape telemetry are off; the driver's own logging (JSON on stdout and a
 * snowflake.log file) is silenced; expired session tokens are renewed by the driver from the master
 * token; `cancel()` aborts every running statement (Ctrl-C).
 */
import type { Connection as SfConnection, RowStatement } from 'snowflake-sdk';
import type { Relation } from '../../core/relation.js';
import { Codes } from '../../errors/codes.js';
import { ForgeError } from '../../errors/diagnostic.js';
import type { Target } from '../../project/targets.js';
import type { Column, Connection, QueryResult, RelationKind, RelationState, Warehouse } from '../adapter.js';
import { snowflakeDialect } from './snowflake-dialect.js';
import {
  sessionFacts,
  snowflakeError,
  snowflakeHint,
  snowflakeMessage,
  type SessionFacts,
} from './snowflake-errors.js';
import { driverOptions } from './snowflake-options.js';
import { sessionStatements } from './snowflake-session.js';

type Sdk = typeof import('snowflake-sdk');
let sdk: Promise<Sdk> | undefined;

async function loadSdk(): Promise<Sdk> {
  process.env['SNOWFLAKE_DISABLE_PLATFORM_DETECTION'] ??= 'true';
  process.env['SF_TELEMETRY_DISABLE_CONNECTION_SHAPE'] ??= '1';
  sdk ??= import('snowflake-sdk').then(
    (module) => {
      const loaded = ((module as unknown as { default?: Sdk }).default ?? module) as Sdk;
      const quiet = (): void => undefined;
      loaded.configure({
        logLevel: 'ERROR',
        customLogger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet },
      });
      return loaded;
    },
    (error: unknown) => {
      sdk = undefined;
      const missing = (error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND';
      throw ForgeError.of(
        Codes.warehouseOpen,
        missing
          ? 'a Snowflake target needs the snowflake-sdk package, and it is not installed'
          : `cannot load snowflake-sdk: ${error instanceof Error ? error.message : String(error)}`,
        undefined,
        'npm install snowflake-sdk@3 in the project (Forge loads it only for Snowflake targets)',
      );
    },
  );
  return sdk;
}

async function login(snowflake: Sdk, target: Target): Promise<SfConnection> {
  const connection = snowflake.createConnection(driverOptions(target) as never);
  try {
    await new Promise<void>((resolve, reject) =>
      connection.connect((error) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw ForgeError.of(
      Codes.warehouseOpen,
      `cannot log in to Snowflake (target "${target.name}"): ${snowflakeMessage(error)}`,
      undefined,
      snowflakeHint(code === undefined ? undefined : String(code), '', sessionFacts(target)) ??
        'check the account, user and credentials (forge debug shows the target with secrets masked)',
    );
  }
  if (!connection.isUp())
    throw ForgeError.of(
      Codes.warehouseOpen,
      `Snowflake login for target "${target.name}" did not open a session`,
    );
  return connection;
}

/** A logged-in session with the target's session settings applied (snowflake-session.ts: the statement timeout). */
async function openSession(snowflake: Sdk, target: Target): Promise<SfConnection> {
  const setup = sessionStatements(target);
  const connection = await login(snowflake, target);
  try {
    for (const sql of setup) {
      await new Promise<void>((resolve, reject) =>
        connection.execute({
          sqlText: sql,
          complete: (error) => (error ? reject(snowflakeError(error, sessionFacts(target))) : resolve()),
        }),
      );
    }
  } catch (error) {
    connection.destroy(() => undefined);
    throw error;
  }
  return connection;
}

const unquoted = (name: string): string => (name === name.toUpperCase() ? name.toLowerCase() : name);

/** Driver column types as SQL type names (for contracts and schema changes). */
function sqlType(column: { getType(): string; getPrecision(): number; getScale(): number }): string {
  const type = column.getType().toLowerCase();
  if (type === 'fixed') return `number(${column.getPrecision()},${column.getScale()})`;
  if (type === 'real') return 'float';
  if (type === 'text') return 'varchar';
  return type;
}

/** Integers come from the driver as big-integer objects (jsTreatIntegerAsBigInt): numbers when safe, else native bigint. Dates and timestamps become text. */
function normalize(value: unknown, isDate = false): unknown {
  // dates and timestamps as DuckDB's adapter gives them: `2025-03-01`, `2025-03-01 10:00:00.123` (UTC)
  if (value instanceof Date)
    return isDate ? value.toISOString().slice(0, 10) : value.toISOString().replace('T', ' ').replace('Z', '');
  const wrapped =
    typeof value === 'object' && value !== null && typeof (value as { value?: unknown }).value === 'bigint';
  const big = typeof value === 'bigint' ? value : wrapped ? BigInt(String(value)) : undefined;
  if (big === undefined) return value;
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big;
}

interface Running {
  readonly statements: Set<RowStatement>;
}

/** `facts`: the target's role and warehouse (its `warehouse` is the one sessions come back to), for error hints. */
function wrap(
  raw: SfConnection,
  timer: { ms: number },
  running: Running,
  facts: SessionFacts,
  release: () => void,
): Connection {
  const home = facts.warehouse;
  let tag: string | undefined;
  let switched: string | undefined;
  const run = (
    sql: string,
    options: { describeOnly?: boolean; binds?: readonly (string | number | null)[] } = {},
  ): Promise<{ rows: Record<string, unknown>[]; statement: RowStatement }> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const statement = raw.execute({
        sqlText: sql,
        ...(options.describeOnly ? { describeOnly: true } : {}),
        ...(tag ? { parameters: { QUERY_TAG: tag } } : {}),
        ...(options.binds && options.binds.length > 0 ? { binds: [...options.binds] as never } : {}),
        complete: (error, stmt, rows) => {
          running.statements.delete(statement);
          timer.ms += performance.now() - started;
          if (error)
            reject(
              snowflakeError(
                error,
                { ...facts, ...(switched ? { warehouse: switched } : {}) },
                stmt.getQueryId(),
              ),
            );
          else resolve({ rows: (rows ?? []) as Record<string, unknown>[], statement: stmt });
        },
      });
      running.statements.add(statement);
    });
  const query = async (
    sql: string,
    limit?: number,
    params?: readonly (string | number | null)[],
  ): Promise<QueryResult> => {
    const { rows, statement } = await run(sql, params ? { binds: params } : {});
    const columns = statement.getColumns() ?? [];
    const names = columns.map((c) => c.getName());
    const dates = new Set(
      columns.filter((c) => c.getType().toLowerCase() === 'date').map((c) => c.getName()),
    );
    const picked = limit === undefined ? rows : rows.slice(0, limit);
    return {
      columns: names.map(unquoted),
      rows: picked.map((row) =>
        Object.fromEntries(names.map((n) => [unquoted(n), normalize(row[n], dates.has(n))])),
      ),
    };
  };
  return {
    execute: async (sql) => {
      const { rows, statement } = await run(sql);
      return statement.getNumUpdatedRows() ?? rows.length;
    },
    query,
    queryColumns: async (sql) => {
      const result = await query(sql);
      return {
        names: result.columns,
        columns: result.columns.map((c) => result.rows.map((r) => r[c] ?? null)),
      };
    },
    describe: async (relation) => describe(query, relation),
    listRelations: async (database, schemas) =>
      (
        await query(
          `select table_schema, table_name, table_type, is_dynamic from ${database}.information_schema.tables ` +
            `where table_schema in (${schemas.map((s) => `upper(${literal(s)})`).join(', ')})`,
        )
      ).rows.map((row) => ({
        schema: String(row['table_schema']),
        identifier: String(row['table_name']),
        kind: kindOf(row),
      })),
    describeQuery: async (sql) => {
      const { statement } = await run(sql, { describeOnly: true });
      return (statement.getColumns() ?? []).map((c) => ({ name: unquoted(c.getName()), type: sqlType(c) }));
    },
    tag: (value) => {
      tag = value;
    },
    useWarehouse: async (warehouse) => {
      await run(`use warehouse ${warehouse}`);
      switched = warehouse;
    },
    release: () => {
      tag = undefined;
      // the session goes back to the pool as it came out: on the target's warehouse
      if (!switched || !home) {
        release();
        return;
      }
      void run(`use warehouse ${home}`)
        .catch(() => undefined)
        .then(release);
    },
  };
}

/** information_schema's data_type with its precision: a bare NUMBER is NUMBER(38,0), which would round decimals cast to it. */
function columnType(row: Record<string, unknown>): string {
  const type = String(row['data_type']).toUpperCase();
  if (type === 'NUMBER' && row['numeric_precision'] !== null && row['numeric_precision'] !== undefined)
    return `number(${Number(row['numeric_precision'])},${Number(row['numeric_scale'] ?? 0)})`;
  return type === 'TEXT' ? 'varchar' : type.toLowerCase();
}

const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

async function describe(
  query: (sql: string) => Promise<QueryResult>,
  relation: Relation,
): Promise<RelationState | undefined> {
  const where = `table_schema = upper(${literal(relation.schema)}) and table_name = upper(${literal(relation.identifier)})`;
  const tables = await query(
    `select table_type, is_dynamic from ${relation.database}.information_schema.tables where ${where}`,
  );
  const table = tables.rows[0];
  if (table === undefined) return undefined;
  const columns = await query(
    `select column_name, data_type, numeric_precision, numeric_scale from ${relation.database}.information_schema.columns where ${where} order by ordinal_position`,
  );
  const list: Column[] = columns.rows.map((r) => ({
    name: unquoted(String(r['column_name'])),
    type: columnType(r),
  }));
  return { kind: kindOf(table), columns: list };
}

/** A row of information_schema.tables: a dynamic table's TABLE_TYPE is BASE TABLE, IS_DYNAMIC tells it apart. */
function kindOf(row: Record<string, unknown>): RelationKind {
  return String(row['table_type']).toUpperCase() === 'VIEW'
    ? 'view'
    : String(row['is_dynamic']).toUpperCase() === 'YES'
      ? 'dynamic_table'
      : 'table';
}

export async function openSnowflake(target: Target, threads: number): Promise<Warehouse> {
  const snowflake = await loadSdk();
  const idle: SfConnection[] = [];
  const all: SfConnection[] = [];
  const waiting: ((c: SfConnection) => void)[] = [];
  const timer = { ms: 0 };
  const running: Running = { statements: new Set() };
  const facts = sessionFacts(target);
  all.push(await openSession(snowflake, target));
  idle.push(all[0] as SfConnection);
  let opening = 0;
  const checkout = async (): Promise<SfConnection> => {
    const free = idle.pop();
    if (free) return free;
    // sessions logging in count against the pool too, so a burst of checkouts opens at most `threads`
    if (all.length + opening < Math.max(1, threads)) {
      opening++;
      try {
        const fresh = await openSession(snowflake, target);
        all.push(fresh);
        return fresh;
      } finally {
        opening--;
      }
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const giveBack = (c: SfConnection): void => {
    const next = waiting.shift();
    if (next) next(c);
    else idle.push(c);
  };
  return {
    dialect: snowflakeDialect({ transient: target.settings['transient'] !== false }),
    get statementMs() {
      return timer.ms;
    },
    async connect(): Promise<Connection> {
      const raw = await checkout();
      return wrap(raw, timer, running, facts, () => giveBack(raw));
    },
    cancel: async () => {
      await Promise.all(
        [...running.statements].map((s) => new Promise<void>((resolve) => s.cancel(() => resolve()))),
      );
    },
    async close(): Promise<void> {
      await Promise.all(all.map((c) => new Promise<void>((resolve) => c.destroy(() => resolve()))));
    },
  };
}
