/**
 * Quantile binning for the histogram learner. A feature's thresholds t1 < … < tk cut its values into
 * bins: bin 0 holds missing values (NaN), bin b (1 ≤ b ≤ k) holds t(b−1) < x ≤ tb, bin k+1 holds x > tk.
 * Thresholds are values seen in training, so a split "x ≤ t" means the same in TypeScript and SQL.
 */

export interface FeatureBins {
  readonly thresholds: Float64Array;
  /** thresholds.length + 2 (the missing bin and the open last bin). */
  readonly count: number;
}

/** Values sorted to find thresholds: at most this many, taken at an even stride (LightGBM samples 200k too). */
const THRESHOLD_SAMPLE = 200_000;

/** Up to `maxBins − 2` thresholds at quantiles of the non-missing values (all distinct values if fewer). */
export function quantileThresholds(values: Float64Array, maxBins: number): FeatureBins {
  const stride = Math.max(1, Math.floor(values.length / THRESHOLD_SAMPLE));
  const present = new Float64Array(Math.ceil(values.length / stride));
  let n = 0;
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) present[n++] = v;
  }
  present.subarray(0, n).sort();
  return thresholdsOf(present.subarray(0, n), maxBins);
}

function thresholdsOf(present: Float64Array, maxBins: number): FeatureBins {
  const cuts: number[] = [];
  const wanted = Math.max(1, maxBins - 2);
  const distinct = distinctUpTo(present, wanted + 1);
  if (distinct) {
    cuts.push(...distinct.slice(0, -1));
  } else {
    for (let i = 1; i <= wanted; i++) {
      const v = present[
        Math.min(present.length - 1, Math.floor((i * present.length) / (wanted + 1)))
      ] as number;
      if (cuts.length === 0 || v > (cuts[cuts.length - 1] as number)) cuts.push(v);
    }
    if (cuts[cuts.length - 1] === present[present.length - 1]) cuts.pop();
  }
  return { thresholds: Float64Array.from(cuts), count: cuts.length + 2 };
}

/** The distinct values of a sorted array, or undefined when there are more than `limit`. */
function distinctUpTo(sorted: Float64Array, limit: number): number[] | undefined {
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    if (i === 0 || v !== sorted[i - 1]) {
      out.push(v);
      if (out.length > limit) return undefined;
    }
  }
  return out;
}

/** The bin of one value. */
export function binOf(value: number, thresholds: Float64Array): number {
  if (Number.isNaN(value)) return 0;
  let lo = 0,
    hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((thresholds[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** The split threshold of "bin ≤ b goes left": tb, or +∞ for the last bin (only missing goes right). */
export function thresholdOfBin(bins: FeatureBins, bin: number): number {
  return bin <= bins.thresholds.length ? (bins.thresholds[bin - 1] as number) : Infinity;
}

/** Row-major bins of every feature into one byte array (at most 256 bins per feature). */
export function binColumns(
  columns: readonly Float64Array[],
  bins: readonly FeatureBins[],
  rows: number,
  target: Uint8Array,
): void {
  const features = columns.length;
  columns.forEach((column, f) => {
    const thresholds = (bins[f] as FeatureBins).thresholds;
    for (let i = 0; i < rows; i++) target[i * features + f] = binOf(column[i] as number, thresholds);
  });
}
