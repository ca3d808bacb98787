// Synthetic classification data with a known posterior (the oracle), seeded.
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Synthetic {
  rows: number;
  columns: Float64Array[];
  label: Float64Array;
  oracle: Float64Array;
}

/** p(y=1|x) = σ(1.5·x0 − x1² + step(x2 > 0.3) − 0.5 + 0.8·x3·x4); x1 missing 10% of the time (then x1 = 0 in the truth). */
export function synthetic(rows: number, seed: number, features = 5): Synthetic {
  const random = mulberry32(seed);
  const columns = Array.from({ length: features }, () => new Float64Array(rows));
  const label = new Float64Array(rows),
    oracle = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (const c of columns) c[i] = random() * 2 - 1;
    const x = columns.map((c) => c[i] as number);
    const missing = random() < 0.1;
    const x1 = missing ? 0 : (x[1] as number);
    if (missing) (columns[1] as Float64Array)[i] = Number.NaN;
    const z =
      1.5 * (x[0] as number) -
      x1 * x1 +
      ((x[2] as number) > 0.3 ? 1 : 0) -
      0.5 +
      0.8 * (x[3] as number) * (x[4] as number);
    const p = 1 / (1 + Math.exp(-z));
    oracle[i] = p;
    label[i] = random() < p ? 1 : 0;
  }
  return { rows, columns, label, oracle };
}

/**
 * A churn-like table for an ML fixture: `cutoffs` monthly cutoffs × `perCutoff` customers, features
 * x0…x4 (x1 sometimes empty), a categorical `segment`, the label drawn from a known probability,
 * and that probability as oracle CSV text.
 */
export function churnCsv(perCutoff: number, cutoffs: number, seed: number): { rows: string; oracle: string } {
  const random = mulberry32(seed);
  const rows = ['customer_id,cutoff_date,churned,x0,x1,x2,x3,x4,segment,leak'];
  const oracle = ['customer_id,cutoff_date,p_churn'];
  for (let c = 0; c < cutoffs; c++) {
    const cutoff = `2025-${String(c + 1).padStart(2, '0')}-01`;
    for (let id = 1; id <= perCutoff; id++) {
      const x = Array.from({ length: 5 }, () => Math.round((random() * 2 - 1) * 1000) / 1000);
      const missing = random() < 0.1;
      const segment = ['a', 'b', 'c'][Math.floor(random() * 3)] as string;
      const x1 = missing ? 0 : (x[1] as number);
      const z =
        1.5 * (x[0] as number) -
        2 * x1 * x1 +
        ((x[2] as number) > 0.3 ? 1 : 0) -
        0.3 +
        0.8 * (x[3] as number) * (x[4] as number) +
        (segment === 'b' ? 0.7 : 0);
      const p = 1 / (1 + Math.exp(-z));
      const y = random() < p ? 1 : 0;
      const leak = Math.round((y + random() * 0.2) * 1000) / 1000;
      rows.push([id, cutoff, y, x[0], missing ? '' : x[1], x[2], x[3], x[4], segment, leak].join(','));
      oracle.push([id, cutoff, p.toFixed(6)].join(','));
    }
  }
  return { rows: `${rows.join('\n')}\n`, oracle: `${oracle.join('\n')}\n` };
}
