/**
 * The only user of @duckdb/node-api. One DuckDB instance per process on the target's file; one
 * connection per thread. Connections of one instance may write concurrently; another process holding
 * the file gets a clear FRG2001 instead of a driver stack trace.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Relation } from '../../core/relation.js';
import { sqlString } from '../../core/sql-string.js';
import { Codes } from '../../errors/codes.js';
import { ForgeError } from '../../errors/diagnostic.js';
import type { Column, Connection, QueryResult, RelationState, Warehouse } from '../adapter.js';
import { duckdbDialect } from './duckdb-dialect.js';
import { openWaitingForServe } from './duckdb-lock-wait.js';

/** DuckDB settings a target may set (e.g. `memory_limit: 12GB` when other processes need memory too). */
export const DUCKDB_TARGET_SETTINGS = ['memory_limit', 'max_temp_directory_size'] as const;

/** Another database file attached read-only under an alias (`--defer` reads a production file). */
export interface DuckdbAttachment {
  readonly path: string;
  readonly alias: string;
}

export const IN_MEMORY = ':memory:';

/** How a file is opened: `readOnly` (a dashboard request); `onWait` hears once that a build waits for `forge serve` to let go. */
export interface DuckdbAccess {
  readonly readOnly?: boolean;
  readonly onWait?: (message: string) => void;
}

export async function openDuckdb(
  file: string,
  database: string,
  settings: Readonly<Record<string, string>> = {},
  attachments: readonly DuckdbAttachment[] = [],
  access: DuckdbAccess = {},
): Promise<Warehouse> {
  const memory = file === IN_MEMORY;
  if (!memory) await mkdir(path.dirname(file), { recursive: true });
  // Imported here, not at the top: loading the native driver costs ≈130 ms, which compile, ls and
  // the other warehouse-free commands must not pay (the bundler would hoist a static import).
  const { DuckDBInstance: Instance } = await import('@duckdb/node-api');
  let instance: DuckDBInstance;
  try {
    // No insertion-order guarantee (Forge never relies on it) lets DuckDB stream big CREATE TABLE AS
    // without buffering; the temp directory lets it spill instead of failing when memory runs out
    // (several heavy models at once at the large scale ran out of 19 GiB without these).
    const config = {
      preserve_insertion_order: 'false',
      ...(memory ? {} : { temp_directory: `${file}.tmp` }),
      ...(access.readOnly ? { access_mode: 'READ_ONLY' } : {}),
      ...settings,
    };
    instance = memory
      ? await Instance.create(file, config)
      : await openWaitingForServe(file, () => Instance.create(file, config), access.onWait);
  } catch (error) {
    throw lockError(error, file);
  }
  if (attachments.length > 0) await attach(instance, attachments);
  const idle: DuckDBConnection[] = [];
  const all: DuckDBConnection[] = [];
  const timer = { ms: 0 };
  return {
    dialect: duckdbDialect(database),
    get statementMs() {
      return timer.ms;
    },
    async connect(): Promise<Connection> {
      const raw = idle.pop() ?? (await instance.connect());
      if (!all.includes(raw)) all.push(raw);
      return wrap(raw, timer, () => idle.push(raw));
    },
    cancel: async () => {
      for (const c of all) c.interrupt();
    },
    async close(): Promise<void> {
      // Closing checkpoints the file: DuckDB's work, so it counts as statement time.
      const started = performance.now();
      for (const c of all) c.closeSync();
      instance.closeSync();
      timer.ms += performance.now() - started;
    },
  };
}

async function attach(instance: DuckDBInstance, attachments: readonly DuckdbAttachment[]): Promise<void> {
  const connection = await instance.connect();
  let failure: { path: string; message: string } | undefined;
  for (const a of attachments) {
    try {
      await connection.run(`attach '${a.path.replace(/'/g, "''")}' as ${a.alias} (read_only)`);
    } catch (error) {
      failure = { path: a.path, message: error instanceof Error ? error.message : String(error) };
      break;
    }
  }
  connection.closeSync();
  if (!failure) return;
  instance.closeSync();
  throw ForgeError.of(
    /lock/i.test(failure.message) ? Codes.warehouseLocked : Codes.warehouseOpen,
    `cannot attach the state's DuckDB file ${failure.path} (for --defer): ${failure.message}`,
    undefined,
    'the state must name a DuckDB file this machine can read that no other process is writing',
  );
}

/** A long-running holder of the file (watch mode) says so beside it, so others can name it. */
export function holderFile(file: string): string {
  return `${file}.holder.json`;
}

function lockError(error: unknown, file: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  const pid = /PID (\d+)/.exec(message)?.[1];
  if (/lock/i.test(message)) {
    const holder = readHolder(file, pid);
    if (holder) {
      return ForgeError.of(
        Codes.warehouseLocked,
        `the DuckDB file ${file} is held by \`${holder.command}\` (PID ${holder.pid}, since ${holder.since})`,
        undefined,
        'that process rebuilds on every save; build, run, test, seed and snapshot commands go through it, this one cannot: stop it with q, or press a (rebuild all) or f (what failed) in its terminal',
      );
    }
    return ForgeError.of(
      Codes.warehouseLocked,
      `the DuckDB file ${file} is in use by another process${pid ? ` (PID ${pid})` : ''}`,
      undefined,
      'a watch, serve or other build holds it: wait for it, stop it, or run this command through it',
    );
  }
  return ForgeError.of(Codes.warehouseOpen, `cannot open the DuckDB file ${file}: ${message}`);
}

function readHolder(
  file: string,
  pid: string | undefined,
): { command: string; pid: number; since: string } | undefined {
  try {
    const holder = JSON.parse(readFileSync(holderFile(file), 'utf8')) as {
      command: string;
      pid: number;
      since: string;
    };
    return pid === undefined || String(holder.pid) === pid ? holder : undefined;
  } catch {
    return undefined;
  }
}

function wrap(raw: DuckDBConnection, timer: { ms: number }, release: () => void): Connection {
  const timed = async <T>(work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timer.ms += performance.now() - started;
    }
  };
  return {
    execute: (sql) => timed(async () => rowsOf(await raw.run(sql))),
    query: (sql, limit, params) =>
      timed(async () => {
        const values = params && params.length > 0 ? ([...params] as never) : undefined;
        const reader =
          limit === undefined
            ? await raw.runAndReadAll(sql, values)
            : await raw.runAndReadUntil(sql, limit, values);
        const rows = integersAsNumbers(
          reader.getRowObjectsJson() as Record<string, unknown>[],
          reader.columnNames(),
          reader.columnTypes().map(String),
        );
        return {
          columns: reader.columnNames(),
          rows: limit === undefined ? rows : rows.slice(0, limit),
        } satisfies QueryResult;
      }),
    queryColumns: (sql) =>
      timed(async () => {
        const reader = await raw.runAndReadAll(sql);
        return { names: reader.columnNames(), columns: reader.getColumnsJS() as unknown[][] };
      }),
    describe: (relation) => timed(() => describe(raw, relation)),
    listRelations: (database, schemas) =>
      timed(async () =>
        (
          await raw.runAndReadAll(
            `select table_schema, table_name, table_type from information_schema.tables where lower(table_catalog) = lower(${sqlString(database)}) and lower(table_schema) in (${schemas.map((s) => `lower(${sqlString(s)})`).join(', ')})`,
          )
        )
          .getRowObjectsJson()
          .map((row) => ({
            schema: String(row['table_schema']),
            identifier: String(row['table_name']),
            kind: row['table_type'] === 'VIEW' ? ('view' as const) : ('table' as const),
          })),
      ),
    describeQuery: (sql) =>
      timed(async () => {
        const reader = await raw.runAndReadAll(`describe select * from (\n${sql}\n) as forge_contract`);
        return reader
          .getRowObjectsJson()
          .map((row) => ({ name: String(row['column_name']), type: String(row['column_type']) }));
      }),
    release,
  };
}

const WIDE_INTEGERS = new Set(['BIGINT', 'UBIGINT', 'HUGEINT', 'UHUGEINT']);

/** DuckDB's JSON form writes 64-bit integers as strings; numbers within the safe range read better as numbers. */
function integersAsNumbers(
  rows: Record<string, unknown>[],
  names: readonly string[],
  types: readonly string[],
): Record<string, unknown>[] {
  const wide = names.filter((_, i) => WIDE_INTEGERS.has(types[i] ?? ''));
  if (wide.length === 0) return rows;
  for (const row of rows) {
    for (const name of wide) {
      const value = row[name];
      if (typeof value === 'string' && Number.isSafeInteger(Number(value))) row[name] = Number(value);
    }
  }
  return rows;
}

/** Rows changed, or for CREATE TABLE AS (which reports none) the `Count` it returns. */
async function rowsOf(result: Awaited<ReturnType<DuckDBConnection['run']>>): Promise<number> {
  if (result.rowsChanged > 0 || result.rowCount !== 1 || result.columnNames()[0] !== 'Count')
    return result.rowsChanged;
  const value = (await result.getRows())[0]?.[0];
  return typeof value === 'bigint' || typeof value === 'number' ? Number(value) : 0;
}

async function describe(raw: DuckDBConnection, relation: Relation): Promise<RelationState | undefined> {
  const tables = await raw.runAndReadAll(
    'select table_type from information_schema.tables where lower(table_catalog) = lower($1) and lower(table_schema) = lower($2) and lower(table_name) = lower($3)',
    [relation.database, relation.schema, relation.identifier],
  );
  const type = tables.getRowObjectsJson()[0]?.['table_type'];
  if (type === undefined) return undefined;
  const columns = await raw.runAndReadAll(
    'select column_name, data_type from information_schema.columns where lower(table_catalog) = lower($1) and lower(table_schema) = lower($2) and lower(table_name) = lower($3) order by ordinal_position',
    [relation.database, relation.schema, relation.identifier],
  );
  const list: Column[] = columns
    .getRowObjectsJson()
    .map((row) => ({ name: String(row['column_name']), type: String(row['data_type']) }));
  return { kind: type === 'VIEW' ? 'view' : 'table', columns: list };
}
