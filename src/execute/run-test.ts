/**
 * Runs one data test: count the failing rows (kept in the audit schema with store_failures), turn
 * the count into pass / warn / fail by severity and thresholds, and for a failure show the first
 * failing rows and where the compiled test SQL is.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from '../adapters/adapter.js';
import { compiledPathOf } from '../compile/target-paths.js';
import { configBoolean } from '../core/config.js';
import type { TestNode } from '../core/nodes.js';
import { testStatus, type TestStatus } from '../data-tests/thresholds.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { formatTable } from '../report/table.js';
import type { RunContext } from './run-context.js';

export interface TestOutcome {
  readonly status: TestStatus;
  readonly failures: number;
  readonly message: string;
  readonly sql: string;
}

const SAMPLE_ROWS = 5;

export async function runTest(ctx: RunContext, test: TestNode, connection: Connection): Promise<TestOutcome> {
  const { dialect } = ctx.warehouse;
  const sql = ctx.compiler.compile(test.id);
  if (sql === undefined)
    throw ForgeError.of(Codes.renderFailed, `test ${test.name} could not be compiled`, test.location);
  const store = configBoolean(test.config, 'store_failures', false);
  const limit = test.config['limit'];
  const limited =
    typeof limit === 'number' ? `select * from (\n${sql}\n) as forge_limited limit ${limit}` : sql;
  let source = `(\n${limited}\n) as forge_test`;
  if (store) {
    await connection.execute(dialect.createSchema(test.auditRelation));
    await connection.execute(dialect.createTableAs(test.auditRelation, limited));
    source = dialect.relation(test.auditRelation);
  }
  const counted = await connection.query(`select count(*) as failures from ${source}`);
  const failures = Number(counted.rows[0]?.['failures'] ?? 0);
  const status = testStatus(test.config, failures);
  if (status === 'pass') return { status, failures, message: 'PASS', sql };
  const sample = await connection.query(`select * from ${source} limit ${SAMPLE_ROWS}`, SAMPLE_ROWS);
  const file = await writeCompiledTest(ctx, test, sql);
  const lines = [
    `${status === 'fail' ? 'FAIL' : 'WARN'} ${failures} failing row${failures === 1 ? '' : 's'} (${test.testName}${test.columnName ? ` on ${test.columnName}` : ''})`,
    formatTable(sample),
    `compiled SQL: ${file}`,
    ...(store ? [`failing rows kept in ${dialect.relation(test.auditRelation)}`] : []),
  ];
  return { status, failures, message: lines.join('\n'), sql };
}

async function writeCompiledTest(ctx: RunContext, test: TestNode, sql: string): Promise<string> {
  const relative = compiledPathOf(ctx.manifest, test.id) ?? `target/compiled/${test.name}.sql`;
  const file = path.join(ctx.manifest.projectDir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${sql.trim()}\n`);
  return relative;
}
