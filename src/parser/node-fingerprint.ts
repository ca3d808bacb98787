/**
 * What makes a node's result change, as one hash per node: its code (or CSV, or ML definition), its
 * config, its columns' names and types, its parents, the bodies of the macros it calls, and the
 * values of the vars and env vars it reads. Descriptions are left out: editing docs rebuilds nothing.
 * Watch mode diffs these between two parses; `state:modified` will too.
 */
import { createHash } from 'node:crypto';
import type { NodeId } from '../core/ids.js';
import type { ForgeNode } from '../core/nodes.js';
import type { Manifest } from './manifest.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A hash per macro name over its adapter variants, computed once per fingerprinting. */
function macroHasher(manifest: Manifest): (names: readonly string[]) => string[] {
  const memo = new Map<string, string>();
  return (names) => names.map((name) => {
    let hash = memo.get(name);
    if (hash === undefined) {
      hash = sha(['', 'duckdb__', 'snowflake__'].map((prefix) => manifest.macros.get(`${prefix}${name}`)?.sql ?? '').join('\u0000'));
      memo.set(name, hash);
    }
    return hash;
  });
}

function inputsOf(manifest: Manifest, node: ForgeNode, macroBodies: (names: readonly string[]) => string[]): unknown[] {
  const base = [node.resourceType, node.checksum, node.config, node.columns.map((c) => [c.name, c.dataType ?? null])];
  switch (node.resourceType) {
    case 'model':
    case 'test':
    case 'ml':
      return [...base, node.dependsOn, macroBodies(node.facts.macros), node.facts.vars.map((v) => [v, manifest.vars[v] ?? null]),
        node.facts.envVars.map((v) => [v, manifest.env[v] ?? null]), node.resourceType === 'test' ? node.kwargs : null];
    case 'seed':
      return [...base, node.csvHeader];
    case 'source':
      return [...base, node.external ?? null, node.relation];
  }
}

export function fingerprints(manifest: Manifest): Map<NodeId, string> {
  const out = new Map<NodeId, string>();
  const macroBodies = macroHasher(manifest);
  for (const node of manifest.nodes.values()) out.set(node.id, sha(JSON.stringify(inputsOf(manifest, node, macroBodies))));
  return out;
}

export interface NodeChanges {
  /** New nodes and nodes whose fingerprint changed. */
  readonly changed: NodeId[];
  readonly removed: NodeId[];
}

export function diffFingerprints(before: ReadonlyMap<NodeId, string>, after: ReadonlyMap<NodeId, string>): NodeChanges {
  const changed = [...after].filter(([id, print]) => before.get(id) !== print).map(([id]) => id);
  const removed = [...before.keys()].filter((id) => !after.has(id));
  return { changed, removed };
}
