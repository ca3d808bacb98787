/**
 * Checks on the nodes' names and relations once every node is built, before refs resolve:
 *  - every database, schema and identifier Forge writes into DDL is one plain identifier (it is
 *    written unquoted, so `raw; drop …` would run a second statement);
 *  - no two nodes a ref can name share a name (dbt refuses this too: `{{ref "x"}}` would pick one);
 *  - no two nodes build the same relation, compared case-insensitively as DuckDB and Snowflake
 *    compare unquoted names (`models/A.sql` and `models/a.sql`: one would replace the other).
 */
import { IDENTIFIER_HINT, invalidIdentifierMessage, isPlainIdentifier, isReadableIdentifier } from '../core/identifier.js';
import { isRelationNode, REFERABLE, type ForgeNode, type MlNode, type ModelNode, type SeedNode, type SourceNode } from '../core/nodes.js';
import type { Relation } from '../core/relation.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, formatDiagnostic, formatLocation, type Diagnostic, type SourceLocation } from '../errors/diagnostic.js';

type RelationNode = ModelNode | SeedNode | SourceNode | MlNode;

const PART_NAMES: Readonly<Record<keyof Relation, string>> = { database: 'database', schema: 'schema', identifier: 'identifier' };

/**
 * Every problem with the nodes' names and relations (each invalid name reported once). `unwritten`:
 * a database never written into SQL (DuckDB's own file, which may be named `my-data.duckdb`).
 */
export function checkRelations(nodes: Iterable<ForgeNode>, unwritten?: string): Diagnostic[] {
  const list = [...nodes];
  const relationNodes = list.filter(isRelationNode);
  return [...invalidIdentifiers(relationNodes, unwritten), ...duplicateNames(list), ...collisions(relationNodes)];
}

function invalidIdentifiers(nodes: readonly RelationNode[], unwritten: string | undefined): Diagnostic[] {
  const found = new Map<string, Diagnostic>();
  for (const node of nodes) {
    // a source Forge only reads may name a table the user quoted; anything Forge creates stays plain
    const valid = node.resourceType === 'source' && !builds(node) ? isReadableIdentifier : isPlainIdentifier;
    for (const part of Object.keys(PART_NAMES) as (keyof Relation)[]) {
      const name = node.relation[part];
      if (valid(name) || (part === 'database' && name === unwritten)) continue;
      const what = node.resourceType === 'source' ? `source ${PART_NAMES[part]}` : PART_NAMES[part];
      const at = node.relationOrigin?.[part];
      // not configured: an identifier is the file's name; a database or schema is the target's
      const [place, from] = at ? [at, ''] : part === 'identifier' ? [{ file: node.file }, ' (the file\'s name)'] : [undefined, ' (the target\'s)'];
      const d = diagnostic(Codes.identifierInvalid, `${invalidIdentifierMessage(what, name)}${from}`, place, IDENTIFIER_HINT);
      found.set(formatDiagnostic(d), d);
    }
  }
  return [...found.values()];
}

const kindOf = (node: ForgeNode): string => (node.resourceType === 'model' && node.config['materialized'] === 'snapshot' ? 'snapshot' : node.resourceType);

function duplicateNames(nodes: readonly ForgeNode[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byName = new Map<string, ForgeNode>();
  for (const node of nodes) {
    if (!REFERABLE.has(node.resourceType)) continue;
    const first = byName.get(node.name);
    if (!first) { byName.set(node.name, node); continue; }
    out.push(diagnostic(Codes.duplicateNode, `a ${kindOf(first)} and a ${kindOf(node)} are both named "${node.name}": ${first.file} and ${node.file} ` +
      `({{ref "${node.name}"}} would be ambiguous)`, { file: node.file }, 'names must be unique across models, seeds, snapshots and ml nodes: rename one of them'));
  }
  return out;
}

/** Nodes whose relation Forge creates or loads (an ephemeral model has none; a plain source is only read). */
function builds(node: RelationNode): boolean {
  if (node.resourceType === 'model') return node.config['materialized'] !== 'ephemeral';
  if (node.resourceType === 'source') return node.external !== undefined || node.streamOf !== undefined;
  return true;
}

function collisions(nodes: readonly RelationNode[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byRelation = new Map<string, RelationNode>();
  for (const node of nodes) {
    if (!builds(node)) continue;
    const { database, schema, identifier } = node.relation;
    const key = `${database}.${schema}.${identifier}`.toLowerCase();
    const earlier = byRelation.get(key);
    if (!earlier) { byRelation.set(key, node); continue; }
    // reported at the one an alias moved onto the other's relation, else at the later one
    const [first, second] = earlier.relationOrigin?.identifier && !node.relationOrigin?.identifier ? [node, earlier] : [earlier, node];
    out.push(diagnostic(Codes.relationCollision, `${second.name} and ${first.name} both build ${second.relation.schema}.${second.relation.identifier} ` +
      `(${where(first)} and ${where(second)}; unquoted names compare case-insensitively)`, placeOf(second),
      `give one of them another name or an alias: {{config alias="…"}}, or +alias / +schema in project.yml`));
  }
  return out;
}

/** Where its alias is set, else its own file. */
function placeOf(node: RelationNode): SourceLocation {
  return node.relationOrigin?.identifier ?? { file: node.file };
}

function where(node: RelationNode): string {
  const at = placeOf(node);
  return at.file === node.file ? formatLocation(at) : `${node.file}, aliased at ${formatLocation(at)}`;
}
