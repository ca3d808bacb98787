/** Loads one seed: check the CSV's shape (located errors), then build the table beside and swap. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from '../adapters/adapter.js';
import { configString } from '../core/config.js';
import type { SeedNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { buildOptions } from './materialize-model.js';
import { checkCsv, planSeed, seedSelect, snowflakeSeedSelect } from '../materializations/seed-plan.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { runPlan } from './run-plan.js';

export async function runSeed(ctx: RunContext, node: SeedNode, connection: Connection): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const file = path.join(ctx.manifest.projectDir, node.file);
  const delimiter = configString(node.config, 'delimiter') ?? ',';
  const text = await readFile(file, 'utf8');
  const { problem } = checkCsv(text, delimiter);
  if (problem) {
    throw ForgeError.of(Codes.seedMalformed, `malformed CSV: line ${problem.line}, column ${problem.column}: ${problem.message}`,
      { file: node.file, line: problem.line }, 'fix the file; every row needs as many fields as the header, quotes closed');
  }
  const types = node.config['column_types'];
  const columnTypes = typeof types === 'object' && types !== null && !Array.isArray(types) ? Object.fromEntries(Object.entries(types).map(([k, v]) => [k, String(v)])) : {};
  // a warehouse that reads this machine's files reads the CSV itself; Snowflake gets the rows as VALUES
  const select = dialect.capabilities.localFiles ? seedSelect(file, columnTypes, delimiter) : snowflakeSeedSelect(text, columnTypes, delimiter);
  const rows = await runPlan(connection, dialect, planSeed(dialect, node.relation, select, await connection.describe(node.relation), { grants: buildOptions(node).grants ?? {} }));
  return { what: `seed ${dialect.relation(node.relation)}`, rows, sql: select };
}
