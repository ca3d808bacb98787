// Times `forge build` of the fan-out fixture (four slow single-threaded models under one root) with
// --threads 1 and --threads 2, alternating, best of three each, in one run.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'forge-threads-'));
cpSync(path.join(root, 'tests/fixtures/fanout'), dir, { recursive: true });
const times = { 1: [], 2: [] };
for (let round = 0; round < 3; round++) {
  for (const threads of [1, 2]) {
    rmSync(path.join(dir, '.forge'), { recursive: true, force: true });
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [path.join(root, 'packages/forge-sql/bin/forge.js'), 'build', '--project-dir', dir, '--threads', String(threads), '-q'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stdout + r.stderr);
    times[threads].push(Number(process.hrtime.bigint() - started) / 1e9);
    process.stderr.write(`round ${round + 1}, --threads ${threads}: ${times[threads].at(-1).toFixed(2)} s\n`);
  }
}
rmSync(dir, { recursive: true, force: true });
const best = (list) => Math.min(...list);
console.log(`### forge build, fan-out fixture — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}\n`);
console.log('| --threads | best of 3 | runs |\n|---:|---:|---|');
for (const t of [1, 2]) console.log(`| ${t} | ${best(times[t]).toFixed(2)} s | ${times[t].map((x) => x.toFixed(2)).join(', ')} |`);
console.log(`\n--threads 2 is ${(best(times[1]) / best(times[2])).toFixed(2)}× faster than --threads 1.`);
