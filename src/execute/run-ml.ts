/**
 * Runs an ML node: fingerprint the training data (warehouse-side digest + definition + learner code
 * version); if a registered version has that digest — also on --full-refresh, as training is
 * deterministic — reuse it: nothing is trained or registered, the default version's UDFs are
 * re-deployed and re-checked (a full refresh rebuilds the golden rows first). Otherwise read the
 * rows, train, evaluate (and compare with the oracle), register an immutable version, promote it unless it is worse than the current default on the same test
 * rows, deploy the default version's UDFs, verify them on golden rows, and write target/ml/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection, Dialect } from '../adapters/adapter.js';
import { relationText } from '../compile/relation-text.js';
import { isRelationNode } from '../core/nodes.js';
import type { MlNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { diagnostic } from '../errors/diagnostic.js';
import { TARGET_DIR } from '../compile/target-paths.js';
import type { InputRow, ModelArtifact } from '../ml/learn/artifact.js';
import { goldenRows, goldenVersion, storeGolden, udfStatements, verifyParity } from './ml/deploy.js';
import { formatEvaluation } from './ml/evaluation-report.js';
import { compareWithOracle, type OracleComparison } from './ml/oracle.js';
import { CODE_VERSION, Registry, type VersionRow } from './ml/registry.js';
import { evaluateOn, splitByCutoff, trainModel, type Trained } from '../ml/learn/train.js';
import { checkColumns, readTrainingRows } from './ml/training-data.js';
import { rowAt, type TrainingRows } from '../ml/learn/training-rows.js';
import { sha256 } from '../core/hash.js';
import { specFingerprint } from '../parser/build-ml-node.js';
import type { NodeOutcome, RunContext } from './run-context.js';

const GOLDEN_SAMPLES = 200;

export async function runMl(ctx: RunContext, node: MlNode, connection: Connection): Promise<NodeOutcome> {
  const dialect = ctx.warehouse.dialect;
  const relation = trainingRelation(ctx, node);
  const registry = new Registry(connection, dialect, node);
  await registry.ensure();
  await checkColumns(connection, node.spec, relation);
  // unchanged inputs since this node last digested them (execute/generations.ts): the digest stands
  const kept = ctx.generations?.unchangedDetail(node.id);
  const content = kept ?? (await trainingContent(ctx, connection, node, relation));
  const digest = sha256(`${content}\n${specFingerprint(node.spec)}\n${CODE_VERSION}`);
  const known = await registry.byDigest(digest);
  if (known)
    return {
      ...(await redeploy(ctx, node, connection, registry, known, {
        digest,
        kept: kept !== undefined,
        relation,
      })),
      unchanged: true,
      detail: content,
    };
  const data = await readTrainingRows(connection, dialect, node.spec, relation);
  const sampled =
    data.count < data.total
      ? ` (a deterministic sample of ${data.total.toLocaleString('en')}; max_training_rows ${node.spec.maxTrainingRows.toLocaleString('en')})`
      : '';
  ctx.events({
    type: 'info',
    message: `${node.name}: training ${node.spec.algorithm} on ${data.count.toLocaleString('en')} rows${sampled} (digest ${digest.slice(0, 12)})`,
  });
  const trained = await trainModel(node.spec, data, Math.max(1, os.availableParallelism()));
  const oracle = await compareOracle(ctx, node, connection, data, trained);
  for (const line of formatEvaluation(node.name, trained.evaluation, oracle, node.spec.threshold.policy))
    ctx.events({ type: 'info', message: line });
  if (oracle?.warning)
    ctx.events({
      type: 'diagnostic',
      diagnostic: diagnostic(
        Codes.mlOracle,
        `${node.name}: ${oracle.warning}`,
        node.location,
        undefined,
        'warn',
      ),
    });
  const previous = await registry.defaultVersion();
  const promoted = promote(node, trained, previous);
  const version = await registry.register({
    artifact: trained.artifact,
    metrics: { ...trained.evaluation, oracle: oracle ?? null, promoted: promoted.ok },
    params: node.spec.params,
    trainingDigest: digest,
    trainingRows: data.count,
    createdAt: ctx.now,
  });
  if (promoted.ok || !previous) await registry.setDefault(version, ctx.now);
  else
    ctx.events({
      type: 'info',
      message: `${node.name}: version ${version} registered but not promoted — ${promoted.reason}; version ${previous.version} stays the default`,
    });
  const deployed = promoted.ok || !previous ? { version, artifact: trained.artifact } : previous;
  const samples = sampleRows(data, node, trained.split.test);
  await deploy(connection, dialect, node, deployed.artifact);
  await storeGolden(
    connection,
    dialect,
    node,
    deployed.artifact,
    goldenRows(deployed.artifact, samples),
    data.columns,
    deployed.version,
  );
  const parity = await verifyParity(connection, dialect, node, deployed.artifact);
  await registry.createView();
  writeArtifact(ctx, node, version, trained, oracle);
  ctx.events({
    type: 'info',
    message: `${node.name}: version ${version} registered${deployed.version === version ? ' as default' : ''}; UDFs match TypeScript on ${parity.rows} golden rows (max |Δ| ${parity.maxDelta.toExponential(1)})`,
  });
  return {
    what: `ml ${node.spec.algorithm} ${relationText(node.relation, ctx.manifest.target)} v${version}`,
    rows: data.count,
    detail: content,
  };
}

function trainingRelation(ctx: RunContext, node: MlNode): string {
  const parent = [...ctx.manifest.nodes.values()].find(
    (n) => n.name === node.spec.training.name && isRelationNode(n),
  );
  if (!parent || !isRelationNode(parent))
    throw new Error(`training relation ${node.spec.training.name} is not in the project`);
  return relationText(parent.relation, ctx.manifest.target);
}

/** Each run's digests of training relations, shared by the ML nodes that read the same rows. */
const RUN_DIGESTS = new WeakMap<RunContext, Map<string, Promise<string>>>();

/**
 * The content of the training rows (every column of the relation, under the node's `where`), which
 * with the node's definition and the learner code version decides whether to retrain. Computed once
 * per run for all the nodes reading those rows (at the large scale one digest of 16.7 M rows takes
 * seconds).
 */
async function trainingContent(
  ctx: RunContext,
  connection: Connection,
  node: MlNode,
  relation: string,
): Promise<string> {
  const key = `${relation}\n${node.spec.where ?? ''}`;
  const digests = RUN_DIGESTS.get(ctx) ?? new Map<string, Promise<string>>();
  RUN_DIGESTS.set(ctx, digests);
  let content = digests.get(key);
  if (!content) {
    const select = `select * from ${relation}${node.spec.where ? `\nwhere ${node.spec.where}` : ''}`;
    content = connection
      .query(ctx.warehouse.dialect.contentDigest(select))
      .then((result) => String(result.rows[0]?.['digest']));
    digests.set(key, content);
  }
  return content;
}

interface Reuse {
  readonly digest: string;
  /** The digest was kept from the last build (inputs unchanged), not recomputed. */
  readonly kept: boolean;
  readonly relation: string;
}

/** A registered version has this digest: it is reused (never retrained, nothing registered); the default version is re-deployed and re-checked. */
async function redeploy(
  ctx: RunContext,
  node: MlNode,
  connection: Connection,
  registry: Registry,
  known: VersionRow,
  reuse: Reuse,
): Promise<NodeOutcome> {
  const dialect = ctx.warehouse.dialect;
  const { current, note } = await deployable(registry, known, ctx.now);
  await deploy(connection, dialect, node, current.artifact);
  if (ctx.fullRefresh) await rebuildGolden(ctx, node, connection, reuse.relation, current);
  const checked =
    (await goldenVersion(connection, dialect, node)) === current.version
      ? await verifyParity(connection, dialect, node, current.artifact)
      : undefined;
  await registry.createView();
  const rebuilt = ctx.fullRefresh ? 'golden rows rebuilt, ' : '';
  const deployed = `default version ${current.version}${note} deployed${checked ? `, ${rebuilt}UDFs re-checked on ${checked.rows} golden rows` : ''}`;
  ctx.events({
    type: 'info',
    message: `${node.name}: ${reuseReason(ctx, known, reuse)}: not retrained; ${deployed}`,
  });
  const what = ctx.fullRefresh
    ? `version ${known.version} reused: same training digest`
    : 'up to date, not retrained';
  return { what: `ml ${relationText(node.relation, ctx.manifest.target)} v${current.version} (${what})` };
}

/** The default version, unless the reused one reads other inputs: then it becomes the default, as retraining would have promoted it. */
async function deployable(
  registry: Registry,
  known: VersionRow,
  at: Date,
): Promise<{ current: VersionRow; note: string }> {
  const current = await registry.defaultVersion();
  if (current && sameFeatures(current, known.artifact)) return { current, note: '' };
  await registry.setDefault(known.version, at);
  return {
    current: known,
    note: current ? ` (promoted again: version ${current.version} reads other inputs)` : '',
  };
}

function sameFeatures(version: VersionRow, artifact: ModelArtifact): boolean {
  return JSON.stringify(version.artifact.features) === JSON.stringify(artifact.features);
}

function reuseReason(ctx: RunContext, known: VersionRow, reuse: Reuse): string {
  const digest = reuse.digest.slice(0, 12);
  if (ctx.fullRefresh)
    return `--full-refresh: version ${known.version} reused (same training data, definition and learner code: digest ${digest})`;
  return `training data and definition unchanged since version ${known.version} (${reuse.kept ? 'inputs unchanged since its last build, digest kept' : `digest ${digest}`})`;
}

/** The golden rows of the deployed version, made again from the (identical) training rows' test split, as training made them. */
async function rebuildGolden(
  ctx: RunContext,
  node: MlNode,
  connection: Connection,
  relation: string,
  deployed: VersionRow,
): Promise<void> {
  const dialect = ctx.warehouse.dialect;
  const data = await readTrainingRows(connection, dialect, node.spec, relation);
  const samples = sampleRows(data, node, splitByCutoff(data.cutoffs, node.spec).test);
  await storeGolden(
    connection,
    dialect,
    node,
    deployed.artifact,
    goldenRows(deployed.artifact, samples),
    data.columns,
    deployed.version,
  );
}

async function deploy(
  connection: Connection,
  dialect: Dialect,
  node: MlNode,
  artifact: ModelArtifact,
): Promise<void> {
  await connection.execute(dialect.createSchema(node.relation));
  for (const statement of udfStatements(node, artifact, dialect)) await connection.execute(statement);
}

/** The new version is promoted unless the default scores worse on the same test rows by more than the tolerance. */
function promote(
  node: MlNode,
  trained: Trained,
  previous: VersionRow | undefined,
): { ok: boolean; reason?: string } {
  if (!previous) return { ok: true };
  if (!sameFeatures(previous, trained.artifact)) return { ok: true };
  const { metric, tolerance } = node.spec.promotion;
  const pick = (m: ReturnType<typeof evaluateOn>): number =>
    'rocAuc' in m ? (metric === 'pr_auc' ? m.prAuc : m.rocAuc) : metric === 'mae' ? -m.mae : m.r2;
  const mine = pick(trained.evaluation.test),
    theirs = pick(evaluateOn(previous.artifact, trained.test, trained.evaluation.trainMean));
  return mine >= theirs - tolerance
    ? { ok: true }
    : {
        ok: false,
        reason: `${metric} ${Math.abs(mine).toFixed(4)} vs the default's ${Math.abs(theirs).toFixed(4)} on the same test rows`,
      };
}

async function compareOracle(
  ctx: RunContext,
  node: MlNode,
  connection: Connection,
  data: TrainingRows,
  trained: Trained,
): Promise<OracleComparison | undefined> {
  if (node.spec.task !== 'classification' || !node.spec.oracle) return undefined;
  if (!ctx.warehouse.dialect.capabilities.localFiles) {
    ctx.events({
      type: 'info',
      message: `${node.name}: oracle comparison skipped — its files are on this machine and ${ctx.warehouse.dialect.type} reads files only through a stage`,
    });
    return undefined;
  }
  const idx = trained.split.test;
  return compareWithOracle(
    connection,
    ctx.warehouse.dialect,
    ctx.manifest.projectDir,
    node.spec,
    idx.map((i) => data.entity[i]),
    idx.map((i) => data.cutoffs[i] ?? ''),
    trained.test.label,
    trained.testScores,
  );
}

/** Every k-th test row, up to GOLDEN_SAMPLES (deterministic). */
function sampleRows(data: TrainingRows, node: MlNode, test: readonly number[]): InputRow[] {
  const step = Math.max(1, Math.floor(test.length / GOLDEN_SAMPLES));
  return test
    .filter((_, k) => k % step === 0)
    .slice(0, GOLDEN_SAMPLES)
    .map((i) => rowAt(data, node.spec, i));
}

function writeArtifact(
  ctx: RunContext,
  node: MlNode,
  version: number,
  trained: Trained,
  oracle: OracleComparison | undefined,
): void {
  const dir = path.join(ctx.manifest.projectDir, TARGET_DIR, 'ml', node.name);
  mkdirSync(dir, { recursive: true });
  const body = JSON.stringify(
    {
      version,
      codeVersion: CODE_VERSION,
      artifact: trained.artifact,
      evaluation: trained.evaluation,
      oracle: oracle ?? null,
    },
    null,
    1,
  );
  writeFileSync(path.join(dir, `v${version}.json`), body);
  writeFileSync(path.join(dir, 'latest.json'), body);
}
