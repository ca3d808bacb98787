/**
 * What makes a node's result change, split into parts — its code (`body`: SQL, CSV, ML definition,
 * a test's arguments), its `configs` (config, columns' names and types, a source's location), the
 * bodies of the `macros` it calls (transitively), the values of the `vars` and env vars it reads,
 * and its enforced `contract` — each as a key, and one fingerprint per node joining them. Descriptions
 * are left out: editing docs rebuilds nothing. Watch mode diffs fingerprints between two parses;
 * `state:modified` compares the parts with a previous run's (state/state-file.ts).
 */
import { createHash } from 'node:crypto';
import type { NodeId } from '../core/ids.js';
import type { ForgeNode } from '../core/nodes.js';
import { contractEnforced } from '../data-tests/contract.js';
import type { Manifest } from './manifest.js';

import { PART_NAMES, type PartName } from '../core/node-parts.js';

export { PART_NAMES, type PartName };
export type NodeParts = Readonly<Record<PartName, string>>;

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A hash per macro name over its adapter variants, computed once per fingerprinting. */
function macroHasher(manifest: Manifest): (names: readonly string[]) => string[] {
  const memo = new Map<string, string>();
  return (names) =>
    names.map((name) => {
      let hash = memo.get(name);
      if (hash === undefined) {
        hash = sha(
          ['', 'duckdb__', 'snowflake__']
            .map((prefix) => manifest.macros.get(`${prefix}${name}`)?.sql ?? '')
            .join('\u0000'),
        );
        memo.set(name, hash);
      }
      return hash;
    });
}

/**
 * A part's key is the JSON of what it covers (macro bodies as their hashes): comparing keys needs no
 * hashing — at 10,000 nodes hashing every part cost ≈50 ms of each watch cycle.
 */
const keyOf = (value: unknown): string => JSON.stringify(value);
const EMPTY = keyOf([]);

function bodyOf(node: ForgeNode): unknown {
  switch (node.resourceType) {
    case 'model':
    case 'ml':
      return [node.resourceType, node.checksum, node.dependsOn];
    case 'test':
      return [node.resourceType, node.checksum, node.dependsOn, node.kwargs];
    case 'seed':
      return [node.resourceType, node.checksum, node.csvHeader];
    case 'source':
      return [node.resourceType, node.external ?? null];
    case 'unit_test':
      return [
        node.resourceType,
        node.spec.given,
        node.spec.expect,
        node.spec.vars,
        node.spec.isIncremental ?? null,
        node.attachedTo,
      ];
  }
}

function configsOf(node: ForgeNode): unknown {
  const base = [node.config, node.columns.map((c) => [c.name, c.dataType ?? null])];
  return node.resourceType === 'source'
    ? [...base, node.relation, node.loadedAtField ?? null, node.freshness ?? null]
    : base;
}

function partsOf(
  manifest: Manifest,
  node: ForgeNode,
  macroBodies: (names: readonly string[]) => string[],
): NodeParts {
  const facts =
    node.resourceType === 'model' || node.resourceType === 'test' || node.resourceType === 'ml'
      ? node.facts
      : undefined;
  const contract =
    node.resourceType === 'model' && contractEnforced(node)
      ? node.columns.map((c) => [c.name, c.dataType ?? null])
      : [];
  return {
    body: keyOf(bodyOf(node)),
    configs: keyOf(configsOf(node)),
    macros: facts && facts.macros.length > 0 ? macroBodies(facts.macros).join(',') : EMPTY,
    vars:
      facts && (facts.vars.length > 0 || facts.envVars.length > 0)
        ? keyOf([
            facts.vars.map((v) => [v, manifest.vars[v] ?? null]),
            facts.envVars.map((v) => [v, manifest.env[v] ?? null]),
          ])
        : EMPTY,
    contract: contract.length > 0 ? keyOf(contract) : EMPTY,
  };
}

/** Computed once per manifest (watch mode fingerprints it, then the run writes it to forge_state.json). */
const partsMemo = new WeakMap<Manifest, Map<NodeId, NodeParts>>();

export function nodeParts(manifest: Manifest): Map<NodeId, NodeParts> {
  const memo = partsMemo.get(manifest);
  if (memo) return memo;
  const out = new Map<NodeId, NodeParts>();
  const macroBodies = macroHasher(manifest);
  for (const node of manifest.nodes.values()) out.set(node.id, partsOf(manifest, node, macroBodies));
  partsMemo.set(manifest, out);
  return out;
}

/** The fingerprint of one node (watch mode's fast path recomputes only the saved models'). */
export function fingerprintOf(manifest: Manifest, node: ForgeNode): string {
  return joinParts(partsOf(manifest, node, macroHasher(manifest)));
}

const joinParts = (parts: NodeParts): string => PART_NAMES.map((p) => parts[p]).join('\u0000');

/** One comparable string per node: its parts' keys joined (equal exactly when every part is). */
export function fingerprints(manifest: Manifest): Map<NodeId, string> {
  const out = new Map<NodeId, string>();
  for (const [id, parts] of nodeParts(manifest)) out.set(id, joinParts(parts));
  return out;
}

interface NodeChanges {
  /** New nodes and nodes whose fingerprint changed. */
  readonly changed: NodeId[];
  readonly removed: NodeId[];
}

export function diffFingerprints(
  before: ReadonlyMap<NodeId, string>,
  after: ReadonlyMap<NodeId, string>,
): NodeChanges {
  const changed = [...after].filter(([id, print]) => before.get(id) !== print).map(([id]) => id);
  const removed = [...before.keys()].filter((id) => !after.has(id));
  return { changed, removed };
}
