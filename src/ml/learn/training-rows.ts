/** The training rows an ML node learns from, by column, and one row of them as the UDF sees it. */
import type { Column } from '../../adapters/adapter.js';
import type { MlSpec } from '../../core/ml-spec.js';
import type { InputRow } from './artifact.js';

/** The training rows by column (numbers with NaN for missing), as read — or sampled — from the warehouse. */
export interface TrainingRows {
  readonly count: number;
  /** Rows matching before sampling (see `max_training_rows`). */
  readonly total: number;
  readonly entity: readonly unknown[];
  /** The cutoff of each row as text (ISO dates sort as text). */
  readonly cutoffs: readonly string[];
  readonly label: Float64Array;
  readonly numeric: ReadonlyMap<string, Float64Array>;
  readonly categorical: ReadonlyMap<string, readonly (string | null)[]>;
  /** The training relation's columns and types. */
  readonly columns: readonly Column[];
}

/** One row as the UDF sees it: entity plus every input (null for missing). */
export function rowAt(data: TrainingRows, spec: MlSpec, i: number): InputRow {
  const row: Record<string, unknown> = { [spec.entity.name]: data.entity[i] };
  for (const [name, values] of data.numeric) {
    const v = values[i] as number;
    row[name] = Number.isNaN(v) ? null : v;
  }
  for (const [name, values] of data.categorical) row[name] = values[i] ?? null;
  return row;
}
