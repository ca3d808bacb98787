// Forge's own overhead on `forge build` of the example project at the default generated scale (landed
// files loaded into raw tables, the whole pipeline, its tests): wall time of the whole process
// minus the time spent inside DuckDB statements (reported by the adapter), as a share of wall time.
// --threads 1, so statement time is not summed over parallel threads. Best of five runs.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyExample } from './example-copy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = copyExample(root, os.tmpdir(), 'forge-overhead-');
// The data is generated once, outside the timing: the benchmark is about the build.
const scaleAt = process.argv.indexOf('--scale');
const scale = scaleAt > 0 ? process.argv[scaleAt + 1] : 'default';
spawnSync(process.execPath, [path.join(root, 'packages/forge-sql/bin/forge.js'), 'seed', '--generate', '--scale', scale, '--project-dir', dir, '-q'], { encoding: 'utf8' });
const runs = [];
for (let i = 0; i < (scale === 'default' ? 5 : 3); i++) {
  rmSync(path.join(dir, '.forge', 'forge_shop.duckdb'), { force: true });
  rmSync(path.join(dir, '.forge', 'forge_shop.duckdb.wal'), { force: true });
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(root, 'packages/forge-sql/bin/forge.js'), 'build', '--project-dir', dir, '--threads', '1', '--log-format', 'json'], { encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(r.stdout + r.stderr);
  const summary = r.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((e) => e.type === 'run-summary');
  const nodes = summary.success + summary.error + summary.skipped;
  runs.push({ wallMs, statementMs: summary.statementMs, inProcessMs: summary.ms, nodes });
  process.stderr.write(`run ${i + 1}: wall ${wallMs.toFixed(0)} ms, in statements ${summary.statementMs.toFixed(0)} ms\n`);
}
rmSync(dir, { recursive: true, force: true });
const best = runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
const share = (ms) => `${((ms / best.wallMs) * 100).toFixed(0)}%`;
console.log(`### forge build overhead, example project at scale ${scale} (${best.nodes} nodes, --threads 1) — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}\n`);
console.log('| wall (process) | inside DuckDB statements | Forge overhead | of which process start + parse (before the first node) |\n|---:|---:|---:|---:|');
console.log(`| ${best.wallMs.toFixed(0)} ms | ${best.statementMs.toFixed(0)} ms (${share(best.statementMs)}) | ${(best.wallMs - best.statementMs).toFixed(0)} ms (${share(best.wallMs - best.statementMs)}) | ${(best.wallMs - best.inProcessMs).toFixed(0)} ms outside runProject |`);
