/**
 * Unit test nodes from the `unit_tests:` of YAML property files, checked against the resolved graph:
 * the model exists, every input names one of its parents, every parent is given (an ephemeral
 * parent's own parents stand in for it), and `this` only for incremental models.
 */
import { isModelOf } from '../core/materialization.js';
import type { NodeId } from '../core/ids.js';
import { nodeId } from '../core/ids.js';
import type { ForgeNode, ModelNode, UnitTestNode } from '../core/nodes.js';
import { dependenciesOf } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';
import type { ProjectFile } from '../project/project-file.js';
import type { UnitGiven, UnitTestSpec } from '../core/unit-test-spec.js';

/** The parents a unit test must give rows for: the model's, with ephemerals replaced by theirs. */
function readParents(model: ModelNode, nodes: ReadonlyMap<NodeId, ForgeNode>): Set<NodeId> {
  const out = new Set<NodeId>();
  const visit = (node: ForgeNode): void => {
    for (const id of dependenciesOf(node)) {
      const parent = nodes.get(id);
      if (isModelOf(parent, 'ephemeral')) visit(parent);
      else if (parent && parent.resourceType !== 'test') out.add(id);
    }
  };
  visit(model);
  return out;
}

function inputNode(given: UnitGiven, nodes: ReadonlyMap<NodeId, ForgeNode>): ForgeNode | undefined {
  const { input } = given;
  for (const node of nodes.values()) {
    if (
      input.kind === 'ref' &&
      node.name === input.name &&
      (node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'ml')
    )
      return node;
    if (
      input.kind === 'source' &&
      node.resourceType === 'source' &&
      node.sourceName === input.source &&
      node.tableName === input.table
    )
      return node;
  }
  return undefined;
}

function givenText(node: ForgeNode): string {
  return node.resourceType === 'source'
    ? `source('${node.sourceName}', '${node.tableName}')`
    : `ref('${node.name}')`;
}

function buildOne(
  spec: UnitTestSpec,
  nodes: ReadonlyMap<NodeId, ForgeNode>,
  project: ProjectFile,
  problems: Diagnostic[],
): UnitTestNode | undefined {
  const fail = (message: string, hint?: string, location = spec.location): undefined => {
    problems.push(diagnostic(Codes.unitTestInvalid, message, location, hint));
    return undefined;
  };
  const models = [...nodes.values()].filter((n): n is ModelNode => n.resourceType === 'model');
  const model = models.find((m) => m.name === spec.model);
  if (!model)
    return fail(
      `unit test "${spec.name}" tests model "${spec.model}", which does not exist${didYouMean(
        spec.model,
        models.map((m) => m.name),
      )}`,
    );
  if (model.materialization.kind === 'snapshot')
    return fail(
      `unit test "${spec.name}": snapshots cannot be unit tested`,
      'test the model the snapshot reads instead',
    );
  const parents = readParents(model, nodes);
  const inputs: Record<string, NodeId> = {};
  for (const given of spec.given) {
    if (given.input.kind === 'this') {
      if (model.materialization.kind !== 'incremental' && model.materialization.kind !== 'microbatch')
        return fail(
          `unit test "${spec.name}" gives "this", but ${model.name} is not incremental`,
          undefined,
          given.location,
        );
      continue;
    }
    const node = inputNode(given, nodes);
    if (!node || !parents.has(node.id)) {
      return fail(
        `unit test "${spec.name}": ${model.name} does not read ${given.text}`,
        `its inputs: ${[...parents].map((id) => givenText(nodes.get(id) as ForgeNode)).join(', ')}`,
        given.location,
      );
    }
    inputs[given.text] = node.id;
  }
  const missing = [...parents]
    .filter((id) => !Object.values(inputs).includes(id))
    .map((id) => givenText(nodes.get(id) as ForgeNode));
  if (missing.length > 0) {
    return fail(
      `unit test "${spec.name}" gives no rows for ${missing.join(', ')}, which ${model.name} reads`,
      `add - input: ${missing[0]}\n      rows: []   (an empty input is fine)`,
    );
  }
  return {
    resourceType: 'unit_test',
    id: nodeId('unit_test', project.name, model.name, spec.name),
    name: spec.name,
    fqn: [...model.fqn, spec.name],
    file: spec.file,
    config: {},
    description: spec.description,
    columns: [],
    checksum: '',
    spec,
    attachedTo: model.id,
    inputs,
    location: spec.location,
  };
}

/** Adds the unit tests to `nodes` (after refs are resolved). */
export function addUnitTests(
  specs: readonly UnitTestSpec[],
  nodes: Map<NodeId, ForgeNode>,
  project: ProjectFile,
  diagnostics: Diagnostic[],
): void {
  for (const spec of specs) {
    const node = buildOne(spec, nodes, project, diagnostics);
    if (!node) continue;
    if (nodes.has(node.id)) {
      diagnostics.push(
        diagnostic(
          Codes.unitTestInvalid,
          `unit test "${spec.name}" of ${spec.model} is defined twice`,
          spec.location,
        ),
      );
      continue;
    }
    nodes.set(node.id, node);
  }
}
