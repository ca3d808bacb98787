// The example pipeline at each scale: `forge build` from landed files (wall, rows/s, peak memory),
// the build after one appended day as a fraction of it, and the nested-vs-star mart comparison.
// Usage: npm run bench:pipeline [-- --scales default,x10,large]
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyExample } from './example-copy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { openDuckdb } = await import(path.join(root, 'dist/adapters/duckdb/duckdb-connection.js'));
const at = process.argv.indexOf('--scales');
const scales = (at > 0 ? process.argv[at + 1] : 'default,x10,large').split(',');
const forge = path.join(root, 'bin/forge.js');

function run(args, cwd) {
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, forge, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`forge ${args.join(' ')} failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, peakMiB: Math.round(Number(r.stderr.trim().split('\n').at(-1)) / 1024), stdout: r.stdout };
}

async function martComparison(dir) {
  const warehouse = await openDuckdb(path.join(dir, '.forge/forge_shop.duckdb'), 'forge_shop');
  const connection = await warehouse.connect();
  const sql = (name) => readFileSync(path.join(dir, `target/compiled/forge_shop/models/gold/marts/${name}.sql`), 'utf8');
  const out = {};
  for (const name of ['revenue_by_category', 'revenue_by_category_nested']) {
    const times = [];
    for (let i = 0; i < 3; i++) { const t = performance.now(); await connection.query(sql(name)); times.push(performance.now() - t); }
    out[name] = Math.min(...times);
  }
  const sizes = await connection.query(`select table_name, estimated_size, column_count from duckdb_tables() where schema_name in ('gold', 'silver')
    and table_name in ('fact_sales', 'dim_product', 'stg_orders_nested')`);
  connection.release();
  await warehouse.close();
  return { times: out, sizes: sizes.rows };
}

const rows = [];
for (const scale of scales) {
  const dir = copyExample(root, path.join(root, 'bench', 'work'), `pipe-${scale}-`);
  process.stderr.write(`${scale}: generating…\n`);
  run(['seed', '--generate', '--scale', scale, '--project-dir', dir, '-q'], root);
  const landed = JSON.parse(readFileSync(path.join(dir, '.forge/landing/_manifest.json'), 'utf8'));
  const total = Object.values(landed.rows).reduce((a, b) => a + b, 0);
  process.stderr.write(`${scale}: full build of ${total} landed rows…\n`);
  const full = run(['build', '--project-dir', dir, '-q'], root);
  run(['compile', '--project-dir', dir, '-q'], root);
  const marts = await martComparison(dir);
  process.stderr.write(`${scale}: ${full.seconds.toFixed(1)} s; appending a day…\n`);
  run(['seed', '--append-days', '1', '--project-dir', dir, '-q'], root);
  const next = run(['build', '--project-dir', dir, '-q'], root);
  rows.push({ scale, total, full, next, marts });
  rmSync(dir, { recursive: true, force: true });
}
console.log(`### forge build of the example pipeline — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}\n`);
console.log('| scale | landed rows | full build | rows/s | peak RSS | build after +1 day | as share of full | star-join mart | nested mart |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.scale} | ${r.total.toLocaleString('en')} | ${r.full.seconds.toFixed(1)} s | ${Math.round(r.total / r.full.seconds).toLocaleString('en')} | ${r.full.peakMiB} MiB | ` +
    `${r.next.seconds.toFixed(1)} s | ${((r.next.seconds / r.full.seconds) * 100).toFixed(0)}% | ${r.marts.times.revenue_by_category.toFixed(0)} ms | ${r.marts.times.revenue_by_category_nested.toFixed(0)} ms |`);
}
console.log('\nTable sizes (DuckDB estimated_size, a proxy for bytes read):');
for (const r of rows) console.log(`- ${r.scale}: ${r.marts.sizes.map((s) => `${s.table_name} ${Number(s.estimated_size).toLocaleString('en')} (${s.column_count} cols)`).join(', ')}`);
