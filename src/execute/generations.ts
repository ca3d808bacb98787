/**
 * Reusing unchanged work (what dbt Cloud calls state-aware orchestration, here on any target). Each
 * relation a reuse decision depends on carries a *generation*: a token for its content as Forge last
 * left it, kept beside the data in `<target schema>.forge_generations` (append-only; a node's newest
 * row wins). A node's *inputs* are its definition (fingerprint, Forge version) and its parents'
 * generations. A node configured `reuse_unchanged: true` whose inputs equal those of its last
 * successful run is not run again: a model is reported `reused`, a test `pass` (only a pass is
 * reused). ML nodes use the same bookkeeping without the config: unchanged inputs mean the training
 * rows are unchanged, so their warehouse-side digest is not recomputed.
 *
 * After a node runs, its generation is: for a view or seed, a function of its inputs; for an
 * incremental model or ML node that reports it changed nothing, the one it had; for a small table
 * rebuilt whole, a digest of its rows; otherwise a new one.
 * A tracked node is marked pending before it runs, so a failure or crash mid-build never leaves a
 * stale generation behind (pending is unknown: whatever reads it runs).
 *
 * Limits (README): writes Forge did not make (a hand-edited table) and relations read without
 * ref/source are invisible; `--full-refresh`, `--defer` and explicit event-time ranges never reuse.
 */
import type { Connection, Dialect, Warehouse } from '../adapters/adapter.js';
import { FORGE_VERSION } from '../core/version.js';
import { asList } from '../core/config.js';
import type { NodeId } from '../core/ids.js';
import { isModelOf, mergeKeyOf, reuseRules } from '../core/materialization.js';
import { dependenciesOf, isRelationNode, type ForgeNode, type TestNode } from '../core/nodes.js';
import type { Relation } from '../core/relation.js';
import type { Manifest } from '../parser/manifest.js';
import { sha256 } from '../core/hash.js';
import { sqlString } from '../core/sql-string.js';
import { fingerprints } from '../parser/node-fingerprint.js';
import type { NodeOutcome } from './run-context.js';

const PENDING = 'pending';
/** A table rebuilt with at most this many rows is named by its content: rebuilt the same, it keeps its generation. */
const SMALL_TABLE_ROWS = 100_000;

interface Row {
  readonly generation: string;
  readonly inputs: string;
  readonly detail: string;
}

/** Why a node is not run: nothing it reads changed, or (a key test) its model kept its key unique by merging. */
export type Reuse = 'unchanged' | 'unique by construction';

/** The unique key a model merges on (incremental merge, delete+insert); empty for anything else. */
function mergeKey(node: ForgeNode): readonly string[] {
  return node.resourceType === 'model' ? mergeKeyOf(node.materialization) : [];
}

const keyLineage = (columns: readonly string[]): string =>
  `unique:${[...columns]
    .map((c) => c.toLowerCase())
    .sort()
    .join(',')}`;

/** Nodes that reuse (the config, or ML), and everything whose generation they read. */
function trackedNodes(manifest: Manifest): Set<NodeId> {
  const tracked = new Set<NodeId>();
  const visit = (node: ForgeNode | undefined): void => {
    if (!node || tracked.has(node.id)) return;
    tracked.add(node.id);
    if (consumes(node) || derived(node))
      for (const parent of dependenciesOf(node)) visit(manifest.nodes.get(parent));
  };
  for (const node of manifest.nodes.values()) if (consumes(node)) visit(node);
  return tracked;
}

const consumes = (node: ForgeNode): boolean =>
  node.resourceType === 'ml' || node.config['reuse_unchanged'] === true;

/** A relation whose content follows from its inputs alone: a view, an ephemeral model, a dynamic table, a seed. */
function derived(node: ForgeNode): boolean {
  if (node.resourceType === 'seed') return true;
  return node.resourceType === 'model' && reuseRules(node.materialization).derived;
}

export class Generations {
  private readonly prints: Map<NodeId, string>;
  private readonly before = new Map<NodeId, Row | undefined>();
  private lastSeq = 0;

  private constructor(
    private readonly manifest: Manifest,
    private readonly dialect: Dialect,
    private readonly table: string,
    private readonly tracked: ReadonlySet<NodeId>,
    private readonly rows: Map<NodeId, Row>,
    private readonly runId: string,
    private readonly reuseAllowed: boolean,
  ) {
    this.prints = fingerprints(manifest);
  }

  /** Reads the newest generation of every node; undefined when nothing reuses (or the table cannot be made: a warning). */
  static async open(
    manifest: Manifest,
    warehouse: Warehouse,
    options: { runId: string; reuseAllowed: boolean; warn: (message: string) => void },
  ): Promise<Generations | undefined> {
    const tracked = trackedNodes(manifest);
    if (tracked.size === 0) return undefined;
    const relation: Relation = {
      database: manifest.target.database,
      schema: manifest.target.schema,
      identifier: 'forge_generations',
    };
    const { dialect } = warehouse;
    const table = dialect.relation(relation);
    const connection = await warehouse.connect();
    try {
      await connection.execute(dialect.createSchema(relation));
      await connection.execute(
        `create table if not exists ${table} (node_id varchar, generation varchar, inputs varchar, detail varchar, run_id varchar, seq bigint)`,
      );
      const result = await connection.query(
        `select node_id, generation, inputs, detail, stored from (select t.*, row_number() over (partition by node_id order by seq desc) as newest, ` +
          `count(*) over () as stored from ${table} t) ranked where newest = 1`,
      );
      const rows = new Map<NodeId, Row>(
        result.rows.map((r) => [
          String(r['node_id']) as NodeId,
          {
            generation: String(r['generation']),
            inputs: String(r['inputs'] ?? ''),
            detail: String(r['detail'] ?? ''),
          },
        ]),
      );
      // superseded rows (the last run's pending marks, older generations) go; a build with nothing superseded writes nothing here
      if (Number(result.rows[0]?.['stored'] ?? 0) > rows.size)
        await connection.execute(
          `delete from ${table} where seq not in (select max(seq) from ${table} group by node_id)`,
        );
      return new Generations(manifest, dialect, table, tracked, rows, options.runId, options.reuseAllowed);
    } catch (error) {
      options.warn(
        `reuse of unchanged nodes is off for this run: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    } finally {
      connection.release();
    }
  }

  /** The token of a node's definition and its parents' content; undefined when some parent's content is unknown. */
  inputsOf(id: NodeId): string | undefined {
    const node = this.manifest.nodes.get(id);
    if (!node) return undefined;
    const parts = [FORGE_VERSION, this.prints.get(id) ?? ''];
    for (const parent of [...dependenciesOf(node)].sort()) {
      const generation = this.generationOf(parent);
      if (generation === undefined) return undefined;
      parts.push(`${parent}=${generation}`);
    }
    return sha256(parts.join('\n'));
  }

  private generationOf(id: NodeId): string | undefined {
    const node = this.manifest.nodes.get(id);
    if (isModelOf(node, 'ephemeral')) return this.inputsOf(id);
    const row = this.rows.get(id);
    return row && row.generation !== PENDING ? row.generation : undefined;
  }

  /** The stored detail (an ML node's training digest) when the node's inputs are those it was computed from (never when reuse is off for the run). */
  unchangedDetail(id: NodeId): string | undefined {
    if (!this.reuseAllowed) return undefined;
    const row = this.before.has(id) ? this.before.get(id) : this.rows.get(id);
    const inputs = this.inputsOf(id);
    return row &&
      row.generation !== PENDING &&
      inputs !== undefined &&
      row.inputs === inputs &&
      row.detail !== ''
      ? row.detail
      : undefined;
  }

  /**
   * Why a node configured to reuse need not run: its inputs are those of its last successful run (a
   * test: its last pass) and its relation exists — or, for a `unique` test on an incremental model's
   * own key, the model was only merged on that key since the test passed.
   */
  async reusable(node: ForgeNode, connection: Connection): Promise<Reuse | undefined> {
    if (
      !this.reuseAllowed ||
      node.config['reuse_unchanged'] !== true ||
      node.resourceType === 'ml' ||
      node.resourceType === 'unit_test'
    )
      return undefined;
    const row = this.rows.get(node.id);
    if (!row || row.generation === PENDING || (node.resourceType === 'test' && row.generation !== 'pass'))
      return undefined;
    const inputs = this.inputsOf(node.id);
    if (inputs !== undefined && inputs === row.inputs)
      return !isRelationNode(node) || (await connection.describe(node.relation)) !== undefined
        ? 'unchanged'
        : undefined;
    return node.resourceType === 'test' && row.detail !== '' && row.detail === this.keyTestDetail(node)
      ? 'unique by construction'
      : undefined;
  }

  /**
   * For a `unique` (or `unique_combination_of_columns`) test on exactly the unique key of the model
   * it is attached to: the model's merge lineage (`unique:<key>@<the generation it was last built
   * whole at>`) and the test's own definition. Equal at two runs, the model was changed only
   * by merges of rows staged one per key since then — which keep a unique key unique.
   */
  private keyTestDetail(node: TestNode): string {
    const columns =
      node.testName === 'unique' && node.columnName
        ? [node.columnName]
        : node.testName === 'unique_combination_of_columns'
          ? asList(node.kwargs['combination_of_columns'] ?? []).map(String)
          : [];
    const model = node.attachedTo ? this.rows.get(node.attachedTo) : undefined;
    if (
      columns.length === 0 ||
      node.dependsOn.length !== 1 ||
      !model ||
      !model.detail.startsWith(`${keyLineage(columns)}@`)
    )
      return '';
    return `${model.detail}#${sha256(this.prints.get(node.id) ?? '')}`;
  }

  /** Before a tracked node runs: its generation becomes unknown until it finishes. */
  async begin(connection: Connection, node: ForgeNode): Promise<void> {
    if (!this.tracked.has(node.id) || node.resourceType === 'test') return;
    this.before.set(node.id, this.rows.get(node.id));
    await this.write(connection, node.id, { generation: PENDING, inputs: '', detail: '' });
  }

  /**
   * After a tracked node succeeded: its new generation (kept when it reports it changed nothing), and
   * its detail — an ML node's digest, or an incremental model's merge lineage, kept while it is only merged.
   */
  async finish(connection: Connection, node: ForgeNode, outcome: NodeOutcome): Promise<void> {
    if (!this.tracked.has(node.id) || node.resourceType === 'test') return;
    const inputs = this.inputsOf(node.id);
    const previous = this.before.get(node.id);
    const known = previous && previous.generation !== PENDING ? previous : undefined;
    if (outcome.unchanged && known && !derived(node)) {
      await this.write(connection, node.id, { ...known, inputs: inputs ?? '' });
      return;
    }
    const generation =
      derived(node) && inputs !== undefined
        ? `i:${inputs}`
        : ((await this.smallTableContent(connection, node, outcome)) ??
          sha256(`${this.runId}\n${node.id}\n${Date.now()}`));
    // an incremental model merged on its key continues its lineage; built whole, it starts one here
    const key = mergeKey(node);
    const lineage = key.length > 0 ? keyLineage(key) : undefined;
    const detail =
      lineage === undefined
        ? (outcome.detail ?? '')
        : outcome.merged && known?.detail.startsWith(`${lineage}@`)
          ? known.detail
          : `${lineage}@${generation}`;
    await this.write(connection, node.id, { generation, inputs: inputs ?? '', detail });
  }

  /** A small table rebuilt whole is named by its content (a digest of its rows): the same rows, the same generation. */
  private async smallTableContent(
    connection: Connection,
    node: ForgeNode,
    outcome: NodeOutcome,
  ): Promise<string | undefined> {
    if (
      node.resourceType !== 'model' ||
      !reuseRules(node.materialization).digestsSmallTable ||
      outcome.rows === undefined ||
      outcome.rows > SMALL_TABLE_ROWS
    )
      return undefined;
    const result = await connection.query(
      this.dialect.contentDigest(`select * from ${this.dialect.relation(node.relation)}`),
    );
    const digest = result.rows[0]?.['digest'];
    return digest === undefined || digest === null
      ? undefined
      : `c:${sha256(`${node.id}\n${String(digest)}`)}`;
  }

  /** After a tracked test ran: its status, reusable while its inputs stay the same (a key test: while its model is only merged). */
  async recordTest(connection: Connection, node: ForgeNode, status: string): Promise<void> {
    if (!this.tracked.has(node.id) || node.resourceType !== 'test') return;
    await this.write(connection, node.id, {
      generation: status,
      inputs: this.inputsOf(node.id) ?? '',
      detail: this.keyTestDetail(node),
    });
  }

  private async write(connection: Connection, id: NodeId, row: Row): Promise<void> {
    this.rows.set(id, row);
    const seq = (this.lastSeq = Math.max(this.lastSeq + 1, Date.now() * 1000));
    await connection.execute(
      `insert into ${this.table} (node_id, generation, inputs, detail, run_id, seq) values ` +
        `(${sqlString(id)}, ${sqlString(row.generation)}, ${sqlString(row.inputs)}, ${sqlString(row.detail)}, ${sqlString(this.runId)}, ${seq})`,
    );
  }
}
