/**
 * `--defer`: a selected node reads an unselected parent from the state's target instead of the
 * current one — on DuckDB another file (attached read-only), on Snowflake another schema — so CI
 * builds only what changed. As in dbt, a parent that already exists in the current target is read
 * there unless `--favor-state`. Sources are never deferred (both targets read the same raw data);
 * ephemeral parents are inlined, so their own parents are what get deferred.
 */
import { isModelOf } from '../core/materialization.js';
import path from 'node:path';
import type { NodeId } from '../core/ids.js';
import type { Relation } from '../core/relation.js';
import { isPlainIdentifier } from '../core/identifier.js';
import { dependenciesOf, isRelationNode } from '../core/nodes.js';
import type { Manifest } from '../parser/manifest.js';
import type { SavedState } from './state-file.js';

/** A database file to attach read-only (DuckDB) under an alias. */
interface Attachment {
  readonly path: string;
  readonly alias: string;
}

export interface DeferPlan {
  readonly attachments: readonly Attachment[];
  /** The unselected parents that may be deferred, with their relation in the state's target. */
  readonly candidates: ReadonlyMap<NodeId, Relation>;
}

const DEFERRABLE = new Set(['model', 'seed', 'ml']);

/** Unselected parents (through ephemerals) of the selected nodes. */
function unselectedParents(manifest: Manifest, selected: ReadonlySet<NodeId>): Set<NodeId> {
  const out = new Set<NodeId>();
  const visit = (id: NodeId): void => {
    const node = manifest.nodes.get(id);
    if (!node) return;
    for (const parent of dependenciesOf(node)) {
      const p = manifest.nodes.get(parent);
      if (!p || selected.has(parent) || out.has(parent)) continue;
      if (isModelOf(p, 'ephemeral')) {
        visit(parent);
        continue;
      }
      if (DEFERRABLE.has(p.resourceType)) out.add(parent);
    }
  };
  for (const id of selected) visit(id);
  return out;
}

/** Where the given nodes live in the state's target, and what to attach to read them there. */
export function stateRelations(manifest: Manifest, state: SavedState, ids: Iterable<NodeId>): DeferPlan {
  const { target } = manifest;
  const attachments: Attachment[] = [];
  let database = state.target.database;
  if (target.type === 'duckdb' && state.target.type === 'duckdb') {
    const statePath = state.target.path ?? '';
    // the same file: every relation is already where the state says; nothing to read elsewhere
    if (!statePath || path.resolve(statePath) === target.path) return { attachments, candidates: new Map() };
    // the alias is written unquoted into ATTACH and the SQL that reads it: a file named my-prod.duckdb is attached as forge_state
    const name = isPlainIdentifier(state.target.database) ? state.target.database : 'forge_state';
    const alias = name.toLowerCase() === target.database.toLowerCase() ? `${name}_state` : name;
    attachments.push({ path: statePath, alias });
    database = alias;
  }
  const candidates = new Map<NodeId, Relation>();
  for (const id of ids) {
    const relation = state.nodes[id]?.relation;
    if (relation)
      candidates.set(
        id,
        target.type === 'duckdb'
          ? {
              ...relation,
              database: relation.database === state.target.database ? database : relation.database,
            }
          : relation,
      );
  }
  return { attachments, candidates };
}

export function planDefer(manifest: Manifest, state: SavedState, selected: ReadonlySet<NodeId>): DeferPlan {
  return stateRelations(manifest, state, unselectedParents(manifest, selected));
}

/** The parents to read from the state: all candidates with `favorState`, else those missing from the current target. */
export async function chooseDeferred(
  manifest: Manifest,
  plan: DeferPlan,
  favorState: boolean,
  exists: (relation: Relation) => Promise<boolean>,
): Promise<Map<NodeId, Relation>> {
  const out = new Map<NodeId, Relation>();
  for (const [id, relation] of plan.candidates) {
    const node = manifest.nodes.get(id);
    if (!node || !isRelationNode(node) || node.resourceType === 'source') continue;
    if (favorState || !(await exists(node.relation))) out.set(id, relation);
  }
  return out;
}
