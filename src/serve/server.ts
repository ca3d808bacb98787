/**
 * `forge serve`: the docs and a live dashboard over the gold marts and the churn predictions, on
 * 127.0.0.1 by default. Each request opens the warehouse, reads and closes it again, so builds (and a
 * schedule) can run between requests. Watch mode holds a DuckDB file for its lifetime, so
 * `forge build --watch --serve` serves from the watch process itself, reading through its warehouse
 * (DuckDB lets one process's connections read while another builds). Filters are bound parameters.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { withConnection } from '../adapters/open-warehouse.js';
import { isRelationNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { buildDocsData } from '../api/docs.js';
import { loadProject, parse, type ForgeOptions } from '../api/forge.js';
import { createCompiler } from '../compile/compile.js';
import { docsPage, page, webBundle } from '../docs/site.js';
import { ForgeError } from '../errors/diagnostic.js';
import type { Connection, Warehouse } from '../adapters/adapter.js';
import type { Manifest } from '../parser/manifest.js';
import { ignoreEvents, type EventSink } from '../report/events.js';
import { dashboardData, dashboardOptions, DASHBOARD_MODELS, type DashboardFilters } from './dashboard-queries.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readFilters(params: URLSearchParams): DashboardFilters | string {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (!DATE.test(from) || !DATE.test(to) || Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to))) return 'from and to must be dates like 2025-01-31';
  if (from > to) return 'from must not be after to';
  return { from, to, country: (params.get('country') ?? '').slice(0, 100), segment: (params.get('segment') ?? '').slice(0, 100) };
}

/** Where requests read: the warehouse a watch session in this process holds, else one opened per request. */
export type SharedWarehouse = () => Warehouse | undefined;

async function api(options: ForgeOptions, url: URL, shared?: SharedWarehouse): Promise<{ status: number; body: unknown }> {
  const parsed = await parse(options);
  if (!parsed.manifest) return { status: 500, body: { error: 'the project does not parse: run forge parse to see why' } };
  const manifest: Manifest = parsed.manifest;
  try {
    return await withConnection(manifest.target, async (connection) => {
      const missing = await missingModels(manifest, connection);
      if (missing.length > 0) {
        return { status: 200, body: { empty: true, missing, message: `No data to show yet: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not built in target "${manifest.target.name}". Run \`forge build\`, then reload.` } };
      }
      const compiler = createCompiler(manifest);
      if (url.pathname === '/api/options') return { status: 200, body: { options: await dashboardOptions(connection, compiler) } };
      const filters = readFilters(url.searchParams);
      if (typeof filters === 'string') return { status: 400, body: { error: filters } };
      return { status: 200, body: await dashboardData(connection, compiler, filters) };
    }, { shared: shared?.() });
  } catch (error) {
    // the warehouse could not be opened: another process holds it
    if (!(error instanceof ForgeError) || !error.diagnostics.some((d) => d.code === Codes.warehouseLocked || d.code === Codes.warehouseOpen)) throw error;
    return { status: 503, body: { error: error.message, hint: 'another process holds the warehouse: reload when it is done, or serve from that process (forge build --watch --serve)' } };
  }
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

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

const json = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));

export interface Served {
  readonly url: string;
  close(): Promise<void>;
}

export async function serve(options: ForgeOptions, address: { host: string; port: number }, events: EventSink = ignoreEvents, shared?: SharedWarehouse): Promise<Served> {
  const project = (await loadProject(options)).loaded?.project.name ?? 'forge';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://forge');
    void (async () => {
      try {
        if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, 'text/html; charset=utf-8', page(`${project} — dashboard`, webBundle('dashboard'), { project }));
        if (url.pathname === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
        if (url.pathname === '/docs') {
          const { data } = await buildDocsData(options, ignoreEvents, shared?.());
          return data ? send(res, 200, 'text/html; charset=utf-8', docsPage(data)) : send(res, 500, 'text/plain', 'the project does not parse');
        }
        if (url.pathname === '/api/dashboard' || url.pathname === '/api/options') {
          const { status, body } = await api(options, url, shared);
          return send(res, status, 'application/json', json(body));
        }
        send(res, 404, 'text/plain', 'not found');
      } catch (error) {
        events({ type: 'info', message: `serve: ${error instanceof Error ? error.message : String(error)}` });
        send(res, 500, 'application/json', json({ error: error instanceof Error ? error.message : String(error) }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(address.port, address.host, resolve));
  const url = `http://${address.host}:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}
