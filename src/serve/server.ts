/**
 * `forge serve`: the docs and a live dashboard over the gold marts and the churn predictions, on
 * 127.0.0.1 by default. The parsed project is kept until an input file changes (project-cache.ts);
 * the warehouse is opened read-only by the first request of a burst and closed shortly after the last
 * (held-warehouse.ts), so builds (and a schedule) run between bursts — a build that finds the file
 * held waits for it (up to 10 s) and the server lets go at once. Watch mode holds a DuckDB file for
 * its lifetime, so `forge build --watch --serve` serves from the watch process itself, reading
 * through its warehouse. Filters are bound parameters; only GET/HEAD to this server's own host names
 * are answered (request-guard.ts).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { withConnection } from '../adapters/open-warehouse.js';
import { isRelationNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { buildDocsData } from '../api/docs.js';
import { loadProject, type ForgeOptions } from '../api/forge.js';
import { docsPage, page, webBundle } from '../docs/site.js';
import { ForgeError } from '../errors/diagnostic.js';
import type { Connection, Warehouse } from '../adapters/adapter.js';
import type { Manifest } from '../parser/manifest.js';
import { ignoreEvents, type EventSink } from '../report/events.js';
import { dashboardData, dashboardOptions, DASHBOARD_MODELS } from './dashboard-queries.js';
import { readFilters } from './dashboard-filters.js';
import { cacheProject, type CachedProject } from './project-cache.js';
import { holdWarehouse } from './held-warehouse.js';
import { refuseRequest } from './request-guard.js';

/** Where requests read: the warehouse a watch session in this process holds, else the server's own. */
type SharedWarehouse = () => Warehouse | undefined;

/** How the server keeps state between requests. */
interface ServeTuning {
  /** Keep the parsed project and the open warehouse between requests (default true; FORGE_SERVE_CACHE=0 turns it off). */
  readonly cache?: boolean;
  /** How long the warehouse stays open after the last request of a burst (default 500 ms). */
  readonly idleMs?: number;
}

interface Reader {
  readonly project: CachedProject;
  /** Nobody writes the warehouse while this server reads it (its own read-only hold, not a watcher's). */
  readonly unchanging: boolean;
  read<T>(work: (connection: Connection, warehouse: Warehouse) => Promise<T>): Promise<T>;
}

/** The models missing from a warehouse this server holds read-only: they cannot appear while it is held. */
const missingWhileHeld = new WeakMap<Warehouse, Map<Manifest, Promise<string[]>>>();

function missingIn(reader: Reader, connection: Connection, warehouse: Warehouse): Promise<string[]> {
  const { manifest } = reader.project;
  if (!reader.unchanging) return missingModels(manifest, connection);
  const known = missingWhileHeld.get(warehouse) ?? new Map<Manifest, Promise<string[]>>();
  missingWhileHeld.set(warehouse, known);
  const missing = known.get(manifest) ?? missingModels(manifest, connection);
  known.set(manifest, missing);
  return missing;
}

type Answer = { status: number; body: unknown };

async function dashboardAnswer(reader: Reader, url: URL): Promise<Answer> {
  const { manifest, compiler } = reader.project;
  return reader.read(async (connection, warehouse) => {
    const missing = await missingIn(reader, connection, warehouse);
    if (missing.length > 0) {
      return {
        status: 200,
        body: {
          empty: true,
          missing,
          message: `No data to show yet: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not built in target "${manifest.target.name}". Run \`forge build\`, then reload.`,
        },
      };
    }
    if (url.pathname === '/api/options')
      return { status: 200, body: { options: await dashboardOptions(connection, compiler) } };
    const filters = readFilters(url.searchParams);
    if (typeof filters === 'string') return { status: 400, body: { error: filters } };
    return { status: 200, body: await dashboardData(connection, compiler, filters) };
  });
}

/** The warehouse could not be read (another process holds it): a 503 saying so; anything else is rethrown. */
function unavailable(error: unknown): Answer {
  if (
    !(error instanceof ForgeError) ||
    !error.diagnostics.some((d) => d.code === Codes.warehouseLocked || d.code === Codes.warehouseOpen)
  )
    throw error;
  return {
    status: 503,
    body: {
      error: error.message,
      hint: 'another process holds the warehouse: reload when it is done, or serve from that process (forge build --watch --serve)',
    },
  };
}

/** The dashboard's models that are not built in the target. */
async function missingModels(manifest: Manifest, connection: Connection): Promise<string[]> {
  const byName = new Map([...manifest.nodes.values()].map((n) => [n.name, n]));
  const missing: string[] = [];
  for (const name of DASHBOARD_MODELS) {
    const node = byName.get(name);
    if (!node || !isRelationNode(node) || !(await connection.describe(node.relation))) missing.push(name);
  }
  return missing;
}

function send(
  res: http.ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

const json = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

export async function serve(
  options: ForgeOptions,
  address: { host: string; port: number },
  events: EventSink = ignoreEvents,
  shared?: SharedWarehouse,
  tuning: ServeTuning = {},
): Promise<Served> {
  const project = (await loadProject(options)).loaded?.project.name ?? 'forge';
  const cache = tuning.cache ?? true;
  const projects = cacheProject(options, cache);
  const held = holdWarehouse(cache ? (tuning.idleMs ?? 500) : 0);
  const reader = async (): Promise<Reader | undefined> => {
    const current = await projects.current();
    if (!current) return undefined;
    const own = shared?.();
    return {
      project: current,
      unchanging: !own && current.manifest.target.type === 'duckdb',
      read: (work) =>
        own
          ? withConnection(current.manifest.target, work, { shared: own })
          : held.use(current.manifest.target, work),
    };
  };
  let port = address.port;
  const server = http.createServer((req, res) => {
    const refused = refuseRequest(req.method, req.headers.host, address.host, port);
    if (refused)
      return send(res, refused.status, 'text/plain; charset=utf-8', `${refused.message}\n`, refused.headers);
    void route(new URL(req.url ?? '/', 'http://forge'), res, { project, options, reader, events });
  });
  await new Promise<void>((resolve) => server.listen(address.port, address.host, resolve));
  port = (server.address() as AddressInfo).port;
  const url = `http://${address.host.includes(':') ? `[${address.host}]` : address.host}:${port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          void held.close().then(resolve);
        });
      }),
  };
}

interface RouteContext {
  readonly project: string;
  readonly options: ForgeOptions;
  readonly reader: () => Promise<Reader | undefined>;
  readonly events: EventSink;
}

async function route(url: URL, res: http.ServerResponse, ctx: RouteContext): Promise<void> {
  try {
    if (url.pathname === '/' || url.pathname === '/index.html')
      return send(
        res,
        200,
        'text/html; charset=utf-8',
        page(`${ctx.project} — dashboard`, webBundle('dashboard'), { project: ctx.project }),
      );
    if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (url.pathname !== '/docs' && url.pathname !== '/api/dashboard' && url.pathname !== '/api/options')
      return send(res, 404, 'text/plain', 'not found');
    const reader = await ctx.reader();
    if (!reader)
      return send(
        res,
        500,
        'application/json',
        json({ error: 'the project does not parse: run forge parse to see why' }),
      );
    if (url.pathname === '/docs') {
      const docs = await reader
        .read((_c, warehouse) => buildDocsData(ctx.options, ignoreEvents, warehouse))
        .catch(unavailable);
      if ('status' in docs) return send(res, docs.status, 'application/json', json(docs.body));
      return docs.data
        ? send(res, 200, 'text/html; charset=utf-8', docsPage(docs.data))
        : send(res, 500, 'text/plain', 'the project does not parse');
    }
    const { status, body } = await dashboardAnswer(reader, url).catch(unavailable);
    return send(res, status, 'application/json', json(body));
  } catch (error) {
    // the details (they may carry SQL) go to the server's log, not to the page
    ctx.events({
      type: 'info',
      message: `serve: ${url.pathname}: ${error instanceof Error ? error.message : String(error)}`,
    });
    send(
      res,
      500,
      'application/json',
      json({ error: 'the server could not answer this request: its log says why' }),
    );
  }
}
