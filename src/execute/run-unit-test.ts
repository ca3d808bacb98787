/**
 * Runs one unit test: an in-memory DuckDB gets a table per given input (and, for an incremental
 * model, the existing table `this`); the model is then built there by its real materialization —
 * so an incremental model's merge runs — with refs and sources pointing at the fixtures; its rows
 * are compared with the expected ones (only the columns the expectation names; doubles to 1e-9).
 * A failure shows the row diff: `-` expected but missing, `+` produced but not expected.
 */
import type { Column, Connection, Warehouse } from '../adapters/adapter.js';
import { IN_MEMORY, openDuckdb } from '../adapters/duckdb/duckdb-connection.js';
import { createCompiler } from '../compile/compile.js';
import { relationText } from '../compile/relation-text.js';
import type { NodeId } from '../core/ids.js';
import type { ForgeNode, ModelNode, UnitTestNode } from '../core/nodes.js';
import { isRelationNode } from '../core/nodes.js';
import type { Relation } from '../core/relation.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { compileOrThrow } from './model-sql.js';
import { materializeModel } from './materializers.js';
import type { RunContext } from './run-context.js';
import type { TestOutcome } from './run-test.js';
import type { Manifest } from '../parser/manifest.js';
import { formatTable } from '../report/table.js';
import {
  createFixtureTable,
  fixtureColumns,
  fixtureRows,
  typeHints,
  type FixtureData,
} from './unit-fixtures.js';
import type { Row } from '../core/unit-test-spec.js';

const DATABASE = 'memory';
const at = (identifier: string): Relation => ({ database: DATABASE, schema: 'main', identifier });

export async function runUnitTest(
  ctx: RunContext,
  node: UnitTestNode,
  targetConnection: Connection,
): Promise<TestOutcome> {
  const model = ctx.manifest.nodes.get(node.attachedTo);
  if (model?.resourceType !== 'model')
    throw ForgeError.of(
      Codes.unitTestInvalid,
      `unit test ${node.name}: model ${node.spec.model} is gone`,
      node.location,
    );
  const memory = await openDuckdb(IN_MEMORY, DATABASE);
  try {
    const connection = await memory.connect();
    try {
      return await runIn(ctx, node, model, memory, connection, targetConnection);
    } finally {
      connection.release();
    }
  } finally {
    await memory.close();
  }
}

async function runIn(
  ctx: RunContext,
  node: UnitTestNode,
  model: ModelNode,
  memory: Warehouse,
  connection: Connection,
  targetConnection: Connection,
): Promise<TestOutcome> {
  const { spec } = node;
  const nodes = new Map<NodeId, ForgeNode>(ctx.manifest.nodes);
  const target = {
    ...ctx.manifest.target,
    type: 'duckdb' as const,
    database: DATABASE,
    schema: 'main',
    path: IN_MEMORY,
  };
  const unit: Manifest = { ...ctx.manifest, target, vars: { ...ctx.manifest.vars, ...spec.vars }, nodes };
  const text = (relation: Relation): string => relationText(relation, target);
  const data = await Promise.all(
    spec.given.map((g) => fixtureRows(ctx.manifest.projectDir, g.fixture, g.location)),
  );
  const hints = typeHints(data);
  for (const [i, given] of spec.given.entries()) {
    const parent =
      given.input.kind === 'this'
        ? undefined
        : node.inputs[given.text]
          ? ctx.manifest.nodes.get(node.inputs[given.text] as NodeId)
          : undefined;
    if (!parent || !isRelationNode(parent)) continue;
    const relation = at(`forge_input_${i}`);
    nodes.set(parent.id, { ...parent, relation } as ForgeNode);
    const columns = fixtureColumns(
      data[i] as FixtureData,
      await knownColumns(ctx, parent, targetConnection),
      hints,
    );
    if (columns.length === 0) {
      throw ForgeError.of(
        Codes.unitTestInvalid,
        `unit test ${node.name}: no columns known for ${given.text} (not built, and its rows are empty)`,
        given.location,
        'name its columns with a CSV header: format: csv, rows: | followed by a line like order_id,amount',
      );
    }
    await createFixtureTable(connection, relation, text(relation), (data[i] as FixtureData).rows, columns);
  }
  const relation = at(model.name);
  const unitModel: ModelNode = {
    ...model,
    relation,
    config: { ...model.config, pre_hook: [], post_hook: [] },
  };
  nodes.set(model.id, unitModel);
  const unitCtx: RunContext = {
    ...ctx,
    manifest: unit,
    warehouse: memory,
    compiler: createCompiler(unit),
    fullRefresh: spec.isIncremental === false,
  };
  const existing = spec.given.find((g) => g.input.kind === 'this');
  if (spec.isIncremental ?? existing !== undefined) {
    const shape = await connection.describeQuery(compileOrThrow(unitCtx, unitModel, false));
    const rows = existing
      ? await fixtureRows(ctx.manifest.projectDir, existing.fixture, existing.location)
      : { rows: [], columns: [] };
    await createFixtureTable(connection, relation, text(relation), rows.rows, fixtureColumns(rows, shape));
  }
  const built =
    model.materialization.kind === 'ephemeral'
      ? await connection
          .execute(`create table ${text(relation)} as\n${compileOrThrow(unitCtx, unitModel, false)}`)
          .then(() => ({ sql: '' }))
      : await materializeModel(unitCtx, unitModel, connection);
  const expected = await fixtureRows(ctx.manifest.projectDir, spec.expect, spec.expectLocation);
  return compare(node, connection, text(relation), expected.rows, built.sql ?? '');
}

/** Columns known for a parent without building anything: its YAML data types, else the built relation's (DuckDB targets). */
async function knownColumns(
  ctx: RunContext,
  parent: Exclude<ForgeNode, { resourceType: 'test' | 'unit_test' }>,
  targetConnection: Connection,
): Promise<Column[]> {
  const typed = parent.columns
    .filter((c) => c.dataType)
    .map((c) => ({ name: c.name, type: c.dataType as string }));
  if (typed.length > 0 && typed.length === parent.columns.length) return typed;
  if (ctx.manifest.target.type === 'duckdb') {
    const existing = await targetConnection.describe(parent.relation).catch(() => undefined);
    if (existing) return [...existing.columns];
  }
  return typed;
}

const FLOATS = /^(DOUBLE|FLOAT|REAL)/i;

async function compare(
  node: UnitTestNode,
  connection: Connection,
  actual: string,
  expected: readonly Row[],
  sql: string,
): Promise<TestOutcome> {
  const produced = await connection.describeQuery(`select * from ${actual}`);
  const named = [...new Set(expected.flatMap((r) => Object.keys(r)))];
  const unknown = named.filter((n) => !produced.some((c) => c.name.toLowerCase() === n.toLowerCase()));
  if (unknown.length > 0) {
    return {
      status: 'fail',
      failures: expected.length,
      sql,
      message: `unit test ${node.name}: expected column(s) ${unknown.join(', ')} not in ${node.spec.model}'s output (it has ${produced.map((c) => c.name).join(', ')})`,
    };
  }
  const columns =
    named.length > 0
      ? produced.filter((c) => named.some((n) => n.toLowerCase() === c.name.toLowerCase()))
      : produced;
  await createFixtureTable(connection, at('forge_expected'), 'main.forge_expected', expected, columns);
  const list = columns
    .map((c) => (FLOATS.test(c.type) ? `round(${c.name}, 9) as ${c.name}` : c.name))
    .join(', ');
  const names = columns.map((c) => c.name).join(', ');
  const diff = await connection.query(`select * from (
  select '-' as diff, * from (select ${list} from main.forge_expected except all select ${list} from ${actual})
  union all
  select '+' as diff, * from (select ${list} from ${actual} except all select ${list} from main.forge_expected)
) order by ${names}, diff`);
  if (diff.rows.length === 0) return { status: 'pass', failures: 0, message: 'PASS', sql };
  const missing = diff.rows.filter((r) => r['diff'] === '-').length;
  const extra = diff.rows.length - missing;
  return {
    status: 'fail',
    failures: diff.rows.length,
    sql,
    message: `unit test ${node.name} of ${node.spec.model}: ${missing} expected row(s) missing (-), ${extra} unexpected row(s) (+)\n${formatTable(diff)}`,
  };
}
