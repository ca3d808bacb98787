/**
 * Evaluation metrics, computed from labels and scores. Ties in scores are grouped (one curve point
 * per distinct score), so the AUCs do not depend on row order. Curves are thinned to ≤ 101 points for
 * storage; the areas use every point.
 */

interface ClassReport {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export interface ClassificationMetrics {
  readonly rows: number;
  readonly prevalence: number;
  readonly threshold: number;
  readonly report: { readonly '0': ClassReport; readonly '1': ClassReport };
  readonly accuracy: number;
  /** [[tn, fp], [fn, tp]] */
  readonly confusion: readonly [readonly [number, number], readonly [number, number]];
  readonly rocAuc: number;
  readonly prAuc: number;
  readonly brier: number;
  readonly logLoss: number;
  readonly liftAt10: number;
  readonly roc: readonly (readonly [number, number])[];
  readonly pr: readonly (readonly [number, number])[];
  /** Per score decile: [mean predicted, observed rate, rows]. */
  readonly reliability: readonly (readonly [number, number, number])[];
  readonly baselines: {
    readonly majorityAccuracy: number;
    readonly allPositiveF1: number;
    readonly noSkillPrAuc: number;
  };
}

export interface RegressionMetrics {
  readonly rows: number;
  readonly r2: number;
  readonly mse: number;
  readonly mae: number;
  readonly baselines: { readonly meanMse: number; readonly meanMae: number };
}

/** Positives and negatives counted from the highest score down, one step per distinct score. */
function rankSteps(
  label: ArrayLike<number>,
  score: ArrayLike<number>,
): { tp: number[]; fp: number[]; positives: number; negatives: number } {
  const order = Array.from({ length: label.length }, (_, i) => i).sort(
    (a, b) => (score[b] as number) - (score[a] as number),
  );
  const tp = [0],
    fp = [0];
  let t = 0,
    f = 0;
  order.forEach((row, k) => {
    if ((label[row] as number) > 0.5) t++;
    else f++;
    const next = order[k + 1];
    if (next === undefined || score[next] !== score[row]) {
      tp.push(t);
      fp.push(f);
    }
  });
  return { tp, fp, positives: t, negatives: f };
}

function thin<T>(points: T[]): T[] {
  if (points.length <= 101) return points;
  return Array.from({ length: 101 }, (_, i) => points[Math.round((i * (points.length - 1)) / 100)] as T);
}

export function rocCurve(
  label: ArrayLike<number>,
  score: ArrayLike<number>,
): { auc: number; points: [number, number][] } {
  const { tp, fp, positives, negatives } = rankSteps(label, score);
  const points = tp.map(
    (t, i) =>
      [negatives ? (fp[i] as number) / negatives : 0, positives ? t / positives : 0] as [number, number],
  );
  let auc = 0;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1] as [number, number],
      [x1, y1] = points[i] as [number, number];
    auc += ((x1 - x0) * (y0 + y1)) / 2;
  }
  return { auc, points: thin(points) };
}

/** Average precision (the area under the step-wise PR curve) and its points [recall, precision]. */
export function prCurve(
  label: ArrayLike<number>,
  score: ArrayLike<number>,
): { auc: number; points: [number, number][] } {
  const { tp, fp, positives } = rankSteps(label, score);
  const points: [number, number][] = [];
  let auc = 0,
    lastRecall = 0;
  for (let i = 1; i < tp.length; i++) {
    const t = tp[i] as number,
      recall = positives ? t / positives : 0,
      precision = t / (t + (fp[i] as number));
    auc += (recall - lastRecall) * precision;
    lastRecall = recall;
    points.push([recall, precision]);
  }
  return { auc, points: thin(points) };
}

function classReport(tp: number, fp: number, fn: number): ClassReport {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0,
    recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  return {
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    support: tp + fn,
  };
}

export function classificationMetrics(
  label: ArrayLike<number>,
  score: ArrayLike<number>,
  threshold: number,
): ClassificationMetrics {
  const n = label.length;
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0,
    brier = 0,
    logLoss = 0;
  for (let i = 0; i < n; i++) {
    const p = score[i] as number,
      y = (label[i] as number) > 0.5 ? 1 : 0;
    const yes = p >= threshold;
    if (yes && y) tp++;
    else if (yes) fp++;
    else if (y) fn++;
    else tn++;
    brier += (p - y) ** 2;
    const q = Math.min(1 - 1e-15, Math.max(1e-15, p));
    logLoss -= y ? Math.log(q) : Math.log(1 - q);
  }
  const positives = tp + fn,
    prevalence = n ? positives / n : 0;
  const roc = rocCurve(label, score),
    pr = prCurve(label, score);
  return {
    rows: n,
    prevalence,
    threshold,
    report: { '0': classReport(tn, fn, fp), '1': classReport(tp, fp, fn) },
    accuracy: n ? (tp + tn) / n : 0,
    confusion: [
      [tn, fp],
      [fn, tp],
    ],
    rocAuc: roc.auc,
    prAuc: pr.auc,
    brier: n ? brier / n : 0,
    logLoss: n ? logLoss / n : 0,
    liftAt10: liftAt(label, score, 0.1, prevalence),
    roc: roc.points,
    pr: pr.points,
    reliability: reliability(label, score),
    baselines: {
      majorityAccuracy: Math.max(prevalence, 1 - prevalence),
      allPositiveF1: (2 * prevalence) / (1 + prevalence),
      noSkillPrAuc: prevalence,
    },
  };
}

/** The positive rate among the top `share` of scores over the overall rate. */
function liftAt(
  label: ArrayLike<number>,
  score: ArrayLike<number>,
  share: number,
  prevalence: number,
): number {
  const order = Array.from({ length: label.length }, (_, i) => i).sort(
    (a, b) => (score[b] as number) - (score[a] as number) || a - b,
  );
  const top = Math.max(1, Math.round(label.length * share));
  const hits = order.slice(0, top).reduce((acc, i) => acc + ((label[i] as number) > 0.5 ? 1 : 0), 0);
  return prevalence > 0 ? hits / top / prevalence : 0;
}

/** Ten equal-count bins by score: mean predicted probability vs observed positive rate. */
function reliability(label: ArrayLike<number>, score: ArrayLike<number>): [number, number, number][] {
  const order = Array.from({ length: label.length }, (_, i) => i).sort(
    (a, b) => (score[a] as number) - (score[b] as number) || a - b,
  );
  const out: [number, number, number][] = [];
  for (let b = 0; b < 10; b++) {
    const rows = order.slice(Math.floor((b * order.length) / 10), Math.floor(((b + 1) * order.length) / 10));
    if (rows.length === 0) continue;
    const predicted = rows.reduce((acc, i) => acc + (score[i] as number), 0) / rows.length;
    const observed = rows.reduce((acc, i) => acc + ((label[i] as number) > 0.5 ? 1 : 0), 0) / rows.length;
    out.push([predicted, observed, rows.length]);
  }
  return out;
}

export function regressionMetrics(
  label: ArrayLike<number>,
  prediction: ArrayLike<number>,
  trainMean: number,
): RegressionMetrics {
  const n = label.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += label[i] as number;
  mean = n ? mean / n : 0;
  let sse = 0,
    sae = 0,
    sst = 0,
    baseSse = 0,
    baseSae = 0;
  for (let i = 0; i < n; i++) {
    const y = label[i] as number,
      e = (prediction[i] as number) - y;
    sse += e * e;
    sae += Math.abs(e);
    sst += (y - mean) ** 2;
    baseSse += (trainMean - y) ** 2;
    baseSae += Math.abs(trainMean - y);
  }
  return {
    rows: n,
    r2: sst > 0 ? 1 - sse / sst : 0,
    mse: n ? sse / n : 0,
    mae: n ? sae / n : 0,
    baselines: { meanMse: n ? baseSse / n : 0, meanMae: n ? baseSae / n : 0 },
  };
}

/** The probability threshold with the highest F1 (ties: the higher threshold), from one sort. */
export function bestF1Threshold(
  label: ArrayLike<number>,
  score: ArrayLike<number>,
): { threshold: number; f1: number } {
  const { tp, fp, positives } = rankSteps(label, score);
  const distinct = [...new Set(Array.from(score as ArrayLike<number>))].sort((a, b) => b - a);
  let best = { threshold: 0.5, f1: -1 };
  for (let i = 1; i < tp.length; i++) {
    const t = tp[i] as number,
      f = fp[i] as number;
    const f1 = positives + t + f > 0 ? (2 * t) / (positives + t + f) : 0;
    if (f1 > best.f1 + 1e-12) best = { threshold: distinct[i - 1] as number, f1 };
  }
  return best;
}
