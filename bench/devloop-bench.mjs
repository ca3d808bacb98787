// Dev loop: on the 10,000-model synthetic project, `forge build -s <one model>` with no parse cache
// and with a warm one (framework time apart from process start, DuckDB open and statements); in
// watch mode, a save to the first statement of the saved model; on the example project, a saved
// gold model rebuilt and tested. Usage: npm run bench:devloop
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './gen-project.mjs';
import { copyExample } from './example-copy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forge = path.join(root, 'packages/forge-sql/bin/forge.js');
const work = existsSync('/dev/shm') ? '/dev/shm/forge-devloop' : path.join(root, 'bench/work/devloop');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(args, cwd) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [forge, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`forge ${args.join(' ')}: ${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`);
  const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return { ms, events };
}

function processStartMs() {
  return median(Array.from({ length: 5 }, () => { const t = performance.now(); spawnSync(process.execPath, [forge, '--help']); return performance.now() - t; }));
}

async function duckdbOpenMs() {
  const times = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const t = performance.now(); const { openDuckdb } = await import('${path.join(root, 'dist/adapters/duckdb/duckdb-connection.js')}');
      const w = await openDuckdb('${work}/open-test.duckdb', 'open_test'); await w.close(); console.log(performance.now() - t);`], { encoding: 'utf8' });
    times.push(Number(r.stdout.trim()));
  }
  return median(times);
}

/** Starts watch mode; resolves with helpers once it is watching. */
function startWatch(cwd, args) {
  const child = spawn(process.execPath, [forge, 'build', '--watch', '--log-format', 'json', ...args], { cwd });
  const lines = [];
  let buffer = '';
  const waiters = [];
  child.stdout.on('data', (chunk) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop();
    for (const line of parts) {
      if (!line.startsWith('{')) continue;
      const event = { ...JSON.parse(line), at: performance.now() };
      lines.push(event);
      if (process.env.DEVLOOP_DEBUG) process.stderr.write(`event ${line.slice(0, 160)}\n`);
      for (const w of [...waiters]) if (w.test(event)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(event); }
    }
  });
  child.stderr.on('data', (c) => { if (process.env.DEVLOOP_DEBUG) process.stderr.write(`stderr ${c}`); });
  const next = (test) => new Promise((resolve) => waiters.push({ test, resolve }));
  return { child, lines, next, watching: next((e) => e.type === 'info' && /watching for changes/.test(e.message)) };
}

const log = (m) => process.stderr.write(`${m}\n`);
const rows = [];
// 1. the 10,000-model project
const big = path.join(work, 'p10000');
log('generating the 10,000-model project…');
await generate(big, 10_000);
const start = processStartMs();
const open = await duckdbOpenMs();
for (const cache of ['none', 'warm']) {
  log(`build -s m3, cache ${cache}…`);
  const runs = [];
  for (let i = 0; i < 3; i++) {
    if (cache === 'none') rmSync(path.join(big, '.forge/partial_parse.json'), { force: true });
    else timed(['parse', '-q'], big);
    const { ms, events } = timed(['build', '-s', 'm3', '--log-format', 'json'], big);
    const summary = events.find((e) => e.type === 'run-summary');
    const phase = (name) => events.find((e) => e.type === 'phase' && e.phase === name)?.ms ?? 0;
    runs.push({ ms, read: phase('read'), parse: phase('parse'), statements: summary.statementMs });
  }
  const best = runs.sort((a, b) => a.ms - b.ms)[0];
  rows.push({ what: `forge build -s m3, 10,000 models, parse cache ${cache}`, wall: best.ms, read: best.read, parse: best.parse, statements: best.statements,
    framework: best.ms - start - open - best.statements });
}

// 2. watch: a save to the saved model's first statement (node start), warm watcher
log('watch on the 10,000-model project…');
const watch = startWatch(big, ['-s', 'm3']);
await watch.watching;
const latencies = [];
for (let i = 0; i < 6; i++) {
  await new Promise((r) => setTimeout(r, 300));
  // both waiters before the save: the two events can arrive in one chunk
  const started = watch.next((e) => e.type === 'node-start' && e.name === 'm3');
  const finished = watch.next((e) => e.type === 'run-summary');
  const t = performance.now();
  appendFileSync(path.join(big, 'models/group_0/m3.sql'), `\n-- edit ${i}`);
  const event = await started;
  latencies.push(event.at - t);
  await finished;
}
// `forge build -s m3` while the watcher holds the file: it runs in the watcher (watch/relay.ts)
const relayed = [];
for (let i = 0; i < 5; i++) {
  const { ms, events } = timed(['build', '-s', 'm3', '--log-format', 'json'], big);
  const summary = events.find((e) => e.type === 'run-summary');
  relayed.push({ ms, statements: summary?.statementMs ?? 0 });
}
watch.child.kill('SIGTERM');

// 3. the example project: a saved gold mart rebuilt and tested
log('example project: first build…');
const example = copyExample(root, work, 'example-');
timed(['build', '-q'], example);
log('example project: watch…');
const exampleWatch = startWatch(example, []);
await exampleWatch.watching;
const martTimes = [];
for (let i = 0; i < 3; i++) {
  await new Promise((r) => setTimeout(r, 300));
  const done = exampleWatch.next((e) => e.type === 'run-summary');
  const t = performance.now();
  appendFileSync(path.join(example, 'models/gold/marts/revenue_by_country.sql'), `\n-- edit ${i}`);
  const summary = await done;
  martTimes.push({ ms: summary.at - t, built: summary.success, tests: summary.pass });
}
exampleWatch.child.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 500));
rmSync(work, { recursive: true, force: true });

console.log(`### Dev loop (\`npm run bench:devloop\`) — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}\n`);
console.log(`Process start + module load (\`forge --help\`): ${start.toFixed(0)} ms; loading the DuckDB driver and opening a file: ${open.toFixed(0)} ms.\n`);
console.log('| run | wall | read files | parse | in statements | framework (wall − start − DuckDB open − statements) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.what} | ${r.wall.toFixed(0)} ms | ${r.read.toFixed(0)} ms | ${r.parse.toFixed(0)} ms | ${r.statements.toFixed(0)} ms | ${r.framework.toFixed(0)} ms |`);
const bestRelay = [...relayed].sort((a, b) => a.ms - b.ms)[0];
console.log(`| \`forge build -s m3\`, 10,000 models, through a running watcher | ${bestRelay.ms.toFixed(0)} ms | – | – | ${bestRelay.statements.toFixed(0)} ms | ${(bestRelay.ms - start - bestRelay.statements).toFixed(0)} ms (no DuckDB open) |`);
console.log(`\nWatch, 10,000 models, \`-s m3\`: save → the model's first statement, median of ${latencies.length}: ${median(latencies).toFixed(0)} ms (all: ${latencies.map((l) => l.toFixed(0)).join(', ')} ms)`);
console.log(`Watch, example project: save \`revenue_by_country.sql\` → rebuilt and tested: ${martTimes.map((m) => `${m.ms.toFixed(0)} ms (${m.built} built, ${m.tests} tests)`).join('; ')}`);
