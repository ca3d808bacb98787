// The example pipeline at each scale: `forge build` from landed files (wall, rows/s, peak memory),
// the build after one appended day as a fraction of it, and the nested-vs-star mart comparison.
// Usage: npm run bench:pipeline [-- --scales default,x10,large] [--threads N] [--days N] [--keep] [--reuse <generated copy>]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyExample } from './example-copy.mjs';
import { martComparison } from './mart-compare.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--scales');
const scales = (at > 0 ? process.argv[at + 1] : 'default,x10,large').split(',');
// --threads N for every build (the large scale fits DuckDB's memory with --threads 1)
const threadsAt = process.argv.indexOf('--threads');
const threads = threadsAt > 0 ? ['--threads', process.argv[threadsAt + 1]] : [];
const keep = process.argv.includes('--keep');
// --days N: append and build N days one after another (default 2)
const daysAt = process.argv.indexOf('--days');
const days = daysAt > 0 ? Number(process.argv[daysAt + 1]) : 2;
if (!Number.isInteger(days) || days < 2) throw new Error('--days takes a whole number of at least 2');
// --reuse <dir>: a copy whose data an earlier run generated (one scale; the large one takes minutes)
const reuseAt = process.argv.indexOf('--reuse');
if (reuseAt > 0 && scales.length > 1) throw new Error('--reuse takes one scale (--scales <the copy\'s scale>)');
const forge = path.join(root, 'packages/forge-sql/bin/forge.js');

function run(args, cwd) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, forge, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`forge ${args.join(' ')} failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMiB: Math.round(Number(r.stderr.trim().split('\n').at(-1)) / 1024), stdout: r.stdout };
}

const rows = [];
for (const scale of scales) {
  const dir = reuseAt > 0 ? path.resolve(process.argv[reuseAt + 1]) : copyExample(root, path.join(root, 'bench', 'work'), `pipe-${scale}-`);
  if (reuseAt < 0) {
    process.stderr.write(`${scale}: generating…\n`);
    run(['seed', '--generate', '--scale', scale, '--project-dir', dir, '-q'], root);
  } else {
    // a full build starts from nothing: the copy's warehouse and artifacts go, its landed files stay
    for (const f of readdirSync(path.join(dir, '.forge'))) if (/\.duckdb(\.wal)?$|^partial_parse\.json$/.test(f)) rmSync(path.join(dir, '.forge', f));
    if (existsSync(path.join(dir, 'target'))) rmSync(path.join(dir, 'target'), { recursive: true });
  }
  const landed = JSON.parse(readFileSync(path.join(dir, '.forge/landing/_manifest.json'), 'utf8'));
  const total = Object.values(landed.rows).reduce((a, b) => a + b, 0);
  process.stderr.write(`${scale}: full build of ${total} landed rows…\n`);
  const full = run(['build', '--project-dir', dir, '-q', ...threads], root);
  process.stderr.write(`${scale}: ${full.stdout.trim().split('\n').at(-1)} (wall ${full.seconds.toFixed(1)} s, peak RSS ${full.peakMiB} MiB)\n`);
  run(['compile', '--project-dir', dir, '-q'], root);
  const marts = await martComparison(dir);
  // each appended day: the first of a generated scale opens a month; later ones are ordinary days
  // (the 4th of a month settles a churn cutoff: one feature batch, every customer rescored)
  const appended = [];
  for (let day = 1; day <= days; day++) {
    process.stderr.write(`${scale}: appending day ${day}…\n`);
    run(['seed', '--append-days', '1', '--project-dir', dir, '-q'], root);
    const build = run(['build', '--project-dir', dir, '-q', ...threads], root);
    appended.push({ ...build, slowest: slowest(dir), summary: build.stdout.trim().split('\n').at(-1) });
    process.stderr.write(`${scale}: day ${day}: ${build.seconds.toFixed(1)} s = ${((build.seconds / full.seconds) * 100).toFixed(1)}% of the full build (peak RSS ${build.peakMiB} MiB): ${appended.at(-1).summary}\n`);
  }
  rows.push({ scale, total, full, next: appended[0], second: appended[1], appended, marts });
  if (keep) process.stderr.write(`${scale}: kept ${dir}\n`); else rmSync(dir, { recursive: true, force: true });
}
/** The ten slowest nodes of the last build (run_results.json). */
function slowest(dir) {
  const results = JSON.parse(readFileSync(path.join(dir, 'target/run_results.json'), 'utf8')).results;
  return results.sort((a, b) => b.execution_time - a.execution_time).slice(0, 10).map((r) => `${r.unique_id.split('.').at(-1)} ${r.execution_time.toFixed(1)} s`);
}

console.log(`### forge build of the example pipeline — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}\n`);
console.log('| scale | landed rows | full build | rows/s | peak RSS | build after +1 day | as share of full | after a 2nd day | as share | star-join rollup | nested rollup | bytes read, star | bytes read, nested |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;
for (const r of rows) {
  console.log(`| ${r.scale} | ${r.total.toLocaleString('en')} | ${r.full.seconds.toFixed(1)} s | ${Math.round(r.total / r.full.seconds).toLocaleString('en')} | ${r.full.peakMiB} MiB | ` +
    `${r.next.seconds.toFixed(1)} s | ${((r.next.seconds / r.full.seconds) * 100).toFixed(1)}% | ` +
    `${r.second.seconds.toFixed(1)} s | ${((r.second.seconds / r.full.seconds) * 100).toFixed(1)}% | ${r.marts.times.star.toFixed(0)} ms | ${r.marts.times.nested.toFixed(0)} ms | ` +
    `${mib(r.marts.bytes.star)} | ${mib(r.marts.bytes.nested)} |`);
}
console.log('\nEach appended day (wall, share of the full build, peak RSS, summary) and its slowest nodes:');
for (const r of rows) {
  for (const [i, d] of r.appended.entries()) {
    console.log(`- ${r.scale}, day ${i + 1}: ${d.seconds.toFixed(1)} s, ${((d.seconds / r.full.seconds) * 100).toFixed(1)}%, ${d.peakMiB} MiB — ${d.summary}\n  ${d.slowest.join(', ')}`);
  }
}
