/** Builds the Dag of a manifest and reports cycles with the whole path and each ref's location. */
import type { NodeId } from '../core/ids.js';
import { dependenciesOf, type ForgeNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, formatLocation, type Diagnostic, type SourceLocation } from '../errors/diagnostic.js';
import { Dag } from './dag.js';

export function buildDag(nodes: ReadonlyMap<NodeId, ForgeNode>): { dag: Dag; diagnostics: Diagnostic[] } {
  const dag = new Dag([...nodes.values()].map((n) => ({ id: n.id, parents: dependenciesOf(n) })));
  const diagnostics = dag.cycles().map((cycle) => cycleDiagnostic(cycle, nodes));
  return { dag, diagnostics };
}

function cycleDiagnostic(cycle: readonly NodeId[], nodes: ReadonlyMap<NodeId, ForgeNode>): Diagnostic {
  const names = cycle.map((id) => nodes.get(id)?.name ?? id);
  const steps: string[] = [];
  let first: SourceLocation | undefined;
  for (let i = 1; i < cycle.length; i++) {
    const child = nodes.get(cycle[i] as NodeId);
    const parentName = nodes.get(cycle[i - 1] as NodeId)?.name;
    const location = child ? refLocation(child, parentName) : undefined;
    first ??= location;
    if (location && child) steps.push(`${formatLocation(location)} ${child.name} refs ${parentName}`);
  }
  return diagnostic(
    Codes.graphCycle,
    `dependency cycle: ${names.join(' → ')}`,
    first,
    `break the cycle; the refs that close it:\n    ${steps.join('\n    ')}`,
  );
}

function refLocation(node: ForgeNode, parentName: string | undefined): SourceLocation {
  if (node.resourceType === 'model' || node.resourceType === 'test') {
    const ref = node.facts.refs.find((r) => r.name === parentName);
    if (ref) return ref.location;
  }
  return { file: node.file };
}
