/** What `{{predict "ml_node" output="…" alias="…"}}` renders: the call of the node's deployed UDF. */
import type { MlNode } from '../../core/nodes.js';
import type { Relation } from '../../core/relation.js';
import { relationText } from '../relation-text.js';
import type { Target } from '../../project/targets.js';
import { mlInputs } from '../../ml/spec/ml-spec.js';
import type { MlSpec } from '../../core/ml-spec.js';

type PredictOutput = keyof MlSpec['udfs'];

/** The UDF's name for an output, qualified by the ML node's schema. */
function udfName(node: MlNode, output: PredictOutput, target: Target): string | undefined {
  const name = node.spec.udfs[output];
  return name === undefined ? undefined : relationText(udfRelation(node, name), target);
}

export function predictCall(
  node: MlNode,
  options: Readonly<Record<string, unknown>>,
  target: Target,
): string {
  const fallback = node.spec.task === 'classification' ? 'probability' : 'value';
  const output = String(options['output'] ?? fallback);
  const outputs = Object.entries(node.spec.udfs)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  const fn = outputs.includes(output) ? udfName(node, output as PredictOutput, target) : undefined;
  if (!fn) throw new Error(`ml node "${node.name}" has no output "${output}" (it has ${outputs.join(', ')})`);
  const alias = options['alias'] === undefined ? '' : `${String(options['alias'])}.`;
  return `${fn}(${mlInputs(node.spec)
    .map((i) => `${alias}${i.name}`)
    .join(', ')})`;
}

/** A UDF of the ML node lives in the node's schema. */
export function udfRelation(node: MlNode, name: string): Relation {
  return { ...node.relation, identifier: name };
}
