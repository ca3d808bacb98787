/** Loads one seed: check the CSV's shape (located errors), then build the table beside and swap. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection } from '../adapters/adapter.js';
import { configString } from '../core/config.js';
import type { SeedNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';
import { buildOptions } from './model-sql.js';
import { checkCsv, planSeed, seedSelect, snowflakeSeedSelect } from '../materializations/seed-plan.js';
import {
  csvReadProblem,
  firstNonUtf8Line,
  nonUtf8Problem,
  normalizedLineEndings,
} from '../materializations/seed-file.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { runPlan } from './run-plan.js';

export async function runSeed(ctx: RunContext, node: SeedNode, connection: Connection): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const file = path.join(ctx.manifest.projectDir, node.file);
  const delimiter = configString(node.config, 'delimiter') ?? ',';
  const text = await readSeedText(file, node.file, delimiter);
  const types = node.config['column_types'];
  const columnTypes =
    typeof types === 'object' && types !== null && !Array.isArray(types)
      ? Object.fromEntries(Object.entries(types).map(([k, v]) => [k, String(v)]))
      : {};
  if (!dialect.capabilities.localFiles) {
    // Snowflake gets the rows as VALUES (the parser reads any line ending)
    const select = snowflakeSeedSelect(text, columnTypes, delimiter);
    return {
      what: `seed ${dialect.relation(node.relation)}`,
      rows: await loadSeed(ctx, node, connection, select),
      sql: select,
    };
  }
  // a warehouse that reads this machine's files reads the CSV itself: from an LF copy when the endings are mixed
  const normalized = normalizedLineEndings(text);
  const copyDir = normalized === undefined ? undefined : await mkdtemp(path.join(tmpdir(), 'forge-seed-'));
  try {
    const readFrom = copyDir === undefined ? file : path.join(copyDir, path.basename(file));
    if (copyDir !== undefined && normalized !== undefined) await writeFile(readFrom, normalized);
    const select = seedSelect(readFrom, columnTypes, delimiter);
    return {
      what: `seed ${dialect.relation(node.relation)}`,
      rows: await loadSeed(ctx, node, connection, select),
      sql: seedSelect(file, columnTypes, delimiter),
    };
  } finally {
    if (copyDir !== undefined) await rm(copyDir, { recursive: true, force: true });
  }
}

/** The seed's text, once it is UTF-8 with a well-formed shape (else a located FRG2004). */
async function readSeedText(file: string, relative: string, delimiter: string): Promise<string> {
  const bytes = await readFile(file);
  const badLine = firstNonUtf8Line(bytes);
  if (badLine !== undefined) throw new ForgeError([nonUtf8Problem(relative, badLine)]);
  const text = bytes.toString('utf8');
  const { problem } = checkCsv(text, delimiter);
  if (problem) {
    throw ForgeError.of(
      Codes.seedMalformed,
      `malformed CSV: line ${problem.line}, column ${problem.column}: ${problem.message}`,
      { file: relative, line: problem.line },
      'fix the file; every row needs as many fields as the header, quotes closed',
    );
  }
  return text;
}

async function loadSeed(
  ctx: RunContext,
  node: SeedNode,
  connection: Connection,
  select: string,
): Promise<number> {
  const { dialect } = ctx.warehouse;
  try {
    return await runPlan(
      connection,
      dialect,
      planSeed(dialect, node.relation, select, await connection.describe(node.relation), {
        grants: buildOptions(node).grants ?? {},
      }),
    );
  } catch (error) {
    const problem = csvReadProblem(error, node.file);
    throw problem ? new ForgeError([problem]) : error;
  }
}
