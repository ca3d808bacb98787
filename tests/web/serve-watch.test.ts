/**
 * The dashboard beside watch mode: `forge build --watch --serve` serves from the watch process,
 * reading through the warehouse it holds, before and after a rebuild; a separate `forge serve` on the
 * same DuckDB file answers 503 with the holder and what to do.
 */
import { writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serve } from '../../src/serve/server.js';
import { CliProcess } from '../helpers/cli-process.js';
import { copyExampleProject } from '../helpers/project.js';

let running: CliProcess | undefined;
afterEach(() => {
  running?.kill();
  running = undefined;
});

const dashboard = async (
  url: string,
): Promise<{ status: number; body: { kpis?: { rows: unknown[] }; error?: string; hint?: string } }> => {
  const response = await fetch(`${url}/api/dashboard?from=2026-01-01&to=2026-10-31&country=&segment=`);
  return {
    status: response.status,
    body: (await response.json()) as { kpis?: { rows: unknown[] }; error?: string; hint?: string },
  };
};

describe('forge build --watch --serve', () => {
  it('serves the dashboard from the watch process, through rebuilds; another process is told why not', async () => {
    const dir = await copyExampleProject();
    const p = (running = new CliProcess(dir, ['build', '--watch', '--serve', '--port', '0']));
    const ready = await p.waitFor(/watch: watching for changes/, 0, 120_000);
    const url = /serving the dashboard at (http:\/\/127\.0\.0\.1:\d+)\//.exec(p.output)?.[1] ?? '';
    expect(url, ready).not.toBe('');
    const first = await dashboard(url);
    expect(first.status).toBe(200);
    expect(
      first.body.kpis?.rows.length,
      JSON.stringify(first.body).slice(0, 500) + p.output.slice(-1500),
    ).toBe(2);
    const docs = await fetch(`${url}/docs`);
    expect(await docs.text()).toContain('forge-data');
    // a save: the watcher rebuilds, the dashboard keeps answering
    const from = p.output.length;
    const file = path.join(dir, 'models/gold/marts/revenue_by_country.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- touched\n`);
    await p.waitFor(/Done in/, from, 60_000);
    expect((await dashboard(url)).status).toBe(200);
    // a second process cannot open the held DuckDB file: it says who holds it and what to do
    const other = await serve({ projectDir: dir }, { host: '127.0.0.1', port: 0 });
    try {
      const refused = await dashboard(other.url);
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatch(/held by `forge build --watch`/);
      expect(refused.body.hint).toMatch(/forge build --watch --serve/);
    } finally {
      await other.close();
    }
    p.key('q');
    expect(await p.exited).toBe(0);
  }, 180_000);
});
