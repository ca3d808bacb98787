/** An ML node's definition as parsed from `ml/*.yml` (ml/spec/ml-spec.ts reads it) and the learner settings in it. */
import type { SourceLocation } from '../errors/diagnostic.js';

export type MlTask = 'classification' | 'regression';

export type Algorithm = 'logistic' | 'ridge' | 'gbdt';

/** A UDF argument: a column of the training relation, numeric or categorical (text). */
export interface ModelInput {
  readonly name: string;
  readonly type: 'numeric' | 'categorical';
}

export type ClassWeight = 'none' | 'balanced' | readonly [number, number];

export interface GbdtSettings {
  readonly kind: 'gbdt';
  /** Most boosting rounds (early stopping may keep fewer). */
  readonly trees: number;
  readonly maxDepth: number;
  readonly learningRate: number;
  readonly lambda: number;
  readonly minLeafRows: number;
  readonly minChildHessian: number;
  readonly minGain: number;
  /** Quantile bins per feature, the missing-value bin included (≤ 256). */
  readonly maxBins: number;
  /** Stop when the validation loss has not improved for this many rounds (0 = never). */
  readonly earlyStoppingRounds: number;
  readonly classWeight: ClassWeight;
}

export interface LinearSettings {
  readonly kind: 'linear';
  readonly l2: number;
  readonly maxIterations: number;
  readonly classWeight: ClassWeight;
}

export type LearnerParams = GbdtSettings | LinearSettings;

export interface NamedColumn {
  readonly name: string;
  readonly location: SourceLocation;
}

export interface MlSpec {
  readonly name: string;
  readonly file: string;
  readonly location: SourceLocation;
  readonly description: string;
  readonly tags: readonly string[];
  readonly task: MlTask;
  /** The training relation, by ref name. */
  readonly training: NamedColumn;
  readonly entity: NamedColumn;
  /** Rows are split in time by this column (earlier train, then validation, latest test). */
  readonly cutoff: NamedColumn;
  readonly label: NamedColumn;
  /** A SQL condition selecting the trainable rows (e.g. labelled cutoffs). */
  readonly where?: string;
  /** Above this many rows, train on a deterministic sample of about this many (default 2,000,000). */
  readonly maxTrainingRows: number;
  readonly features: readonly NamedColumn[];
  readonly categorical: readonly NamedColumn[];
  readonly algorithm: Algorithm;
  readonly params: LearnerParams;
  readonly split: { readonly validationCutoffs: number; readonly testCutoffs: number };
  /** Classification: `max_f1` picks the probability threshold maximizing F1 on validation. */
  readonly threshold: { readonly policy: 'max_f1' } | { readonly policy: 'fixed'; readonly value: number };
  /** The new version becomes the default unless its metric (on the current test rows) is worse than the default's by more than `tolerance`. */
  readonly promotion: { readonly metric: 'roc_auc' | 'pr_auc' | 'r2' | 'mae'; readonly tolerance: number };
  /** UDF names: `probability` and `class` (classification) or `value` (regression). */
  readonly udfs: Readonly<Record<'probability' | 'class' | 'value', string | undefined>>;
  /** Known true scores (generated data): files with the entity, cutoff and a score column. */
  readonly oracle?: { readonly files: string; readonly score: string };
}
