/** The evaluation as a person reads it in the terminal (the full numbers go to the registry and target/ml/). */
import type { ClassificationMetrics, RegressionMetrics } from '../../ml/learn/metrics.js';
import type { OracleComparison } from './oracle.js';
import type { Evaluation } from '../../ml/learn/train.js';

const f3 = (x: number): string => x.toFixed(3);
const pad = (s: string, n: number): string => s.padStart(n);

function isClassification(m: ClassificationMetrics | RegressionMetrics): m is ClassificationMetrics {
  return 'rocAuc' in m;
}

export function formatEvaluation(
  name: string,
  evaluation: Evaluation,
  oracle: OracleComparison | undefined,
  thresholdPolicy: string,
): string[] {
  const { split, test } = evaluation;
  const lines = [
    `${name}: trained on ${split.rows.train.toLocaleString('en')} rows (cutoffs ${split.cutoffs.train[0]} … ${split.cutoffs.train.at(-1)}), ` +
      `validated on ${split.rows.valid.toLocaleString('en')} (${split.cutoffs.valid.join(', ')}), tested on ${split.rows.test.toLocaleString('en')} (${split.cutoffs.test.join(', ')})` +
      (evaluation.bestRound !== undefined ? `; best round ${evaluation.bestRound}` : ''),
  ];
  if (isClassification(test))
    lines.push(
      ...classificationLines(test, oracle, thresholdPolicy === 'fixed' ? 'fixed' : 'max F1 on validation'),
    );
  else
    lines.push(
      `  test: R² ${f3(test.r2)}  MSE ${test.mse.toFixed(2)}  MAE ${test.mae.toFixed(2)}  (mean baseline: MSE ${test.baselines.meanMse.toFixed(2)}, MAE ${test.baselines.meanMae.toFixed(2)})`,
    );
  const total = evaluation.importance.reduce((a, b) => a + b.value, 0) || 1;
  lines.push(
    `  importance: ${evaluation.importance
      .slice(0, 6)
      .map((i) => `${i.feature} ${((100 * i.value) / total).toFixed(0)}%`)
      .join(', ')}`,
  );
  return lines;
}

function classificationLines(
  m: ClassificationMetrics,
  oracle: OracleComparison | undefined,
  how: string,
): string[] {
  const row = (
    label: string,
    r: { precision: number; recall: number; f1: number; support: number },
  ): string =>
    `    ${label.padEnd(11)}${pad(f3(r.precision), 10)}${pad(f3(r.recall), 8)}${pad(f3(r.f1), 8)}${pad(String(r.support), 9)}`;
  const [[tn, fp], [fn, tp]] = m.confusion;
  return [
    `  test: ROC-AUC ${f3(m.rocAuc)}${oracle ? ` (oracle ${f3(oracle.oracleAuc)} on the same ${oracle.rows.toLocaleString('en')} rows)` : ''}  ` +
      `PR-AUC ${f3(m.prAuc)} (no skill ${f3(m.baselines.noSkillPrAuc)})  Brier ${f3(m.brier)}  lift@10% ${m.liftAt10.toFixed(2)}`,
    `  prevalence ${f3(m.prevalence)}  threshold ${f3(m.threshold)} (${how})  accuracy ${f3(m.accuracy)} ` +
      `(majority ${f3(m.baselines.majorityAccuracy)})  all-positive F1 ${f3(m.baselines.allPositiveF1)}`,
    `    ${''.padEnd(11)}${pad('precision', 10)}${pad('recall', 8)}${pad('f1', 8)}${pad('support', 9)}`,
    row('0 (stays)', m.report['0']),
    row('1 (churns)', m.report['1']),
    `    confusion: tn ${tn}  fp ${fp}  fn ${fn}  tp ${tp}`,
  ];
}
