// ML learners: training time and test AUC (beside the oracle's) for GBDT and logistic regression at
// 100k and 1M rows × 15 features of synthetic data with a known posterior; then UDF scoring
// throughput of the GBDT compiled to SQL in DuckDB. Usage: npm run bench:ml [-- --rows 100000,1000000]
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const load = (p) => import(path.join(root, 'dist', p));
const { trainGbdt } = await load('ml/learn/gbdt.js');
const { trainLinear } = await load('ml/learn/linear.js');
const { rocCurve } = await load('ml/learn/metrics.js');
const { predict } = await load('ml/learn/artifact.js');
const { predictionSql } = await load('compile/ml/to-sql.js');
const { openDuckdb } = await load('adapters/duckdb/duckdb-connection.js');

const at = process.argv.indexOf('--rows');
const sizes = (at > 0 ? process.argv[at + 1] : '100000,1000000').split(',').map(Number);
const FEATURES = 15;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

/** 15 features, 8 with signal (non-linear, an interaction, a step, missing values), 7 of noise. */
function synthetic(rows, seed) {
  const random = mulberry32(seed);
  const columns = Array.from({ length: FEATURES }, () => new Float64Array(rows));
  const label = new Float64Array(rows), oracle = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (const c of columns) c[i] = random() * 2 - 1;
    const x = (j) => columns[j][i];
    const missing = random() < 0.1;
    const x1 = missing ? 0 : x(1);
    if (missing) columns[1][i] = Number.NaN;
    const z = 1.5 * x(0) - x1 * x1 + (x(2) > 0.3 ? 1 : 0) - 0.5 + 0.8 * x(3) * x(4) + 0.5 * Math.sin(3 * x(5)) + 0.3 * x(6) - 0.3 * x(7);
    oracle[i] = 1 / (1 + Math.exp(-z));
    label[i] = random() < oracle[i] ? 1 : 0;
  }
  return { rows, columns, label, oracle };
}

const slice = (d, from, to) => ({ rows: to - from, columns: d.columns.map((c) => c.subarray(from, to)), label: d.label.subarray(from, to) });
const artifactOf = (model) => ({ format: 'forge-ml/1', name: 'bench', task: 'classification', algorithm: model.kind === 'trees' ? 'gbdt' : 'logistic',
  inputs: Array.from({ length: FEATURES }, (_, j) => ({ name: `x${j}`, type: 'numeric' })),
  features: Array.from({ length: FEATURES }, (_, j) => ({ name: `x${j}`, input: `x${j}`, kind: 'numeric' })), model });
const auc = (artifact, test) => rocCurve(test.label, Float64Array.from({ length: test.rows }, (_, i) => predict(artifact, test.columns.map((c) => c[i])))).auc;

const results = [];
let lastGbdt;
for (const n of sizes) {
  // train on n rows; validation and test 20% of n each, drawn after the training rows
  const data = synthetic(Math.round(n * 1.4), 42);
  const train = slice(data, 0, n), valid = slice(data, n, Math.round(n * 1.2)), test = slice(data, Math.round(n * 1.2), data.rows);
  const oracleAuc = rocCurve(test.label, data.oracle.subarray(Math.round(n * 1.2))).auc;
  for (const threads of [1, 2]) {
    process.stderr.write(`${n.toLocaleString('en')} rows: GBDT, ${threads} thread(s)…\n`);
    const t = performance.now();
    const fit = await trainGbdt(train, valid, { trees: 200, maxDepth: 4, learningRate: 0.1, lambda: 1, minLeafRows: 20, minChildHessian: 1e-3, minGain: 0,
      maxBins: 64, earlyStoppingRounds: 0, loss: 'logistic', classWeights: [1, 1], threads });
    const seconds = (performance.now() - t) / 1000;
    lastGbdt = artifactOf(fit.model);
    results.push({ n, learner: `GBDT 200×depth 4, ${fit.threads} thread(s)`, seconds, auc: auc(lastGbdt, test), oracleAuc });
  }
  process.stderr.write(`${n.toLocaleString('en')} rows: logistic…\n`);
  const t = performance.now();
  const linear = trainLinear(train, { l2: 1, loss: 'logistic', classWeights: [1, 1], maxIterations: 50 });
  results.push({ n, learner: 'L2 logistic (Newton)', seconds: (performance.now() - t) / 1000, auc: auc(artifactOf(linear.model), test), oracleAuc });
}

// UDF scoring throughput: the last GBDT as a DuckDB macro over a table of 1M rows
const warehouse = await openDuckdb(':memory:', 'memory');
const connection = await warehouse.connect();
const scoreRows = 1_000_000;
await connection.execute(`create table x as select ${Array.from({ length: FEATURES }, (_, j) => `(hash(i, ${j}) % 2000000) / 1000000.0 - 1 as x${j}`).join(', ')} from range(${scoreRows}) t(i)`);
const sql = predictionSql(lastGbdt);
await connection.execute(`create or replace macro p(${lastGbdt.inputs.map((i) => i.name).join(', ')}) as (${sql})`);
const t = performance.now();
await connection.execute(`create table scored as select p(${lastGbdt.inputs.map((i) => i.name).join(', ')}) as p from x`);
const scoreSeconds = (performance.now() - t) / 1000;
connection.release();
await warehouse.close();

console.log(`### ML learners (\`npm run bench:ml\`) — ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}\n`);
console.log('| training rows | learner | train time | test AUC | oracle AUC | gap |');
console.log('|---:|---|---:|---:|---:|---:|');
for (const r of results) {
  console.log(`| ${r.n.toLocaleString('en')} | ${r.learner} | ${r.seconds.toFixed(1)} s | ${r.auc.toFixed(4)} | ${r.oracleAuc.toFixed(4)} | ${(r.auc - r.oracleAuc).toFixed(4)} |`);
}
console.log(`\nUDF scoring in DuckDB: the ${lastGbdt.model.trees.length}-tree GBDT as one SQL macro (${Math.round(sql.length / 1024)} KB), ` +
  `${scoreRows.toLocaleString('en')} rows in ${scoreSeconds.toFixed(1)} s = ${Math.round(scoreRows / scoreSeconds).toLocaleString('en')} rows/s`);
