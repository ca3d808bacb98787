/**
 * A loopback server speaking the REST protocol snowflake-sdk uses (login, query-request with binds,
 * result polling, abort, heartbeat, token renewal, session delete; errors as HTTP 200 with
 * `success:false`), executing on an in-memory DuckDB through translate.ts's allow-list. It records
 * every statement (with its session's warehouse, role and query tag) and injects faults: HTTP 5xx,
 * an expired session token, slow statements to cancel. Tests start it on 127.0.0.1 and stop it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { RESULT_PARAMETERS } from './encode.js';
import { Engine } from './engine.js';
import { loginRefusal, WRONG_PASSWORD, type Credentials } from './server-login.js';
import { raisedError } from './dynamic-guards.js';
import { warehouseRefusal } from './warehouses.js';
import { publishHistory } from './server-catalogs.js';
import { DEFAULT_STALE_AFTER_MS } from './streams.js';
import { LOOPBACK_MACROS, SnowflakeSqlError } from './translate.js';

export interface RecordedStatement {
  readonly queryId: string;
  readonly sql: string;
  readonly startedAt: number;
  readonly ms: number;
  readonly sessionId: number;
  readonly warehouse: string;
  readonly role: string;
  readonly queryTag: string;
  readonly ok: boolean;
  readonly code?: string;
}

export interface Faults {
  /** Answer this many query requests with HTTP 503 first. */
  http5xx: number;
  /** Answer the next query request with "session token expired" (the driver renews and retries). */
  expireSession: boolean;
  /** Statements matching this take `ms` before running (cancellable). */
  slow?: { readonly pattern: RegExp; readonly ms: number } | undefined;
  /** Statements matching this fail (as a statement Snowflake refuses at run time would). */
  fail?: RegExp | undefined;
  /** Statements matching `pattern` fail for want of a privilege on `object` (e.g. "table 'DB.S.T'"): Snowflake's 003001. */
  deny?: { readonly pattern: RegExp; readonly object: string } | undefined;
}

interface Session {
  readonly id: number;
  /** RESULT_PARAMETERS plus the SESSION_PARAMETERS the client logged in with (echoed back, as Snowflake does). */
  readonly parameters: readonly { name: string; value: unknown }[];
  token: string;
  masterToken: string;
  readonly values: Record<string, string>;
  readonly duck: DuckDBConnection;
  queue: Promise<unknown>;
  inTransaction: boolean;
  readonly consuming: Set<string>;
  onCancel?: (cancel: () => void) => void;
}

interface Query {
  readonly id: string;
  readonly requestId: string;
  readonly session: Session;
  done: boolean;
  response?: object;
  cancel?: () => void;
  readonly finished: Promise<void>;
}

const SQL_ERRORS: readonly (readonly [RegExp, string, string])[] = [
  [/^Parser Error/, '001003', '42000'],
  [/^Catalog Error/, '002003', '42S02'],
  [/^Binder Error/, '000904', '42000'],
  [/^Conversion Error/, '100038', '22018'],
  [/^Constraint Error/, '100072', '22000'],
  [/^(Transaction|TransactionContext) Error/, '000625', '57014'],
];

function sqlError(error: unknown): SnowflakeSqlError {
  if (error instanceof SnowflakeSqlError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const raised = raisedError(message);
  if (raised) return new SnowflakeSqlError(...raised);
  const [, code, state] = SQL_ERRORS.find(([p]) => p.test(message)) ?? [undefined, '100000', '22000'];
  return new SnowflakeSqlError(
    code,
    state,
    code === '100000' ? message : `SQL compilation error:\n${message}`,
  );
}

export class LoopbackServer {
  readonly statements: RecordedStatement[] = [];
  readonly logins: { user: string; authenticator: string }[] = [];
  readonly faults: Faults = { http5xx: 0, expireSession: false };
  renewals = 0;
  /** QUERY_HISTORY returns at most this many rows a call (Snowflake: RESULT_LIMIT ≤ 10,000); tests lower it. */
  queryHistoryCap = 10_000;
  /** The warehouses that exist (undefined: any name does); a session on another has none (warehouses.ts). */
  warehouses: readonly string[] | undefined = undefined;
  aborts = 0;
  /** The role's account-level EXECUTE TASK privilege (resuming tasks, EXECUTE TASK); tests revoke it. */
  executeTask = true;
  /** How long a stream may go unconsumed before it is stale, and a clock tests can move forward. */
  streamStaleAfterMs = DEFAULT_STALE_AFTER_MS;
  clockOffsetMs = 0;
  /** SQL semantics: transactions, streams, grants, tasks, stages (engine.ts). */
  readonly engine = new Engine({
    stageRoot: () => this.stageRoot,
    buckets: () => this.options.buckets ?? {},
    instance: () => this.instance as DuckDBInstance,
    executeTask: () => this.executeTask,
    now: () => Date.now() + this.clockOffsetMs,
    staleAfterMs: () => this.streamStaleAfterMs,
  });

  get refreshes(): number {
    return this.engine.refreshes;
  }
  /** Statements executing right now, and those of them held by the `slow` fault. */
  running = 0;
  slowed = 0;
  private server?: http.Server;
  private instance?: DuckDBInstance;
  private readonly sessions = new Map<string, Session>();
  private readonly queries = new Map<string, Query>();
  private nextSession = 1;
  /** The user stage `@~`: PUT copies files here (the driver's LOCAL_FS stage type), COPY INTO reads them. */
  private stageRoot = '';

  constructor(
    private readonly options: Credentials & {
      readonly quickMs?: number;
      /** Cloud URL prefixes (`s3://bucket`) mapped to local directories, for external stages. */
      readonly buckets?: Readonly<Record<string, string>>;
    } = { user: 'forge', password: 'secret' },
  ) {}

  async start(): Promise<string> {
    this.stageRoot = await mkdtemp(path.join(tmpdir(), 'forge-loopback-stage-'));
    this.instance = await DuckDBInstance.create(':memory:');
    const setup = await this.instance.connect();
    for (const macro of LOOPBACK_MACROS) await setup.run(macro);
    setup.closeSync();
    this.server = http.createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sessions.values()) s.duck.closeSync();
    this.sessions.clear();
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
    this.instance?.closeSync();
    if (this.stageRoot) await rm(this.stageRoot, { recursive: true, force: true });
  }

  /** Runs SQL directly on the DuckDB behind the server (for test assertions). */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    const c = await (this.instance as DuckDBInstance).connect();
    try {
      return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      c.closeSync();
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let raw = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip' && raw.length > 0) raw = zlib.gunzipSync(raw);
    const body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    const url = new URL(req.url ?? '/', 'http://loopback');
    const send = (value: object, status = 200): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const token = /Snowflake Token="([^"]*)"/.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    try {
      if (url.pathname === '/session/v1/login-request') return send(await this.login(body, url));
      if (url.pathname === '/session/token-request') return send(this.renew(token));
      if (url.pathname === '/telemetry/send' || url.pathname === '/session/heartbeat')
        return send({ success: true, data: {} });
      const session = [...this.sessions.values()].find((s) => s.token === token);
      if (url.pathname === '/session' && url.searchParams.get('delete') === 'true') {
        if (session) {
          this.sessions.delete(session.token);
          session.duck.closeSync();
        }
        return send({ success: true });
      }
      if (!session)
        return send({
          success: false,
          code: '390104',
          message: 'Session token invalid (loopback).',
          data: null,
        });
      if (url.pathname === '/queries/v1/query-request') {
        if (this.faults.http5xx > 0) {
          this.faults.http5xx--;
          return send({ message: 'service unavailable (injected)' }, 503);
        }
        if (this.faults.expireSession) {
          this.faults.expireSession = false;
          return send({
            success: false,
            code: '390112',
            message: 'Session token expired (injected).',
            data: null,
          });
        }
        return send(
          await this.queryRequest(session, body, url.searchParams.get('requestId') ?? randomUUID()),
        );
      }
      const result = /^\/queries\/([^/]+)\/result$/.exec(url.pathname);
      if (result) return send(await this.poll(result[1] ?? ''));
      if (url.pathname === '/queries/v1/abort-request')
        return send(this.abort(String(body['requestId'] ?? '')));
      return send({
        success: false,
        code: '000001',
        message: `loopback: no endpoint ${req.method} ${url.pathname}`,
        data: null,
      });
    } catch (error) {
      return send({
        success: false,
        code: '000002',
        message: `loopback: ${error instanceof Error ? error.message : String(error)}`,
        data: null,
      });
    }
  }

  private async login(body: Record<string, unknown>, url: URL): Promise<object> {
    const data = (body['data'] ?? {}) as Record<string, unknown>;
    const authenticator = String(data['AUTHENTICATOR'] ?? 'SNOWFLAKE');
    // an OAuth token names its user: the driver need not send LOGIN_NAME
    const user = String(data['LOGIN_NAME'] ?? (authenticator === 'OAUTH' ? this.options.user : ''));
    const refused =
      user.toLowerCase() === this.options.user.toLowerCase()
        ? loginRefusal(this.options, authenticator, data)
        : WRONG_PASSWORD;
    if (refused) return { success: false, code: refused[0], message: refused[1], data: null };
    this.logins.push({ user, authenticator });
    const values: Record<string, string> = {
      DATABASE: url.searchParams.get('databaseName') ?? '',
      SCHEMA: url.searchParams.get('schemaName') ?? 'PUBLIC',
      WAREHOUSE: url.searchParams.get('warehouse') ?? '',
      ROLE: url.searchParams.get('roleName') ?? 'PUBLIC',
      QUERY_TAG: '',
    };
    const duck = await (this.instance as DuckDBInstance).connect();
    if (values['DATABASE']) await this.ensureDatabase(duck, values['DATABASE']);
    const requested = Object.entries((data['SESSION_PARAMETERS'] ?? {}) as Record<string, unknown>).map(
      ([name, value]) => ({ name, value }),
    );
    const parameters = [...RESULT_PARAMETERS, ...requested];
    // session parameters the loopback honours (TIMEZONE: the clock's zone; America/Los_Angeles when unset, as on Snowflake)
    for (const { name, value } of requested)
      if (name.toUpperCase() === 'TIMEZONE') values['TIMEZONE'] = String(value);
    const session: Session = {
      id: this.nextSession++,
      parameters,
      token: randomUUID(),
      masterToken: randomUUID(),
      values,
      duck,
      queue: Promise.resolve(),
      inTransaction: false,
      consuming: new Set(),
    };
    this.sessions.set(session.token, session);
    return {
      success: true,
      data: {
        token: session.token,
        masterToken: session.masterToken,
        validityInSeconds: 3600,
        masterValidityInSeconds: 14400,
        sessionId: session.id,
        parameters: session.parameters,
        sessionInfo: {
          databaseName: values['DATABASE'],
          schemaName: values['SCHEMA'],
          warehouseName: values['WAREHOUSE'],
          roleName: values['ROLE'],
        },
      },
    };
  }

  private async ensureDatabase(duck: DuckDBConnection, name: string): Promise<void> {
    const found = await duck.runAndReadAll(
      `select 1 from duckdb_databases() where lower(database_name) = lower('${name.replace(/'/g, "''")}')`,
    );
    if (found.currentRowCount === 0) await duck.run(`attach ':memory:' as ${name}`);
  }

  private renew(masterToken: string): object {
    const session = [...this.sessions.values()].find((s) => s.masterToken === masterToken);
    if (!session)
      return { success: false, code: '390114', message: 'Master token expired (loopback).', data: null };
    this.sessions.delete(session.token);
    session.token = randomUUID();
    this.sessions.set(session.token, session);
    this.renewals++;
    return {
      success: true,
      data: {
        sessionToken: session.token,
        masterToken: session.masterToken,
        validityInSecondsST: 3600,
        validityInSecondsMT: 14400,
      },
    };
  }

  private async queryRequest(
    session: Session,
    body: Record<string, unknown>,
    requestId: string,
  ): Promise<object> {
    const sql = String(body['sqlText'] ?? '');
    const params = (body['parameters'] ?? {}) as Record<string, string>;
    const bindings = Object.entries((body['bindings'] ?? {}) as Record<string, { value: unknown }>)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, b]) => b.value);
    const id = randomUUID();
    let resolveFinished: () => void = () => undefined;
    const query: Query = {
      id,
      requestId,
      session,
      done: false,
      finished: new Promise((r) => {
        resolveFinished = r;
      }),
    };
    this.queries.set(id, query);
    const run = session.queue.then(() =>
      this.execute(query, sql, bindings, body['describeOnly'] === true, params['QUERY_TAG']),
    );
    session.queue = run.catch(() => undefined);
    void run.then((response) => {
      query.response = response;
      query.done = true;
      resolveFinished();
    });
    return this.waitFor(query, this.options.quickMs ?? 1500);
  }

  private async waitFor(query: Query, ms: number): Promise<object> {
    await Promise.race([query.finished, new Promise((r) => setTimeout(r, ms))]);
    if (query.done && query.response) {
      this.queries.delete(query.id);
      return query.response;
    }
    return {
      success: true,
      code: '333334',
      message: 'Asynchronous execution in progress.',
      data: { queryId: query.id, getResultUrl: `/queries/${query.id}/result` },
    };
  }

  private async poll(id: string): Promise<object> {
    const query = this.queries.get(id);
    if (!query)
      return { success: false, code: '000709', message: `Statement ${id} not found`, data: { queryId: id } };
    return this.waitFor(query, 2000);
  }

  private abort(requestId: string): object {
    for (const q of this.queries.values())
      if (q.requestId === requestId && !q.done) {
        this.aborts++;
        q.cancel?.();
      }
    return { success: true, data: null };
  }

  private async execute(
    query: Query,
    sql: string,
    bindings: readonly unknown[],
    describeOnly: boolean,
    statementTag?: string,
  ): Promise<object> {
    const { session } = query;
    const startedAt = Date.now();
    const record = (ok: boolean, code?: string): void => {
      this.statements.push({
        queryId: query.id,
        sql,
        startedAt,
        ms: Date.now() - startedAt,
        sessionId: session.id,
        warehouse: session.values['WAREHOUSE'] ?? '',
        role: session.values['ROLE'] ?? '',
        queryTag: statementTag ?? session.values['QUERY_TAG'] ?? '',
        ok,
        ...(code ? { code } : {}),
      });
    };
    this.running++;
    const deadline = this.deadline(query);
    try {
      if (this.faults.fail?.test(sql))
        throw new SnowflakeSqlError('100132', '22000', 'loopback: statement failed (injected fault)');
      const refused = this.statementRefusal(session, sql);
      if (refused) throw refused;
      if (this.faults.slow?.pattern.test(sql)) {
        this.slowed++;
        await this.sleep(query, this.faults.slow.ms).finally(() => {
          this.slowed--;
        });
      }
      if (/\bquery_history\b/i.test(sql))
        await publishHistory(session.duck, this.statements, this.queryHistoryCap);
      session.onCancel = (cancel) => {
        query.cancel = cancel;
      };
      const outcome = await this.engine.statement(session, sql, bindings, describeOnly);
      record(true);
      if (outcome.upload) {
        return {
          success: true,
          code: null,
          message: null,
          data: {
            command: 'UPLOAD',
            src_locations: [outcome.upload.file],
            autoCompress: false,
            sourceCompression: 'auto_detect',
            parallel: 1,
            overwrite: true,
            queryId: query.id,
            encryptionMaterial: null,
            stageInfo: {
              locationType: 'LOCAL_FS',
              location: `${this.stageRoot}/${outcome.upload.stageDir}`,
              path: `${outcome.upload.stageDir}/`,
              region: null,
              creds: {},
            },
          },
        };
      }
      return this.success(query, outcome.result, outcome.type);
    } catch (error) {
      const e = deadline.expired ?? sqlError(error);
      record(false, e.code);
      return {
        success: false,
        code: e.code,
        message: e.message,
        data: { errorCode: e.code, sqlState: e.sqlState, queryId: query.id, internalError: false },
      };
    } finally {
      deadline.stop();
      this.running--;
    }
  }

  /** What Snowflake refuses before running a statement: a privilege the role lacks (the `deny` fault), no usable warehouse. */
  private statementRefusal(session: Session, sql: string): SnowflakeSqlError | undefined {
    const { deny } = this.faults;
    if (deny?.pattern.test(sql))
      return new SnowflakeSqlError(
        '003001',
        '42501',
        `SQL access control error:\nInsufficient privileges to operate on ${deny.object}.`,
      );
    return warehouseRefusal(sql, session.values['WAREHOUSE'] ?? '', this.warehouses);
  }

  /**
   * The session's STATEMENT_TIMEOUT_IN_SECONDS (unset or 0: none): past it the statement is canceled,
   * and fails with Snowflake's 000630 rather than a plain cancel.
   */
  private deadline(query: Query): { expired?: SnowflakeSqlError; stop(): void } {
    const seconds = Number(query.session.values['STATEMENT_TIMEOUT_IN_SECONDS'] ?? 0);
    const deadline: { expired?: SnowflakeSqlError; stop(): void } = { stop: () => undefined };
    if (!(seconds > 0)) return deadline;
    const timer = setTimeout(() => {
      deadline.expired = new SnowflakeSqlError(
        '000630',
        '57014',
        `Statement reached its statement or warehouse timeout of ${seconds} second(s) and was canceled.`,
      );
      query.cancel?.();
    }, seconds * 1000);
    deadline.stop = () => clearTimeout(timer);
    return deadline;
  }

  private sleep(query: Query, ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      query.cancel = () => {
        clearTimeout(timer);
        reject(new SnowflakeSqlError('000604', '57014', 'SQL execution canceled'));
      };
    });
  }

  private success(query: Query, result: object, statementTypeId: number): object {
    const rowset = (result as { rowset: unknown[] }).rowset;
    return {
      success: true,
      code: null,
      message: null,
      data: {
        ...result,
        total: rowset.length,
        returned: rowset.length,
        queryId: query.id,
        statementTypeId,
        version: 1,
        parameters: query.session.parameters,
        queryResultFormat: 'json',
        finalDatabaseName: query.session.values['DATABASE'],
        finalSchemaName: query.session.values['SCHEMA'],
      },
    };
  }
}
