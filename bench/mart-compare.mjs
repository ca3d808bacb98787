// The two rollups under revenue_by_category — the star join (fact_sales ⋈ dim_product) and the nested
// orders (stg_orders_nested, lines unnested) — each in its full-build form (`forge compile` writes it):
// best-of-3 time on a warm connection, and the bytes DuckDB reads from the file in a cold instance.
// Used by pipeline-bench.mjs; alone: node bench/mart-compare.mjs <built project dir> (after forge compile).
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MARTS = { star: 'sales_by_day_category', nested: 'sales_by_day_category_nested' };

/** Bytes DuckDB reads from the database file for one query, in a fresh read-only instance (cold buffers). */
async function bytesRead(file, sql) {
  const { DuckDBInstance } = await import(path.join(root, 'node_modules/@duckdb/node-api/lib/index.js'));
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  const out = path.join(os.tmpdir(), `forge-bench-profile-${process.pid}.json`);
  await connection.run(`pragma enable_profiling='json'`);
  await connection.run(`pragma profiling_output='${out}'`);
  await connection.run(`set custom_profiling_settings='{"TOTAL_BYTES_READ": "true"}'`);
  await connection.run(sql);
  await connection.run(`pragma disable_profiling`);
  connection.closeSync?.();
  instance.closeSync?.();
  const bytes = JSON.parse(readFileSync(out, 'utf8')).total_bytes_read;
  rmSync(out, { force: true });
  return bytes;
}

export async function martComparison(dir) {
  const { openDuckdb } = await import(path.join(root, 'dist/adapters/duckdb/duckdb-connection.js'));
  const file = path.join(dir, '.forge/forge_shop.duckdb');
  const sql = (name) => readFileSync(path.join(dir, `target/compiled/forge_shop/models/gold/rollups/${name}.sql`), 'utf8');
  const out = { times: {}, bytes: {} };
  for (const [kind, name] of Object.entries(MARTS)) out.bytes[kind] = await bytesRead(file, sql(name));
  const warehouse = await openDuckdb(file, 'forge_shop');
  const connection = await warehouse.connect();
  for (const [kind, name] of Object.entries(MARTS)) {
    const times = [];
    for (let i = 0; i < 3; i++) { const t = performance.now(); await connection.query(sql(name)); times.push(performance.now() - t); }
    out.times[kind] = Math.min(...times);
  }
  connection.release();
  await warehouse.close();
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await martComparison(path.resolve(process.argv[2]));
  const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;
  console.log(`star join: ${r.times.star.toFixed(0)} ms, ${mib(r.bytes.star)} read; nested: ${r.times.nested.toFixed(0)} ms, ${mib(r.bytes.nested)} read`);
}
