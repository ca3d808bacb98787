/**
 * Relations Forge builds beside a live one (a table to swap in, staged rows) are dropped by the
 * build that made them; a killed build leaves them behind, and a node that is then reused never
 * runs the statements that would replace or drop them. So a build drops them first: for each model
 * and seed it runs, the names beside that node's relation (BESIDE_SUFFIXES) found in its schema.
 * Only those names: relations of other projects, of nodes this build does not run (a concurrent
 * build of another selection may be using them) and other schemas are left alone.
 */
import type { Connection, RelationKind, Warehouse } from '../adapters/adapter.js';
import type { ForgeNode } from '../core/nodes.js';
import type { Relation } from '../core/relation.js';
import { Codes } from '../errors/codes.js';
import { diagnostic } from '../errors/diagnostic.js';
import type { EventSink } from '../report/events.js';
import { BESIDE_SUFFIXES, besideRelation } from '../materializations/relation-plan.js';

/** A schema the build writes into and the names its nodes may have left beside their relations there (lower-case). */
interface BesideCandidates {
  readonly schema: Pick<Relation, 'database' | 'schema'>;
  readonly names: ReadonlyMap<string, Relation>;
}

/** The nodes a build runs, and every node of the project (whose relations are live, whatever their names). */
export interface BuildNodes {
  readonly building: readonly ForgeNode[];
  readonly project: Iterable<ForgeNode>;
}

const isBuilt = (node: ForgeNode): node is Extract<ForgeNode, { resourceType: 'model' | 'seed' }> => node.resourceType === 'model' || node.resourceType === 'seed';

/** Per schema of the models and seeds being built, every name beside their relations that is no node's own. */
function besideCandidates(nodes: BuildNodes): BesideCandidates[] {
  const bySchema = new Map<string, { schema: Pick<Relation, 'database' | 'schema'>; names: Map<string, Relation> }>();
  for (const node of nodes.building) {
    if (!isBuilt(node)) continue;
    const key = `${node.relation.database}.${node.relation.schema}`.toLowerCase();
    const entry = bySchema.get(key) ?? { schema: { database: node.relation.database, schema: node.relation.schema }, names: new Map<string, Relation>() };
    for (const suffix of Object.values(BESIDE_SUFFIXES)) {
      const beside = besideRelation(node.relation, suffix);
      entry.names.set(beside.identifier.toLowerCase(), beside);
    }
    bySchema.set(key, entry);
  }
  // a node named like another's table beside (orders__forge_tmp) is live, never stale
  for (const node of nodes.project) {
    if (isBuilt(node)) bySchema.get(`${node.relation.database}.${node.relation.schema}`.toLowerCase())?.names.delete(node.relation.identifier.toLowerCase());
  }
  return [...bySchema.values()];
}

interface StaleCleanup {
  readonly dropped: readonly Relation[];
  /** What could not be listed or dropped (the build goes on: each node replaces what it builds beside). */
  readonly problems: readonly string[];
}

/** Drops what a killed build left beside the relations of the nodes this run builds, and says so; a failure there is a warning, not an error. */
export async function cleanStaleBeside(warehouse: Warehouse, nodes: BuildNodes, events: EventSink): Promise<void> {
  const { dropped, problems } = await dropStaleBeside(warehouse, nodes);
  if (dropped.length > 0) {
    const names = dropped.map((r) => warehouse.dialect.relation(r));
    events({ type: 'info', message: `dropped ${names.length} relation${names.length === 1 ? '' : 's'} left beside live ones by an earlier build: ${names.join(', ')}` });
  }
  for (const problem of problems) {
    events({ type: 'diagnostic', diagnostic: diagnostic(Codes.statementFailed, `could not drop what an earlier build left beside a live relation: ${problem}`, undefined,
      'the nodes build anyway (each replaces what it builds beside); drop the relation by hand if it stays', 'warn') });
  }
}

/** Drops what the nodes' earlier builds left beside their relations, one listing per schema. */
async function dropStaleBeside(warehouse: Warehouse, nodes: BuildNodes): Promise<StaleCleanup> {
  const candidates = besideCandidates(nodes);
  if (candidates.length === 0) return { dropped: [], problems: [] };
  const connection = await warehouse.connect();
  const dropped: Relation[] = [];
  const problems: string[] = [];
  try {
    for (const candidate of candidates) {
      const found = await foundIn(connection, candidate).catch((error: unknown) => { problems.push(`${candidate.schema.database}.${candidate.schema.schema}: ${messageOf(error)}`); return []; });
      for (const { relation, kind } of found) {
        await connection.execute(warehouse.dialect.drop(relation, kind)).then(() => dropped.push(relation),
          (error: unknown) => problems.push(`${warehouse.dialect.relation(relation)}: ${messageOf(error)}`));
      }
    }
  } finally {
    connection.release();
  }
  return { dropped, problems };
}

async function foundIn(connection: Connection, candidate: BesideCandidates): Promise<{ relation: Relation; kind: RelationKind }[]> {
  const listed = await connection.listRelations(candidate.schema);
  return listed.flatMap((r) => { const relation = candidate.names.get(r.identifier.toLowerCase()); return relation ? [{ relation, kind: r.kind }] : []; });
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
