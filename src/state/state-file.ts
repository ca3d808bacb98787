/**
 * target/forge_state.json: what `--state` compares against and defers to. Written beside the
 * manifest by every command that writes one: for each node its parts' keys (parser/node-fingerprint.ts:
 * the JSON of what each part covers — kept whole, since hashing 50,000 keys cost more than writing them),
 * its relation and materialization; and the target it was built on (for DuckDB, the file's path).
 * dbt compares manifests and misses var changes (dbt-core#4304, #9562); the parts here include the
 * values of the vars and env vars each node reads.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NodeId } from '../core/ids.js';
import type { Relation } from '../core/relation.js';
import { isRelationNode } from '../core/nodes.js';
import { isPlainIdentifier } from '../core/identifier.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import type { Manifest } from '../parser/manifest.js';
import { nodeParts, PART_NAMES, type NodeParts } from '../parser/node-fingerprint.js';

const STATE_FILE = 'forge_state.json';
const VERSION = 2;

interface StateNode {
  readonly resourceType: string;
  readonly parts: NodeParts;
  readonly relation?: Relation;
  readonly materialized?: string;
}

export interface SavedState {
  readonly version: number;
  readonly project: string;
  readonly target: {
    readonly name: string;
    readonly type: string;
    readonly database: string;
    readonly schema: string;
    readonly path?: string;
  };
  readonly nodes: Readonly<Record<NodeId, StateNode>>;
}

function stateOf(manifest: Manifest): SavedState {
  const nodes: Record<NodeId, StateNode> = {};
  for (const [id, parts] of nodeParts(manifest)) {
    const node = manifest.nodes.get(id);
    if (!node) continue;
    const materialized = node.config['materialized'];
    nodes[id] = {
      resourceType: node.resourceType,
      parts,
      ...(isRelationNode(node) ? { relation: node.relation } : {}),
      ...(typeof materialized === 'string' ? { materialized } : {}),
    };
  }
  const { target } = manifest;
  return {
    version: VERSION,
    project: manifest.project.name,
    target: {
      name: target.name,
      type: target.type,
      database: target.database,
      schema: target.schema,
      ...(target.path ? { path: target.path } : {}),
    },
    nodes,
  };
}

export async function writeStateFile(manifest: Manifest, targetDir: string): Promise<void> {
  await writeFile(path.join(targetDir, STATE_FILE), JSON.stringify(stateOf(manifest)));
}

/** Reads `<dir>/forge_state.json` (the `target/` folder of a previous run, copied anywhere). */
export async function readState(dir: string): Promise<{ state?: SavedState; diagnostics: Diagnostic[] }> {
  const file = path.join(dir, STATE_FILE);
  const hint =
    'point --state at the target/ folder of a previous forge build, compile or run (copy it aside before building again)';
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'does not exist'
        : `is unreadable (${error instanceof Error ? error.message : String(error)})`;
    return {
      diagnostics: [diagnostic(Codes.stateUnreadable, `the state file ${file} ${why}`, { file }, hint)],
    };
  }
  const state = value as Partial<SavedState>;
  const valid =
    state.version === VERSION &&
    typeof state.nodes === 'object' &&
    state.nodes !== null &&
    typeof state.target === 'object' &&
    Object.values(state.nodes).every(
      (n) => typeof n === 'object' && n !== null && PART_NAMES.every((p) => typeof n.parts?.[p] === 'string'),
    );
  if (!valid)
    return {
      diagnostics: [
        diagnostic(
          Codes.stateUnreadable,
          `the state file ${file} is not a Forge state (version ${VERSION})`,
          { file },
          hint,
        ),
      ],
    };
  // --defer and clone write these names into SQL: a hand-edited file must not smuggle a statement in
  const home = state.target?.type === 'duckdb' ? state.target.database : undefined; // DuckDB's own catalog is attached under an alias
  const bad = Object.values(state.nodes as Record<string, StateNode>)
    .flatMap((n) => (n.relation ? Object.values(n.relation) : []))
    .find((name) => typeof name !== 'string' || (name !== home && !isPlainIdentifier(name)));
  if (bad !== undefined)
    return {
      diagnostics: [
        diagnostic(
          Codes.identifierInvalid,
          `the state file ${file} names a relation part ${JSON.stringify(bad)}, not a valid identifier`,
          { file },
          hint,
        ),
      ],
    };
  return { state: state as SavedState, diagnostics: [] };
}
