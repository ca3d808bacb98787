/**
 * Checks on the nodes' names and relations once every node is built, before refs resolve:
 *  - every database, schema and identifier Forge writes into DDL is one plain identifier (it is
 *    written unquoted, so `raw; drop …` would run a second statement);
 *  - no two nodes a ref can name share a name (dbt refuses this too: `{{ref "x"}}` would pick one);
 *  - no two nodes build the same relation, compared case-insensitively as DuckDB and Snowflake
 *    compare unquoted names (`models/A.sql` and `models/a.sql`: one would replace the other).
 */
import { isModelOf } from '../core/materialization.js';
import {
  IDENTIFIER_HINT,
  invalidIdentifierMessage,
  isPlainIdentifier,
  isReadableIdentifier,
} from '../core/identifier.js';
import {
  isRelationNode,
  REFERABLE,
  type ForgeNode,
  type MlNode,
  type ModelNode,
  type SeedNode,
  type SourceNode,
  type TestNode,
} from '../core/nodes.js';
import type { Relation } from '../core/relation.js';
import { Codes } from '../errors/codes.js';
import {
  diagnostic,
  formatDiagnostic,
  formatLocation,
  type Diagnostic,
  type SourceLocation,
} from '../errors/diagnostic.js';

type RelationNode = ModelNode | SeedNode | SourceNode | MlNode;

const PARTS: readonly (keyof Relation)[] = ['database', 'schema', 'identifier'];

/**
 * Every problem with the nodes' names and relations (each invalid name reported once), in one pass
 * (it runs on every parse of 100,000 models). `unwritten`: a database never written into SQL
 * (DuckDB's own file, which may be named `my-data.duckdb`).
 */
export function checkRelations(nodes: Iterable<ForgeNode>, unwritten?: string): Diagnostic[] {
  const invalid = new Map<string, Diagnostic>();
  const clashes: Diagnostic[] = [];
  const byName = new Map<string, ForgeNode>();
  const byRelation = new Map<string, RelationNode>();
  for (const node of nodes) {
    if (REFERABLE.has(node.resourceType)) {
      const first = byName.get(node.name);
      if (first) clashes.push(duplicateName(first, node));
      else byName.set(node.name, node);
    }
    if (node.resourceType === 'test' && node.config['store_failures'] === true)
      checkIdentifiers(node, node.auditRelation, isPlainIdentifier, unwritten, invalid);
    if (!isRelationNode(node)) continue;
    // a source Forge only reads may name a table the user quoted; anything Forge creates stays plain
    checkIdentifiers(
      node,
      node.relation,
      node.resourceType === 'source' && !builds(node) ? isReadableIdentifier : isPlainIdentifier,
      unwritten,
      invalid,
    );
    if (!builds(node)) continue;
    const key = `${node.relation.database}.${node.relation.schema}.${node.relation.identifier}`.toLowerCase();
    const earlier = byRelation.get(key);
    if (earlier) clashes.push(collision(earlier, node));
    else byRelation.set(key, node);
  }
  return [...invalid.values(), ...clashes];
}

/** `relation`: the node's own, or a test's audit relation (where store_failures keeps its rows). */
function checkIdentifiers(
  node: RelationNode | TestNode,
  relation: Relation,
  valid: (name: string) => boolean,
  unwritten: string | undefined,
  found: Map<string, Diagnostic>,
): void {
  for (const part of PARTS) {
    const name = relation[part];
    if (valid(name) || (part === 'database' && name === unwritten)) continue;
    const what =
      node.resourceType === 'source'
        ? `source ${part}`
        : node.resourceType === 'test'
          ? `audit table ${part}`
          : part;
    const at = node.resourceType === 'test' ? undefined : node.relationOrigin?.[part];
    // not configured: an identifier is the file's name; a database or schema is the target's
    const [place, from] = at
      ? [at, '']
      : part === 'identifier'
        ? [{ file: node.file }, " (the file's name)"]
        : [undefined, " (the target's)"];
    const d = diagnostic(
      Codes.identifierInvalid,
      `${invalidIdentifierMessage(what, name)}${from}`,
      place,
      IDENTIFIER_HINT,
    );
    found.set(formatDiagnostic(d), d);
  }
}

const kindOf = (node: ForgeNode): string => (isModelOf(node, 'snapshot') ? 'snapshot' : node.resourceType);

function duplicateName(first: ForgeNode, node: ForgeNode): Diagnostic {
  return diagnostic(
    Codes.duplicateNode,
    `a ${kindOf(first)} and a ${kindOf(node)} are both named "${node.name}": ${first.file} and ${node.file} ` +
      `({{ref "${node.name}"}} would be ambiguous)`,
    { file: node.file },
    'names must be unique across models, seeds, snapshots and ml nodes: rename one of them',
  );
}

/** Nodes whose relation Forge creates or loads (an ephemeral model has none; a plain source is only read). */
function builds(node: RelationNode): boolean {
  if (node.resourceType === 'model') return node.materialization.kind !== 'ephemeral';
  if (node.resourceType === 'source') return node.external !== undefined || node.streamOf !== undefined;
  return true;
}

function collision(earlier: RelationNode, node: RelationNode): Diagnostic {
  // reported at the one an alias moved onto the other's relation, else at the later one
  const [first, second] =
    earlier.relationOrigin?.identifier && !node.relationOrigin?.identifier
      ? [node, earlier]
      : [earlier, node];
  return diagnostic(
    Codes.relationCollision,
    `${second.name} and ${first.name} both build ${second.relation.schema}.${second.relation.identifier} ` +
      `(${where(first)} and ${where(second)}; unquoted names compare case-insensitively)`,
    placeOf(second),
    'give one of them another name or an alias: {{config alias="…"}}, or +alias / +schema in project.yml',
  );
}

/** Where its alias is set, else its own file. */
function placeOf(node: RelationNode): SourceLocation {
  return node.relationOrigin?.identifier ?? { file: node.file };
}

function where(node: RelationNode): string {
  const at = placeOf(node);
  return at.file === node.file ? formatLocation(at) : `${node.file}, aliased at ${formatLocation(at)}`;
}
