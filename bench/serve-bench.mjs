// forge serve: a burst of 60 dashboard requests (/api/dashboard, back to back, as a page's reloads and
// filter changes make) against the built example project, with the parsed project and the open
// warehouse kept between requests (the default) and without (FORGE_SERVE_CACHE=0: parse and open per
// request, as before). Usage: npm run bench:serve
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyExample } from './example-copy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forge = path.join(root, 'packages/forge-sql/bin/forge.js');
const work = existsSync('/dev/shm') ? '/dev/shm/forge-serve-bench' : path.join(root, 'bench/work/serve');
const REQUESTS = 60;

/** Starts `forge serve --port 0`; resolves with its URL and a stop function. */
function startServe(dir, env) {
  const child = spawn(process.execPath, [forge, 'serve', '--port', '0', '--project-dir', dir], { env: { ...process.env, ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      const url = /serving the dashboard at (http:\/\/[^/\s]+)\//.exec(output)?.[1];
      if (url) resolve({ url, stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }) });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`forge serve exited ${code}: ${output}`)));
  });
}

/** Milliseconds for REQUESTS dashboard requests, one after another, with the filters a user changes. */
async function burst(url) {
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const month = String((i % 9) + 1).padStart(2, '0');
    const response = await fetch(`${url}/api/dashboard?from=2026-${month}-01&to=2026-10-31&country=&segment=`);
    const body = await response.json();
    if (response.status !== 200 || !body.kpis) throw new Error(`request ${i}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
  return performance.now() - started;
}

async function measure(dir, env) {
  const served = await startServe(dir, env);
  try {
    await burst(served.url).catch(() => undefined); // warm-up: JIT, OS file cache
    return await burst(served.url);
  } finally {
    await served.stop();
  }
}

rmSync(work, { recursive: true, force: true });
const dir = copyExample(root, work, 'example-');
const build = spawnSync(process.execPath, [forge, 'build', '-q', '--project-dir', dir], { encoding: 'utf8' });
if (build.status !== 0) throw new Error(`forge build failed: ${build.stdout.slice(-2000)}${build.stderr.slice(-2000)}`);

const uncached = await measure(dir, { FORGE_SERVE_CACHE: '0' });
const cached = await measure(dir, {});
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`forge serve, ${REQUESTS} dashboard requests back to back — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${cpu}, Node ${process.version}`);
console.log(`| parse + open per request (FORGE_SERVE_CACHE=0) | kept between requests | ratio |`);
console.log(`|---:|---:|---:|`);
console.log(`| ${(uncached / 1000).toFixed(2)} s (${(uncached / REQUESTS).toFixed(0)} ms each) | ${(cached / 1000).toFixed(2)} s (${(cached / REQUESTS).toFixed(0)} ms each) | ${(uncached / cached).toFixed(1)}× |`);
rmSync(work, { recursive: true, force: true });
