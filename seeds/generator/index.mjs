// The example project's e-commerce generator, run by `forge seed --generate` (declared in
// project.yml). Writes CSV landing files under `.forge/landing/<table>/`, the churn oracle under
// `.forge/oracle/`, and `_manifest.json` with row counts and every planted bad row.
// Deterministic for a seed: same seed and scale → byte-identical files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Faker, en } from '@faker-js/faker';
import { CsvFiles } from './csv-writer.mjs';
import { LABEL_WINDOW_DAYS, createCustomer, liveCustomer } from './customer-process.mjs';
import { HEADERS, planted, writeOrder, writeSessions } from './order-rows.mjs';
import { Rng, hashSeed } from './rng.mjs';

export const SCALES = {
  default: { customers: 2000, products: 50, start: '2024-11-01', days: 730, sessionsPerOrder: 1.5 },
  x10: { customers: 20000, products: 200, start: '2024-11-01', days: 730, sessionsPerOrder: 1.5 },
  large: { customers: 3900000, products: 500, start: '2025-11-01', days: 365, sessionsPerOrder: 0.25 },
};

const COUNTRIES = [
  ['US', 30, 0.06], ['GB', 12, 0.05], ['DE', 12, 0.04], ['FR', 9, 0.08], ['BR', 8, 0.2],
  ['IN', 8, 0.16], ['JP', 6, 0.03], ['AU', 5, 0.09], ['CA', 5, 0.06], ['ES', 5, 0.11],
].map(([code, weight, late]) => ({ code, weight, late }));
const CATEGORIES = ['electronics', 'home', 'fashion', 'sports', 'books'];
const DAY_MS = 86_400_000;

function makeClock(start) {
  const base = Date.parse(`${start}T00:00:00Z`);
  const dayText = new Map();
  const day = (d) => {
    let text = dayText.get(d);
    if (!text) { text = new Date(base + d * DAY_MS).toISOString().slice(0, 10); dayText.set(d, text); }
    return text;
  };
  const pad = (n) => (n < 10 ? `0${n}` : String(n));
  return {
    day,
    at(t) {
      const d = Math.floor(t);
      const s = Math.floor((t - d) * 86400);
      return `${day(d)} ${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
    },
  };
}

function dimensions(faker, scale) {
  const firstNames = Array.from({ length: 400 }, () => faker.person.firstName());
  const lastNames = Array.from({ length: 400 }, () => faker.person.lastName());
  const cities = new Map(COUNTRIES.map((c) => [c.code, Array.from({ length: 8 }, () => faker.location.city())]));
  const suppliers = Array.from({ length: 12 + Math.floor(scale.products / 20) }, (_, i) => ({ id: 100 + i, name: faker.company.name() }));
  const products = Array.from({ length: scale.products }, (_, i) => {
    const category = CATEGORIES[i % CATEGORIES.length];
    const cost = Math.round((4 + faker.number.float({ min: 0, max: 1 }) * 120) * 100) / 100;
    return { index: i, id: 1000 + i, name: faker.commerce.productName(), category, cost, price: Math.round(cost * (1.4 + (i % 7) * 0.12) * 100) / 100,
      supplier: suppliers[i % suppliers.length], reorder: 20 + (i % 9) * 10 };
  });
  const productsByCategory = CATEGORIES.map((category) => products.filter((p) => p.category === category));
  return { firstNames, lastNames, cities, products, productsByCategory };
}

/** Cutoffs: the first day of each month, as day numbers. */
function monthlyCutoffs(start, days) {
  const out = [];
  const base = new Date(`${start}T00:00:00Z`);
  for (let m = 1; ; m++) {
    const d = Math.round((Date.UTC(base.getUTCFullYear(), base.getUTCMonth() + m, 1) - base.getTime()) / DAY_MS);
    if (d > days) return out;
    out.push(d);
  }
}

/**
 * @param {{ outDir: string, oracleDir: string, scale?: string, seed?: number, appendDays?: number,
 *           progress?: (done: number, total: number, label: string) => void }} options
 */
export async function generate(options) {
  const manifestFile = path.join(options.outDir, '_manifest.json');
  if (options.appendDays && !existsSync(manifestFile)) throw new Error(`nothing to append to: no ${manifestFile} (generate first)`);
  const previous = options.appendDays ? JSON.parse(readFileSync(manifestFile, 'utf8')) : undefined;
  // Appending continues the landed data's scale unless one is asked for explicitly.
  const scaleName = (previous ? options.scale ?? previous.scale : options.scale) ?? 'default';
  const scale = SCALES[scaleName];
  if (!scale) throw new Error(`unknown scale "${scaleName}": ${Object.keys(SCALES).join(', ')}`);
  const seed = previous?.seed ?? options.seed ?? 42;
  if (previous && previous.scale !== scaleName) throw new Error(`the landing data is scale ${previous.scale}; append with --scale ${previous.scale}`);
  const fromDay = previous ? previous.through_day : 0;
  const endDay = previous ? fromDay + options.appendDays : scale.days;
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  const dims = dimensions(faker, scale);
  const clock = makeClock(scale.start);
  const files = new CsvFiles(options.outDir);
  const oracle = new CsvFiles(options.oracleDir);
  // Messiness draws come from a stream of the customer's own (set per customer below): a global stream
  // would shift with every appended day and change earlier customers' histories.
  let mess = new Rng(hashSeed(seed, 'mess'));
  const sold = new Float64Array(scale.products * (endDay + 1));
  // File buckets: a month per file for the history, a day per file for appended days (precomputed per day).
  const buckets = Array.from({ length: endDay + 3 }, (_, d) => (previous ? clock.day(d) : clock.day(d).slice(0, 7)));
  const bucket = (t) => buckets[Math.floor(t)];
  const inRange = (t) => t >= fromDay && t < endDay && (!previous || t >= fromDay);
  const g = {
    clock, endDay, planted: previous ? { ...previous.planted } : planted(), products: dims.products,
    productsByCategory: dims.productsByCategory,
    rate: (p) => mess.next() < p,
    messInt: (max) => Math.floor(mess.next() * (max + 1)),
    // Planted rows are counted only when written (rows outside the generated range are simulated, not written).
    count: (kind, t) => { if (inRange(t)) g.planted[kind]++; },
    sell: (index, t, quantity) => { if (t < endDay) sold[index * (endDay + 1) + Math.floor(t)] += quantity; },
    out: (table, t, values) => { if (inRange(t)) files.write(table, bucket(t), HEADERS[table], values); },
    outOrder: (t, row) => {
      const late = g.rate(0.01) && t + 2 < endDay;
      const duplicate = g.rate(0.005);
      if (!inRange(t)) return;
      if (late) g.planted.late_arriving_orders++;
      files.write('orders', bucket(late ? t + 2 : t), HEADERS.orders, row);
      if (duplicate) { files.write('orders', bucket(t), HEADERS.orders, row); g.planted.duplicate_orders++; }
    },
  };
  writeProducts(g, dims, fromDay, previous);
  const cutoffs = monthlyCutoffs(scale.start, endDay);
  for (let id = 1; id <= scale.customers; id++) {
    mess = new Rng(hashSeed(seed, 'mess', id));
    simulateCustomer(g, dims, seed, id, scale, cutoffs, oracle, fromDay);
    if (id % Math.max(1, Math.floor(scale.customers / 100)) === 0) options.progress?.(id, scale.customers, 'customers');
  }
  writeInventory(g, dims.products, sold, fromDay, endDay);
  files.close();
  oracle.close();
  const manifest = {
    generator: 'forge-shop e-commerce', seed, scale: scaleName, start: scale.start, through_day: endDay,
    through: clock.day(endDay - 1), label_window_days: LABEL_WINDOW_DAYS,
    rows: mergeCounts(previous?.rows, files.counts()), planted: g.planted,
  };
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function mergeCounts(before = {}, after) {
  const out = { ...before };
  for (const [table, n] of Object.entries(after)) out[table] = (out[table] ?? 0) + n;
  return out;
}

function writeProducts(g, dims, fromDay, previous) {
  if (previous) return;
  for (const p of dims.products) {
    g.out('products', fromDay, [p.id, p.name, p.category, p.cost.toFixed(2), p.price.toFixed(2), p.supplier.id, p.supplier.name, p.reorder, g.clock.at(fromDay)]);
  }
}

function simulateCustomer(g, dims, seed, id, scale, cutoffs, oracle, fromDay) {
  // Signups spread over the base horizon (scale.days), never the appended one, so histories stay put.
  const c = createCustomer(seed, id, 0, scale.days, COUNTRIES);
  const first = dims.firstNames[c.rng.int(0, dims.firstNames.length - 1)];
  const last = dims.lastNames[c.rng.int(0, dims.lastNames.length - 1)];
  const city = c.rng.pick(dims.cities.get(c.country.code));
  const changeAt = c.rng.chance(0.15) ? c.signup + 30 + c.rng.next() * 400 : Infinity;
  const newSegment = c.rng.pick(['consumer', 'corporate', 'home_office'].filter((s) => s !== c.segment));
  writeCustomer(g, c, { first, last, city }, c.segment, Math.max(c.signup, 0));
  let lastEvent = c.signup;
  let changed = false;
  const sessionRate = c.lambda * scale.sessionsPerOrder;
  let dormantUntil = -Infinity;
  liveCustomer(c, g.endDay, cutoffs, (t) => {
    if (!changed && t > changeAt) { changed = true; writeCustomer(g, c, { first, last, city }, newSegment, changeAt); }
    // Dormant customers do not browse: sessions only while active.
    writeSessions(g, c, Math.max(lastEvent, dormantUntil), t, sessionRate);
    writeOrder(g, c, t);
    lastEvent = t;
  }, (cutoff, p) => {
    if (cutoff > fromDay || fromDay === 0) oracle.write('churn_oracle', g.clock.day(cutoff), ['customer_id', 'cutoff_date', 'p_churn'], [c.id, g.clock.day(cutoff), p.toFixed(6)]);
  }, (from, to) => {
    writeSessions(g, c, lastEvent, from, sessionRate);
    lastEvent = to;
    dormantUntil = to;
  });
  if (lastEvent < g.endDay) writeSessions(g, c, lastEvent, g.endDay, sessionRate);
}

function writeCustomer(g, c, person, segment, at) {
  let email = `${person.first}.${person.last}${c.id}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '');
  let country = c.country.code;
  let first = person.first;
  if (g.rate(0.04)) { email = ` ${email.toUpperCase()} `; country = country.toLowerCase(); first = `  ${first}`; g.count('padded_customer_strings', at); }
  const row = [c.id, first, person.last, email, country, person.city, segment, c.channel, g.clock.at(Math.max(c.signup, -400)), g.clock.at(at)];
  g.out('customers', at, row);
  if (g.rate(0.01)) { g.out('customers', at, row); g.count('duplicate_customers', at); }
}

function writeInventory(g, products, sold, fromDay, endDay) {
  for (const p of products) {
    let stock = p.reorder * 4;
    for (let d = 0; d < endDay; d++) {
      const qty = sold[p.index * (endDay + 1) + d];
      if (qty > 0) { stock -= qty; g.out('inventory_movements', d + 0.99, [p.id * 100000 + d * 2, p.id, g.clock.at(d + 0.99), -qty, 'sale']); }
      if (stock < p.reorder) {
        const receipt = p.reorder * 3;
        stock += receipt;
        g.out('inventory_movements', d + 1.3, [p.id * 100000 + d * 2 + 1, p.id, g.clock.at(d + 1.3), receipt, 'purchase_receipt']);
      }
    }
  }
  void fromDay;
}

export function landingExists(outDir) {
  return existsSync(path.join(outDir, '_manifest.json'));
}
