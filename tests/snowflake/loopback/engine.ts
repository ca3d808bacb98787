/**
 * What one statement does on the loopback, as Snowflake would do it, over DuckDB: the session's
 * transaction (a DDL statement commits an open transaction and runs as its own; BEGIN inside one is
 * ignored; COMMIT/ROLLBACK outside one do nothing), streams and their offsets, grants per object,
 * tasks run by EXECUTE TASK, stages and dynamic table refreshes. The server (server.ts) speaks the
 * protocol and records; this file is the SQL semantics.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { unknownFunctions } from '../../../src/adapters/snowflake/snowflake-functions.js';
import { describeRowType, encodeResult } from './encode.js';
import { GrantCatalog } from './grants.js';
import { runTaskBody } from './scripting.js';
import { copyFiles, copyFromStage } from './server-catalogs.js';
import { StreamCatalog } from './streams.js';
import {
  SnowflakeSqlError,
  STATEMENT_TYPES,
  translate,
  translateExpressions,
  type Translated,
} from './translate.js';

export interface EngineSession {
  readonly values: Record<string, string>;
  readonly duck: DuckDBConnection;
  inTransaction: boolean;
  /** Streams consumed by DML in the open transaction: their offsets move when it commits. */
  readonly consuming: Set<string>;
  /** Called with a way to interrupt the running statement (cancel, timeouts). */
  onCancel?: (cancel: () => void) => void;
}

export interface Outcome {
  readonly result: { rowtype: unknown[]; rowset: (string | null)[][] };
  readonly type: number;
  /** Rows as objects (for scripting: `select … into :var`). */
  readonly rows: Record<string, unknown>[];
  /** A PUT's answer: the driver copies the file itself. */
  readonly upload?: { readonly file: string; readonly stageDir: string };
}

export interface EngineOptions {
  readonly stageRoot: () => string;
  readonly buckets: () => Readonly<Record<string, string>>;
  readonly instance: () => DuckDBInstance;
  readonly executeTask: () => boolean;
  readonly now: () => number;
  readonly staleAfterMs: () => number;
}

const DML = new Set<number>([
  STATEMENT_TYPES.insert,
  STATEMENT_TYPES.update,
  STATEMENT_TYPES.delete,
  STATEMENT_TYPES.merge,
]);
const EMPTY = { rowtype: [], rowset: [] };
const STATUS = {
  rowtype: [
    {
      name: 'status',
      type: 'text',
      nullable: true,
      scale: null,
      precision: null,
      length: 64,
      byteLength: 64,
    },
  ],
  rowset: [['Statement executed successfully.']],
};
const literal = (v: string): string => `'${v.replace(/'/g, "''")}'`;

/** A VALUES query over rows computed here (SHOW STREAMS, SHOW GRANTS), all text columns. */
function rowsSql(columns: readonly string[], rows: readonly Record<string, string>[]): string {
  const typed = columns.map((c) => `cast(null as varchar) as ${c}`).join(', ');
  if (rows.length === 0) return `select ${typed} where false`;
  return `select * from (values ${rows.map((r) => `(${columns.map((c) => literal(r[c] ?? '')).join(', ')})`).join(', ')}) as t(${columns.join(', ')})`;
}

export class Engine {
  readonly grants = new GrantCatalog();
  readonly streams: StreamCatalog;
  readonly stages = new Map<string, string>();
  readonly stageLoads = new Map<string, Set<string>>();
  refreshes = 0;
  /** User-defined functions created on this server (callable unqualified too). */
  private readonly functions = new Set<string>();
  taskRuns: { task: string; state: 'SUCCEEDED' | 'FAILED' | 'SKIPPED'; error?: string }[] = [];

  constructor(private readonly options: EngineOptions) {
    this.streams = new StreamCatalog(options.now, options.staleAfterMs);
  }

  async statement(
    session: EngineSession,
    sql: string,
    bindings: readonly unknown[],
    describeOnly: boolean,
  ): Promise<Outcome> {
    // a function Snowflake does not have fails here even when DuckDB has it (the list is Snowflake's function reference)
    const unknown = unknownFunctions(sql, this.functions)[0];
    if (unknown)
      throw new SnowflakeSqlError(
        '002140',
        '42601',
        `SQL compilation error: error line ${unknown.line} at position ${unknown.column - 1}\nUnknown function ${unknown.name.toUpperCase()}`,
      );
    const created = /^\s*create\s+or\s+replace\s+function\s+(?:[a-z0-9_$]+\.)*([a-z0-9_$]+)\s*\(/i.exec(sql);
    if (created) this.functions.add((created[1] ?? '').toLowerCase());
    const translated = translate(sql, {
      stageRoot: this.options.stageRoot(),
      session: session.values,
      executeTask: this.options.executeTask(),
    });
    if (translated.kind === 'duckdb') this.streams.checkReadable(translated.statements.join('\n'));
    if (describeOnly) {
      const described = await session.duck.runAndReadAll(`describe ${translateExpressions(sql)}`);
      const columns = described
        .getRowObjectsJson()
        .map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
      return {
        result: { rowtype: describeRowType(columns), rowset: [] },
        type: STATEMENT_TYPES.select,
        rows: [],
      };
    }
    return this.dispatch(session, translated, bindings);
  }

  private async dispatch(
    session: EngineSession,
    translated: Translated,
    bindings: readonly unknown[],
  ): Promise<Outcome> {
    const done = (result: Outcome['result'] = EMPTY, type: number = STATEMENT_TYPES.ddl): Outcome => ({
      result,
      type,
      rows: [],
    });
    switch (translated.kind) {
      case 'put':
        return { ...done(), upload: { file: translated.file, stageDir: translated.stageDir } };
      case 'session':
        Object.assign(session.values, translated.set);
        return done(STATUS);
      case 'transaction':
        await this.transaction(session, translated.verb);
        return done(STATUS, STATEMENT_TYPES.transaction);
      case 'stage':
        if (!this.stages.has(translated.stage)) this.stages.set(translated.stage, translated.url);
        return done();
      case 'copy-stage':
      case 'copy-files': {
        const state = { stages: this.stages, loads: this.stageLoads, buckets: this.options.buckets() };
        const run = (sql: string): Promise<void> =>
          this.run(session, sql, [], STATEMENT_TYPES.insert).then(() => undefined);
        const changed =
          translated.kind === 'copy-stage'
            ? await copyFromStage(state, translated, run)
            : await copyFiles(state, translated, this.options.stageRoot(), run);
        return done(
          {
            rowtype: [
              {
                name: 'rows_loaded',
                type: 'fixed',
                nullable: false,
                scale: 0,
                precision: 19,
                length: null,
                byteLength: null,
              },
            ],
            rowset: [[String(changed)]],
          },
          STATEMENT_TYPES.insert,
        );
      }
      case 'refresh':
        return this.refresh(session, translated);
      case 'stream':
        // CREATE OR REPLACE STREAM starts a new offset (a stale stream is readable again)
        if (translated.replace && this.streams.has(translated.spec.name)) {
          this.streams.drop(translated.spec.name);
          await this.ddl(session, [`drop view if exists ${translated.spec.name}`]);
        }
        await this.ddl(session, this.streams.create(translated.spec));
        return done(STATUS);
      case 'show-streams':
        return this.run(
          session,
          rowsSql(
            ['name', 'database_name', 'schema_name', 'table_name', 'type', 'mode', 'stale', 'stale_after'],
            this.streams.show(translated.schema, translated.like),
          ),
          [],
          STATEMENT_TYPES.select,
        );
      case 'show-grants':
        return this.run(
          session,
          rowsSql(
            ['privilege', 'granted_on', 'name', 'granted_to', 'grantee_name'],
            this.grants.on(translated.object).map(([privilege, role]) => ({
              privilege,
              granted_on: 'TABLE',
              name: translated.object.toUpperCase(),
              granted_to: 'ROLE',
              grantee_name: role,
            })),
          ),
          [],
          STATEMENT_TYPES.select,
        );
      case 'execute-task':
        await this.executeTask(session, translated.task);
        return done(
          {
            rowtype: STATUS.rowtype,
            rowset: [
              [
                `Task ${translated.task.split('.').at(-1)?.toUpperCase() ?? ''} is scheduled to run immediately.`,
              ],
            ],
          },
          STATEMENT_TYPES.select,
        );
      case 'duckdb':
        return this.duckdb(session, translated, bindings);
    }
  }

  private async duckdb(
    session: EngineSession,
    translated: Extract<Translated, { kind: 'duckdb' }>,
    bindings: readonly unknown[],
  ): Promise<Outcome> {
    const { statements, statementType: type } = translated;
    if (type === STATEMENT_TYPES.ddl) {
      const last = await this.ddl(session, statements);
      for (const effect of translated.grants ?? []) this.grants.apply(effect);
      // pessimistic on purpose: a CTAS reading a stream may move its offset on Snowflake (the docs are not
      // plain about it), so here it does — Forge must never read a stream outside the DML that applies it
      const read = this.streams.referenced(
        statements.filter((s) => /^\s*create\s+or\s+replace\s+table\s+\S+\s+as\b/i.test(s)).join('\n'),
      );
      for (const stream of read) for (const sql of this.streams.consume(stream)) await session.duck.run(sql);
      this.streams.consumed(read);
      return last;
    }
    const streams = DML.has(type) ? this.streams.referenced(statements.join('\n')) : [];
    if (streams.length === 0) return this.runAll(session, statements, bindings, type);
    // a DML statement reading a stream consumes it: the offset moves in the same transaction
    const own = !session.inTransaction;
    if (own) await this.transaction(session, 'begin');
    try {
      const last = await this.runAll(session, statements, bindings, type);
      for (const stream of streams) {
        for (const sql of this.streams.consume(stream)) await session.duck.run(sql);
        session.consuming.add(stream);
      }
      if (own) await this.transaction(session, 'commit');
      return last;
    } catch (error) {
      if (own) await this.transaction(session, 'rollback').catch(() => undefined);
      throw error;
    }
  }

  /** DDL: commits an open transaction first, then runs as one transaction of its own. */
  private async ddl(session: EngineSession, statements: readonly string[]): Promise<Outcome> {
    if (session.inTransaction) await this.transaction(session, 'commit');
    // DuckDB writes one attached database per transaction: statements that also keep the loopback's catalog run one by one
    if (statements.length <= 1 || statements.some((s) => /\bmemory\.main\./i.test(s)))
      return this.runAll(session, statements, [], STATEMENT_TYPES.ddl);
    await session.duck.run('begin transaction');
    try {
      const last = await this.runAll(session, statements, [], STATEMENT_TYPES.ddl);
      await session.duck.run('commit');
      return last;
    } catch (error) {
      await session.duck.run('rollback').catch(() => undefined);
      throw error;
    }
  }

  async transaction(session: EngineSession, verb: 'begin' | 'commit' | 'rollback'): Promise<void> {
    if (verb === 'begin') {
      // Snowflake ignores BEGIN inside an open transaction
      if (!session.inTransaction) {
        await session.duck.run('begin transaction');
        session.inTransaction = true;
      }
      return;
    }
    if (!session.inTransaction) return;
    session.inTransaction = false;
    const consumed = [...session.consuming];
    session.consuming.clear();
    await session.duck.run(verb);
    if (verb === 'commit') this.streams.consumed(consumed);
  }

  private async runAll(
    session: EngineSession,
    statements: readonly string[],
    bindings: readonly unknown[],
    type: number,
  ): Promise<Outcome> {
    let last: Outcome = { result: EMPTY, type, rows: [] };
    for (const statement of statements) last = await this.run(session, statement, bindings, type);
    return last;
  }

  async run(
    session: EngineSession,
    statement: string,
    bindings: readonly unknown[],
    type: number,
  ): Promise<Outcome> {
    const { duck } = session;
    session.onCancel?.(() => duck.interrupt());
    const result = await duck
      .runAndReadAll(statement, bindings.length > 0 ? (bindings as never) : undefined)
      .catch((error: unknown) => {
        if (/interrupt/i.test(error instanceof Error ? error.message : String(error)))
          throw new SnowflakeSqlError('000604', '57014', 'SQL execution canceled');
        throw error;
      });
    if (DML.has(type)) {
      const changed = Number(result.getRowsJson()[0]?.[0] ?? 0);
      return {
        result: {
          rowtype: [
            {
              name: 'number of rows affected',
              type: 'fixed',
              nullable: false,
              scale: 0,
              precision: 19,
              length: null,
              byteLength: null,
            },
          ],
          rowset: [[String(changed)]],
        },
        type,
        rows: [],
      };
    }
    return {
      result: encodeResult(result),
      type,
      rows: result.getRowObjectsJson() as Record<string, unknown>[],
    };
  }

  private async refresh(
    session: EngineSession,
    translated: Extract<Translated, { kind: 'refresh' }>,
  ): Promise<Outcome> {
    const found = (
      await session.duck
        .runAndReadAll(`select text from memory.main.loopback_dynamic_tables where lower(database_name) = lower(${literal(translated.database)})
      and lower(schema_name) = lower(${literal(translated.schema)}) and lower(name) = lower(${literal(translated.name)})`)
    ).getRowObjectsJson()[0];
    if (!found)
      throw new SnowflakeSqlError(
        '002003',
        '02000',
        `SQL compilation error:\nDynamic table '${translated.name}' does not exist or not authorized.`,
      );
    await this.ddl(session, [
      `create or replace table ${translated.database}.${translated.schema}.${translated.name} as ${translateExpressions(String(found['text']))}`,
    ]);
    this.refreshes++;
    return { result: EMPTY, type: STATEMENT_TYPES.ddl, rows: [] };
  }

  /**
   * EXECUTE TASK, run at once (Snowflake queues it): the task's body in a session of its own, its WHEN
   * condition first; for a root task, then every started task whose predecessors all succeeded.
   */
  private async executeTask(caller: EngineSession, task: string): Promise<void> {
    const [db, schema, name] = task.split('.');
    const all = (
      await caller.duck
        .runAndReadAll(`select upper(name) as name, predecessors, condition, definition, state, timezone from memory.main.loopback_tasks
      where lower(database_name) = lower(${literal(db ?? '')}) and lower(schema_name) = lower(${literal(schema ?? '')})`)
    ).getRowObjectsJson() as Record<string, unknown>[];
    const prefix = `${db}.${schema}.`.toUpperCase();
    const byName = new Map(all.map((t) => [String(t['name']), t]));
    const first = byName.get((name ?? '').toUpperCase());
    if (!first)
      throw new SnowflakeSqlError(
        '002003',
        '02000',
        `SQL compilation error:\nTask '${(name ?? '').toUpperCase()}' does not exist or not authorized.`,
      );
    const succeeded = new Set<string>();
    const queue = [String(first['name'])];
    const ran = new Set<string>();
    while (queue.length > 0) {
      const current = byName.get(queue.shift() ?? '');
      if (!current || ran.has(String(current['name']))) continue;
      ran.add(String(current['name']));
      if (await this.runTask(caller, { ...current, db, schema }))
        succeeded.add(`${prefix}${String(current['name'])}`);
      for (const child of all) {
        const preds = (child['predecessors'] as string[] | null) ?? [];
        if (
          child['state'] === 'started' &&
          preds.length > 0 &&
          preds.every((p) => succeeded.has(p)) &&
          !ran.has(String(child['name']))
        )
          queue.push(String(child['name']));
      }
    }
  }

  /** TASK_HISTORY's row for a run (and taskRuns, for tests). */
  private async history(
    session: EngineSession,
    task: string,
    state: 'SUCCEEDED' | 'FAILED' | 'SKIPPED',
    error?: string,
  ): Promise<void> {
    this.taskRuns.push({ task, state, ...(error !== undefined ? { error } : {}) });
    await session.duck.run(
      `insert into memory.main.loopback_task_history values (${literal(task)}, ${literal(state)}, now()::timestamp, now()::timestamp, ${error === undefined ? 'null' : literal(error.slice(0, 2000))})`,
    );
  }

  private async runTask(caller: EngineSession, task: Record<string, unknown>): Promise<boolean> {
    const duck = await this.options.instance().connect();
    // a task runs as its owner with the task's own session parameters: TIMEZONE is America/Los_Angeles unless the task sets it
    const { TIMEZONE: _callerZone, ...values } = caller.values;
    const session: EngineSession = {
      values: {
        ...values,
        DATABASE: String(task['db']),
        SCHEMA: String(task['schema']),
        ...(task['timezone'] ? { TIMEZONE: String(task['timezone']) } : {}),
      },
      duck,
      inTransaction: false,
      consuming: new Set(),
    };
    const name = String(task['name']);
    try {
      const condition = String(task['condition'] ?? '');
      if (
        condition &&
        !(await this.statement(session, `select (${condition}) as forge_when`, [], false)).rows[0]?.[
          'forge_when'
        ]
      ) {
        await this.history(session, name, 'SKIPPED');
        return false;
      }
      await runTaskBody(
        String(task['definition']),
        async (sql) => (await this.statement(session, sql, [], false)).rows,
      );
      // a transaction the body left open is rolled back, as at the end of a Snowflake session
      await this.transaction(session, 'rollback');
      await this.history(session, name, 'SUCCEEDED');
      return true;
    } catch (error) {
      await this.transaction(session, 'rollback').catch(() => undefined);
      await this.history(session, name, 'FAILED', error instanceof Error ? error.message : String(error));
      return false;
    } finally {
      duck.closeSync();
    }
  }
}
