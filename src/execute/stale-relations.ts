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

/** A database the build writes into and, by schema (lower-case), the names its nodes may have left beside their relations there (lower-case). */
interface BesideCandidates {
  readonly database: string;
  readonly schemas: ReadonlyMap<
    string,
    { readonly schema: string; readonly names: ReadonlyMap<string, Relation> }
  >;
}

/** The nodes a build runs, and every node of the project (whose relations are live, whatever their names). */
interface BuildNodes {
  readonly building: readonly ForgeNode[];
  readonly project: Iterable<ForgeNode>;
}

const isBuilt = (node: ForgeNode): node is Extract<ForgeNode, { resourceType: 'model' | 'seed' }> =>
  node.resourceType === 'model' || node.resourceType === 'seed';

type Candidates = Map<
  string,
  { database: string; schemas: Map<string, { schema: string; names: Map<string, Relation> }> }
>;

/** The names beside a relation's schema entry, created on first use. */
function namesIn(candidates: Candidates, relation: Relation): Map<string, Relation> {
  const database = candidates.get(relation.database.toLowerCase()) ?? {
    database: relation.database,
    schemas: new Map(),
  };
  candidates.set(relation.database.toLowerCase(), database);
  const schema = database.schemas.get(relation.schema.toLowerCase()) ?? {
    schema: relation.schema,
    names: new Map<string, Relation>(),
  };
  database.schemas.set(relation.schema.toLowerCase(), schema);
  return schema.names;
}

/** Per database and schema of the models and seeds being built, every name beside their relations that is no node's own. */
function besideCandidates(nodes: BuildNodes): BesideCandidates[] {
  const candidates: Candidates = new Map();
  for (const node of nodes.building) {
    if (!isBuilt(node)) continue;
    const names = namesIn(candidates, node.relation);
    for (const suffix of Object.values(BESIDE_SUFFIXES)) {
      const beside = besideRelation(node.relation, suffix);
      names.set(beside.identifier.toLowerCase(), beside);
    }
  }
  // a node named like another's table beside (orders__forge_tmp) is live, never stale
  for (const node of nodes.project) {
    if (!isBuilt(node)) continue;
    candidates
      .get(node.relation.database.toLowerCase())
      ?.schemas.get(node.relation.schema.toLowerCase())
      ?.names.delete(node.relation.identifier.toLowerCase());
  }
  return [...candidates.values()];
}

interface StaleCleanup {
  readonly dropped: readonly Relation[];
  /** What could not be listed or dropped (the build goes on: each node replaces what it builds beside). */
  readonly problems: readonly string[];
}

/** Drops what a killed build left beside the relations of the nodes this run builds, and says so; a failure there is a warning, not an error. */
export async function cleanStaleBeside(
  warehouse: Warehouse,
  nodes: BuildNodes,
  events: EventSink,
): Promise<void> {
  const { dropped, problems } = await dropStaleBeside(warehouse, nodes);
  if (dropped.length > 0) {
    const names = dropped.map((r) => warehouse.dialect.relation(r));
    events({
      type: 'info',
      message: `dropped ${names.length} relation${names.length === 1 ? '' : 's'} left beside live ones by an earlier build: ${names.join(', ')}`,
    });
  }
  for (const problem of problems) {
    events({
      type: 'diagnostic',
      diagnostic: diagnostic(
        Codes.statementFailed,
        `could not drop what an earlier build left beside a live relation: ${problem}`,
        undefined,
        'the nodes build anyway (each replaces what it builds beside); drop the relation by hand if it stays',
        'warn',
      ),
    });
  }
}

/** Drops what the nodes' earlier builds left beside their relations, one listing per database. */
async function dropStaleBeside(warehouse: Warehouse, nodes: BuildNodes): Promise<StaleCleanup> {
  const candidates = besideCandidates(nodes);
  if (candidates.length === 0) return { dropped: [], problems: [] };
  const connection = await warehouse.connect();
  const dropped: Relation[] = [];
  const problems: string[] = [];
  try {
    for (const candidate of candidates) {
      const found = await foundIn(connection, candidate).catch((error: unknown) => {
        problems.push(`${candidate.database}: ${messageOf(error)}`);
        return [];
      });
      for (const { relation, kind } of found) {
        await connection.execute(warehouse.dialect.drop(relation, kind)).then(
          () => dropped.push(relation),
          (error: unknown) => problems.push(`${warehouse.dialect.relation(relation)}: ${messageOf(error)}`),
        );
      }
    }
  } finally {
    connection.release();
  }
  return { dropped, problems };
}

async function foundIn(
  connection: Connection,
  candidate: BesideCandidates,
): Promise<{ relation: Relation; kind: RelationKind }[]> {
  const listed = await connection.listRelations(
    candidate.database,
    [...candidate.schemas.values()].map((s) => s.schema),
  );
  return listed.flatMap((r) => {
    const relation = candidate.schemas.get(r.schema.toLowerCase())?.names.get(r.identifier.toLowerCase());
    return relation ? [{ relation, kind: r.kind }] : [];
  });
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
