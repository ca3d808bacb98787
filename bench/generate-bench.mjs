// Generation time, rows/s and peak memory of the example project's generator at each scale, and the
// time to load the landed files into the raw (bronze) tables with `forge build -s source:landing`.
// Usage: npm run bench:generate [-- --scales default,x10,large]
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyExample } from './example-copy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const i = process.argv.indexOf('--scales');
const scales = (i > 0 ? process.argv[i + 1] : 'default,x10,large').split(',');
const forge = path.join(root, 'packages/forge-sql/bin/forge.js');

function timed(args, cwd) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, forge, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`forge ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  const peakKiB = Number(r.stderr.trim().split('\n').at(-1));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMiB: Math.round(peakKiB / 1024) };
}

const rows = [];
for (const scale of scales) {
  const dir = copyExample(root, path.join(root, 'bench', 'work'), `gen-${scale}-`);
  process.stderr.write(`generating ${scale}…\n`);
  const gen = timed(['seed', '--generate', '--scale', scale, '--project-dir', dir, '-q'], root);
  const manifest = JSON.parse(readFileSync(path.join(dir, '.forge/landing/_manifest.json'), 'utf8'));
  const total = Object.values(manifest.rows).reduce((a, b) => a + b, 0);
  process.stderr.write(`  ${gen.seconds.toFixed(1)} s, ${total} rows; loading into raw…\n`);
  const load = timed(['build', '-s', 'source:landing', '--project-dir', dir, '-q'], root);
  rows.push({ scale, gen, load, total, orders: manifest.rows.orders, lines: manifest.rows.order_lines });
  rmSync(dir, { recursive: true, force: true });
}
console.log(`### Generator — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}\n`);
console.log('| scale | orders | order lines | all rows | generate | rows/s | peak RSS | load into raw (forge build -s source:landing) | load peak RSS |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.scale} | ${r.orders.toLocaleString('en')} | ${r.lines.toLocaleString('en')} | ${r.total.toLocaleString('en')} | ${r.gen.seconds.toFixed(1)} s | ` +
    `${Math.round(r.total / r.gen.seconds).toLocaleString('en')} | ${r.gen.peakMiB} MiB | ${r.load.seconds.toFixed(1)} s | ${r.load.peakMiB} MiB |`);
}
