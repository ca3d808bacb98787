// Generates a synthetic Forge project (and the same DAG as a Dataform project) of N models:
// layered chains with fan-out, 1–3 refs each, a config call and a macro call in every model.
import { mkdir, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Parents of model i: 1–3 earlier models, mostly recent ones (chains) and some far (fan-out). */
export function parentsOf(i, random) {
  if (i < 10) return [];
  const count = 1 + Math.floor(random() * 3);
  const parents = new Set();
  for (let k = 0; k < count; k++) {
    const far = random() < 0.3;
    parents.add(far ? Math.floor(random() * i) : i - 1 - Math.floor(random() * Math.min(i, 20)));
  }
  return [...parents];
}

async function writeMany(files) {
  const queue = [...files];
  await Promise.all(Array.from({ length: 64 }, async () => {
    for (let f = queue.pop(); f; f = queue.pop()) await writeFile(f[0], f[1]);
  }));
}

export async function generate(dir, n, { dataform = false } = {}) {
  await rm(dir, { recursive: true, force: true });
  const random = rng(42);
  const folders = Math.max(1, Math.ceil(n / 500));
  for (let f = 0; f < folders; f++) await mkdir(path.join(dir, 'models', `group_${f}`), { recursive: true });
  await mkdir(path.join(dir, 'macros'), { recursive: true });
  await writeFile(path.join(dir, 'project.yml'), `name: bench\nmodels:\n  +materialized: view\n`);
  await writeFile(path.join(dir, 'macros', 'bench.sql'), '{{#macro "cents" column}}round({{column}} / 100.0, 2){{/macro}}\n');
  const files = [];
  const dfFiles = [];
  if (dataform) {
    for (let f = 0; f < folders; f++) await mkdir(path.join(dir, 'dataform', 'definitions', `group_${f}`), { recursive: true });
    await mkdir(path.join(dir, 'dataform', 'includes'), { recursive: true });
  }
  for (let i = 0; i < n; i++) {
    const parents = parentsOf(i, random);
    const folder = `group_${Math.floor(i / 500)}`;
    const materialized = i % 3 === 0 ? 'table' : 'view';
    const from = parents.length === 0 ? 'select 1 as id, 100 as amount' :
      `select p0.id, {{cents "p0.amount"}} as amount\nfrom {{ref "m${parents[0]}"}} p0\n` +
      parents.slice(1).map((p, k) => `join {{ref "m${p}"}} p${k + 1} on p${k + 1}.id = p0.id\n`).join('');
    files.push([path.join(dir, 'models', folder, `m${i}.sql`), `{{config materialized="${materialized}" tags="t${i % 7}"}}\n-- model ${i}\n${from}`]);
    if (dataform) {
      const dfFrom = parents.length === 0 ? 'select 1 as id, 100 as amount' :
        `select p0.id, \${cents("p0.amount")} as amount\nfrom \${ref("m${parents[0]}")} p0\n` +
        parents.slice(1).map((p, k) => `join \${ref("m${p}")} p${k + 1} on p${k + 1}.id = p0.id\n`).join('');
      dfFiles.push([path.join(dir, 'dataform', 'definitions', folder, `m${i}.sqlx`),
        `config { type: "${materialized}", tags: ["t${i % 7}"] }\n-- model ${i}\n${dfFrom}`]);
    }
  }
  await writeMany(files);
  if (dataform) {
    await writeFile(path.join(dir, 'dataform', 'includes', 'bench.js'), 'function cents(c) { return `round(${c} / 100.0, 2)`; }\nmodule.exports = { cents };\n');
    await writeFile(path.join(dir, 'dataform', 'workflow_settings.yaml'), 'defaultProject: bench\ndefaultLocation: US\ndefaultDataset: bench\ndefaultAssertionDataset: bench_assertions\n');
    dfFiles.forEach((f) => { f[1] = f[1].replace(/\$\{cents\(/g, '${bench.cents('); });
    await writeMany(dfFiles);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, n] = process.argv.slice(2);
  await generate(path.resolve(dir), Number(n), { dataform: process.argv.includes('--dataform') });
}
