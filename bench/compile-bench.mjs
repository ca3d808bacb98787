// Times `forge compile` cold (process start to artifacts written) on synthetic projects of
// 1,000 / 10,000 / 100,000 models, and Dataform's CLI on the same DAG, in one run.
// Usage: npm run bench:compile [-- --sizes 1000,10000 --dataform-sizes 1000]
import { spawnSync } from 'node:child_process';
import { existsSync, cpSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen-project.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return (i > 0 ? process.argv[i + 1] : fallback).split(',').filter(Boolean).map(Number);
};
const sizes = arg('--sizes', '1000,10000,100000');
const dataformSizes = arg('--dataform-sizes', '1000');
// Projects live in memory (tmpfs) when the machine has one: this VM's disk takes 0.2–4 s to write
// the same 10,000 small files from one run to the next, which would drown what is being measured.
const workIndex = process.argv.indexOf('--work-dir');
const workDir = workIndex > 0 ? path.resolve(process.argv[workIndex + 1]) : existsSync('/dev/shm') ? '/dev/shm/forge-bench' : path.join(here, 'work');

function timed(command, args, cwd) {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${r.stderr || r.stdout}`);
  return seconds;
}

function peakMemory(args, cwd) {
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const kb = Number(r.stderr.trim().split('\n').at(-1));
  return Number.isFinite(kb) ? Math.round(kb / 1024) : NaN;
}

function setUpDataform(dir) {
  const df = path.join(dir, 'dataform');
  const core = path.join(here, 'dataform/node_modules/@dataform/core');
  mkdirSync(path.join(df, 'node_modules/@dataform'), { recursive: true });
  cpSync(core, path.join(df, 'node_modules/@dataform/core'), { recursive: true });
  writeFileSync(path.join(df, 'package.json'), JSON.stringify({ dependencies: { '@dataform/core': '3.0.62' } }));
  return df;
}

const rows = [];
const forgeBin = path.join(root, 'packages/forge-sql/bin/forge.js');
const dataformBin = path.join(here, 'dataform/node_modules/.bin/dataform');
const haveDataform = existsSync(dataformBin);
for (const n of sizes) {
  const dir = path.join(workDir, `p${n}`);
  const withDataform = haveDataform && dataformSizes.includes(n);
  process.stderr.write(`generating ${n} models${withDataform ? ' (and the Dataform twin)' : ''}…\n`);
  await generate(dir, n, { dataform: withDataform });
  rmSync(path.join(dir, 'target'), { recursive: true, force: true });
  process.stderr.write(`forge compile ${n}…\n`);
  // Best of three cold runs (each a new process, target/ removed first).
  const runs = [0, 1, 2].map(() => {
    rmSync(path.join(dir, 'target'), { recursive: true, force: true });
    return timed(process.execPath, [forgeBin, 'compile', '--project-dir', dir, '-q'], root);
  });
  const forge = Math.min(...runs);
  rmSync(path.join(dir, 'target'), { recursive: true, force: true });
  const memory = peakMemory([forgeBin, 'compile', '--project-dir', dir, '-q'], root);
  let dataform;
  if (withDataform) {
    process.stderr.write(`dataform compile ${n}…\n`);
    const df = setUpDataform(dir);
    dataform = timed(dataformBin, ['compile', df, '--json', '--timeout', '30m'], df);
  }
  rows.push({ n, forge, memory, dataform });
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`  forge ${forge.toFixed(2)} s (${memory} MiB peak)${dataform ? `, dataform ${dataform.toFixed(2)} s` : ''}\n`);
}

const lines = [
  `### forge compile, cold — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, projects in ${workDir}`,
  '',
  '| models | forge compile (best of 3) | forge peak RSS | dataform compile | dataform ÷ forge |',
  '|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.n.toLocaleString('en')} | ${r.forge.toFixed(2)} s | ${r.memory} MiB | ${r.dataform ? `${r.dataform.toFixed(2)} s` : '—'} | ${r.dataform ? `${(r.dataform / r.forge).toFixed(1)}×` : '—'} |`),
];
console.log(lines.join('\n'));
