/**
 * What building any model shares: checking its enforced contract, and the view and table builds other
 * materializations fall back on (its SQL and build options: model-sql.ts).
 * Each kind's build is chosen in materializers.ts.
 */
import type { Connection } from '../adapters/adapter.js';
import type { ModelNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, ForgeError } from '../errors/diagnostic.js';
import { besideRelation, planTable, planView, type TableFill } from '../materializations/relation-plan.js';
import { contractEnforced, contractProblems } from '../data-tests/contract.js';
import { runPlan } from './run-plan.js';
import { buildOptions, compileOrThrow } from './model-sql.js';
import type { NodeOutcome, RunContext } from './run-context.js';

/** Checks an enforced contract before anything is built: a broken one fails the node, the old relation stays. */
export async function checkContract(node: ModelNode, sql: string, connection: Connection): Promise<void> {
  if (!contractEnforced(node)) return;
  const problems = contractProblems(node.columns, await connection.describeQuery(sql));
  if (problems.length > 0) {
    throw ForgeError.of(
      Codes.contractBroken,
      `the contract of ${node.name} is broken:\n${problems.join('\n')}`,
      node.patchLocation ?? { file: node.file },
      'change the model or its declared columns (YAML), then build again; the previous relation was left as it was',
    );
  }
}

/** A view: replaced in place (CREATE OR REPLACE), its contract checked first. */
export async function buildView(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const sql = compileOrThrow(ctx, node, false);
  await checkContract(node, sql, connection);
  await runPlan(
    connection,
    dialect,
    planView(dialect, node.relation, sql, await connection.describe(node.relation), buildOptions(node)),
  );
  return { what: `view ${dialect.relation(node.relation)}`, sql };
}

export async function buildTable(
  ctx: RunContext,
  node: ModelNode,
  connection: Connection,
  kind: string,
  readsStream = false,
): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const sql = compileOrThrow(ctx, node, false);
  await checkContract(node, sql, connection);
  // described, not run: nothing reads the stream before the INSERT that consumes it
  const fill: TableFill = readsStream ? { columns: await connection.describeQuery(sql) } : 'ctas';
  const existing = await connection.describe(node.relation);
  const options = buildOptions(node);
  const rows = await runPlan(
    connection,
    dialect,
    planTable(dialect, node.relation, sql, existing, options, fill),
    () => (existing?.kind === 'table' ? warnUndeclaredGrants(ctx, node, connection) : Promise.resolve()),
  );
  return { what: `${kind} ${dialect.relation(node.relation)}`, rows, sql };
}

/**
 * After a swap the replaced table sits beside the live name with the grants it had, and the live
 * table has what was granted again (declared grants, future grants): what the old one had and the new
 * one lacks is gone with it — said once per node, with the config that keeps it.
 */
async function warnUndeclaredGrants(ctx: RunContext, node: ModelNode, connection: Connection): Promise<void> {
  const { dialect } = ctx.warehouse;
  const show = dialect.showGrants;
  if (!show || ctx.loggedOnce.has(`grants:${node.id}`)) return;
  const grantsOn = async (relation: typeof node.relation): Promise<string[]> =>
    (await connection.query(show(relation, 'table'))).rows
      .map((r) => `${String(r['privilege']).toUpperCase()}|${String(r['grantee_name']).toUpperCase()}`)
      .filter((g) => !g.startsWith('OWNERSHIP|'));
  let lost: string[];
  try {
    const kept = new Set(await grantsOn(node.relation));
    lost = (await grantsOn(besideRelation(node.relation))).filter((g) => !kept.has(g));
  } catch (error) {
    // the role may not see grants it does not own (SHOW GRANTS needs MANAGE GRANTS or ownership): nothing to compare, the build goes on
    ctx.events({
      type: 'info',
      message: `${node.name}: could not compare grants after the swap (${error instanceof Error ? error.message : String(error)})`,
    });
    return;
  }
  if (lost.length === 0) return;
  ctx.loggedOnce.add(`grants:${node.id}`);
  ctx.events({
    type: 'diagnostic',
    diagnostic: diagnostic(
      Codes.grantsUndeclared,
      `${node.name}: the replaced ${dialect.relation(node.relation)} had grants the project does not declare (${lost.map((g) => g.replace('|', ' to ')).join(', ')}); the rebuilt table does not have them`,
      { file: node.file },
      `declare them in the model's grants config (e.g. +grants: { select: [${lost[0]?.split('|')[1] ?? 'ROLE'}] }) so every build applies them`,
      'warn',
    ),
  });
}
