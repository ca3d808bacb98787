/**
 * L2-regularized linear learners: logistic regression (classification) and ridge regression, fitted
 * by Newton's method on standardized inputs with an unpenalized intercept, then folded back to the raw
 * scale so scoring is one formula (artifact.ts, compile/ml/to-sql.ts). Missing inputs are imputed with the
 * training mean. Deterministic; ridge converges in one step.
 */
import type { LinearModel } from './artifact.js';
import type { TrainSet } from './gbdt.js';

interface LinearParams {
  /** Penalty λ/2·‖β‖² on the standardized coefficients, added to the summed loss. */
  readonly l2: number;
  readonly loss: 'logistic' | 'squared';
  readonly classWeights: readonly [number, number];
  readonly maxIterations: number;
}

interface LinearResult {
  readonly model: LinearModel;
  /** |standardized coefficient| per feature. */
  readonly importance: number[];
  readonly iterations: number;
}

export function trainLinear(train: TrainSet, params: LinearParams): LinearResult {
  const d = train.columns.length;
  const stats = train.columns.map(columnStats);
  const x = (j: number, i: number): number => {
    const v = (train.columns[j] as Float64Array)[i] as number;
    const s = stats[j] as ColumnStats;
    return ((Number.isNaN(v) ? s.mean : v) - s.mean) / s.sd;
  };
  const beta = new Float64Array(d + 1); // beta[d] is the intercept
  let iterations = 0;
  for (; iterations < params.maxIterations; iterations++) {
    const { gradient, hessian } = newtonTerms(train, params, beta, x);
    const step = solveCholesky(hessian, gradient, d + 1);
    let largest = 0;
    for (let j = 0; j <= d; j++) {
      beta[j] = (beta[j] as number) - (step[j] as number);
      largest = Math.max(largest, Math.abs(step[j] as number));
    }
    if (largest < 1e-10 || params.loss === 'squared') {
      iterations++;
      break;
    }
  }
  const coef = stats.map((s, j) => (beta[j] as number) / s.sd);
  const intercept = stats.reduce(
    (acc, s, j) => acc - ((beta[j] as number) * s.mean) / s.sd,
    beta[d] as number,
  );
  return {
    model: { kind: 'linear', intercept, coef, impute: stats.map((s) => s.mean) },
    importance: stats.map((_, j) => Math.abs(beta[j] as number)),
    iterations,
  };
}

interface ColumnStats {
  readonly mean: number;
  readonly sd: number;
}

function columnStats(column: Float64Array): ColumnStats {
  let n = 0,
    sum = 0,
    squares = 0;
  for (const v of column)
    if (!Number.isNaN(v)) {
      n++;
      sum += v;
    }
  const mean = n > 0 ? sum / n : 0;
  for (const v of column) if (!Number.isNaN(v)) squares += (v - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
  return { mean, sd: sd > 1e-12 ? sd : 1 };
}

/** Gradient and Hessian of the penalized loss at beta (Hessian packed as a full (d+1)² matrix). */
function newtonTerms(
  train: TrainSet,
  params: LinearParams,
  beta: Float64Array,
  x: (j: number, i: number) => number,
): { gradient: Float64Array; hessian: Float64Array } {
  const d = train.columns.length,
    m = d + 1;
  const gradient = new Float64Array(m),
    hessian = new Float64Array(m * m),
    row = new Float64Array(m);
  row[d] = 1;
  for (let i = 0; i < train.rows; i++) {
    let z = beta[d] as number;
    for (let j = 0; j < d; j++) {
      row[j] = x(j, i);
      z += (beta[j] as number) * (row[j] as number);
    }
    const y = train.label[i] as number;
    let g: number, h: number;
    if (params.loss === 'squared') {
      g = z - y;
      h = 1;
    } else {
      const w = params.classWeights[y > 0.5 ? 1 : 0];
      const p = 1 / (1 + Math.exp(-z));
      g = w * (p - y);
      h = Math.max(w * p * (1 - p), 1e-12);
    }
    for (let a = 0; a < m; a++) {
      const ra = row[a] as number;
      gradient[a] = (gradient[a] as number) + g * ra;
      const hr = h * ra,
        base = a * m;
      for (let b = 0; b <= a; b++)
        hessian[base + b] = (hessian[base + b] as number) + hr * (row[b] as number);
    }
  }
  for (let j = 0; j < d; j++) {
    gradient[j] = (gradient[j] as number) + params.l2 * (beta[j] as number);
    hessian[j * m + j] = (hessian[j * m + j] as number) + params.l2;
  }
  for (let a = 0; a < m; a++)
    for (let b = a + 1; b < m; b++) hessian[a * m + b] = hessian[b * m + a] as number;
  return { gradient, hessian };
}

/** Solves H·s = g for a symmetric positive-definite H (a tiny ridge keeps it so). */
function solveCholesky(h: Float64Array, g: Float64Array, m: number): Float64Array {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i * m + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * m + k] as number) * (l[j * m + k] as number);
      l[i * m + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * m + j] as number);
    }
  }
  const y = new Float64Array(m),
    s = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let sum = g[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i * m + k] as number) * (y[k] as number);
    y[i] = sum / (l[i * m + i] as number);
  }
  for (let i = m - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let k = i + 1; k < m; k++) sum -= (l[k * m + i] as number) * (s[k] as number);
    s[i] = sum / (l[i * m + i] as number);
  }
  return s;
}
