import { mkdtemp, mkdir, writeFile, cp, symlink, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures');

/** Writes a tiny project into a fresh temp dir and returns the dir. */
export async function makeProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'forge-test-'));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

/** Copies a fixture project to a temp dir (so tests never write into the repository), with overrides. */
export async function copyFixture(name: string, overrides: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `forge-${name}-`));
  await cp(path.join(FIXTURES, name), dir, { recursive: true });
  for (const [file, text] of Object.entries(overrides)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI entry point in-process, capturing what a user would see. */
export async function forge(dir: string, ...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--project-dir', dir], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Copies the repository's example project (project.yml, models, seeds, macros, ml) to a temp dir. */
export async function copyExampleProject(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'forge-example-'));
  for (const entry of ['project.yml', 'models', 'seeds', 'snapshots', 'macros', 'ml']) {
    await cp(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  // The generator (seeds/generator/) imports @faker-js/faker, resolved from the project's node_modules.
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** Rows of a query against a project's DuckDB file, through Forge's own adapter (refs allowed). */
export async function query(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const { show } = await import('../../src/api/show.js');
  const outcome = await show({ projectDir: dir, env: {} }, {}, sql, 100_000);
  if (!outcome.result) throw new Error(`query failed: ${JSON.stringify(outcome.diagnostics)}`);
  return [...outcome.result.rows];
}

/** Runs statements on a project's DuckDB file (`.forge/<name>.duckdb`) through Forge's adapter, between forge commands. */
export async function onWarehouse(
  dir: string,
  statements: string[],
  name = 'forge_shop',
): Promise<Record<string, unknown>[][]> {
  const { openDuckdb } = await import('../../src/adapters/duckdb/duckdb-connection.js');
  const warehouse = await openDuckdb(path.join(dir, '.forge', `${name}.duckdb`), name);
  try {
    const connection = await warehouse.connect();
    const out: Record<string, unknown>[][] = [];
    for (const sql of statements) out.push([...(await connection.query(sql)).rows]);
    connection.release();
    return out;
  } finally {
    await warehouse.close();
  }
}

/** The results of the last command's run_results.json. */
export async function runResults<T = Record<string, unknown>>(dir: string): Promise<T[]> {
  return (JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')) as { results: T[] })
    .results;
}
