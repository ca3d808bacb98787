/**
 * `forge serve` as a hostile or busy client sees it, over real HTTP against a real server on
 * 127.0.0.1: bad dates are a 400 with a short message (no SQL); requests to another Host name (DNS
 * rebinding) are 403; only GET and HEAD are answered; a `forge build` process run while the dashboard
 * answers requests back to back waits for the file and succeeds; the parsed project is kept between
 * requests until a file changes.
 */
import http from 'node:http';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type Served } from '../../src/serve/server.js';
import { cacheProject } from '../../src/serve/project-cache.js';
import { CliProcess } from '../helpers/cli-process.js';
import { copyExampleProject, forge } from '../helpers/project.js';

let dir: string;
let served: Served;

beforeAll(async () => {
  dir = await copyExampleProject();
  expect((await forge(dir, 'build', '-q')).code).toBe(0);
  served = await serve({ projectDir: dir }, { host: '127.0.0.1', port: 0 });
}, 180_000);
afterAll(async () => {
  await served?.close();
});

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One request with exactly this method and Host header ('' sends none; fetch would not send a foreign Host). */
function request(url: string, options: { method?: string; host?: string } = {}): Promise<Reply> {
  const host =
    options.host === undefined
      ? {}
      : options.host === ''
        ? { setHost: false }
        : { headers: { host: options.host } };
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', ...host }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const dashboard = (query: string): string => `${served.url}/api/dashboard?${query}&country=&segment=`;

describe('forge serve under bad requests', () => {
  it('answers a bad or impossible date with 400 and a short message, never SQL text', async () => {
    const cases: [string, string][] = [
      [
        'from=2025-02-30&to=2025-03-31',
        'from must be a calendar date from 1900-01-01 to 2999-12-31, like 2025-01-31 (got "2025-02-30")',
      ],
      [
        'from=2025-01-01&to=9999-12-31',
        'to must be a calendar date from 1900-01-01 to 2999-12-31, like 2025-01-31 (got "9999-12-31")',
      ],
      [
        'from=abc&to=2025-03-31',
        'from must be a calendar date from 1900-01-01 to 2999-12-31, like 2025-01-31 (got "abc")',
      ],
      ['from=2025-04-01&to=2025-03-31', 'from must not be after to'],
    ];
    for (const [query, message] of cases) {
      const reply = await request(dashboard(query));
      expect(reply.status, query).toBe(400);
      expect(JSON.parse(reply.body)).toEqual({ error: message });
    }
    expect((await request(dashboard('from=2026-01-01&to=2026-10-31'))).status).toBe(200);
  });

  it('answers only its own host names (DNS rebinding gets 403) and only GET and HEAD (405 with Allow)', async () => {
    const port = new URL(served.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect((await request(`${served.url}/api/options`, { host })).status, host).toBe(200);
    }
    for (const host of [
      `evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `localhost:${Number(port) + 1}`,
      'localhost',
    ]) {
      const reply = await request(`${served.url}/api/options`, { host });
      expect(reply.status, host).toBe(403);
      expect(reply.body).toBe(
        `host ${JSON.stringify(host)} not served: open http://127.0.0.1:${port}/ or http://localhost:${port}/\n`,
      );
    }
    // no Host at all: Node's HTTP/1.1 server refuses it before the server sees it
    expect((await request(`${served.url}/api/options`, { host: '' })).status).toBe(400);
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
      const reply = await request(`${served.url}/api/dashboard`, { method });
      expect(reply.status, method).toBe(405);
      expect(reply.headers['allow']).toBe('GET, HEAD');
    }
    const head = await request(`${served.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('forge serve beside builds', () => {
  it('lets a forge build run while the dashboard answers requests back to back', async () => {
    let stop = false;
    const statuses: number[] = [];
    const loop = (async () => {
      while (!stop) statuses.push((await request(dashboard('from=2026-01-01&to=2026-10-31'))).status);
    })();
    await new Promise((r) => setTimeout(r, 500));
    const build = new CliProcess(dir, ['build', '-s', 'daily_sales']);
    const code = await build.exited;
    const duringBuild = statuses.length;
    await new Promise((r) => setTimeout(r, 1000));
    stop = true;
    await loop;
    expect(code, build.output).toBe(0);
    expect(build.output).toMatch(/waiting for the warehouse lock held by forge serve \(PID \d+\)…/);
    expect(build.output).not.toMatch(/FRG2001/);
    // answered before the build, refused (503) only while it held the file, answered again after
    expect(statuses[0]).toBe(200);
    expect(
      statuses.slice(duringBuild + 1).every((s) => s === 200) && statuses.length > duringBuild + 1,
      JSON.stringify(statuses),
    ).toBe(true);
    expect(new Set(statuses)).toEqual(new Set(statuses.filter((s) => s === 200 || s === 503)));
  }, 120_000);

  it('keeps the parsed project between requests, and re-reads the project when a file changes', async () => {
    // the parse is kept while no input changes (its speed is measured by npm run bench:serve, not here)
    const cache = cacheProject({ projectDir: dir });
    const first = await cache.current();
    expect(first).toBeDefined();
    expect(await cache.current()).toBe(first);
    const uncached = cacheProject({ projectDir: dir }, false);
    expect(await uncached.current()).not.toBe(await uncached.current());
    // requests at once after an idle spell (as the page's first load sends them): one open, all answered
    await new Promise((r) => setTimeout(r, 700));
    const together = await Promise.all(
      Array.from({ length: 6 }, () => request(dashboard('from=2026-01-01&to=2026-10-31'))),
    );
    expect(together.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // a dashboard model removed from the project: the next request sees it
    await rm(path.join(dir, 'models/gold/marts/payment_behaviour.sql'));
    expect(await cache.current()).not.toBe(first);
    const reply = JSON.parse((await request(dashboard('from=2026-01-01&to=2026-10-31'))).body) as {
      empty?: boolean;
      missing?: string[];
    };
    expect(reply).toMatchObject({ empty: true, missing: ['payment_behaviour'] });
  }, 120_000);
});
