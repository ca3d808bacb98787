/**
 * Loads a source's landed files on this machine into its raw table. New files load; a file changed
 * since its load (landed-changes.ts: name, size, content hash) is reloaded whole, its old rows deleted
 * in the same transaction that inserts the new ones and rewrites its history row — so a file read while
 * half-written is complete, once, after the next build. Headers are checked first (landed-header.ts);
 * an empty file is skipped with a warning. Rows get `_source_file` and `_loaded_at`. A bad file fails
 * with its name and row: DuckDB's reader rejects it, then Forge's own shape check (error path only: it
 * costs 10× the load) locates it.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Connection, RelationState } from '../adapters/adapter.js';
import type { SourceNode } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, ForgeError } from '../errors/diagnostic.js';
import { checkCsv } from '../materializations/seed-plan.js';
import { detectChanges, type FileChange } from './landed-changes.js';
import { csvDelimiter, readCsvHeader, type LandedFile } from './landed-file.js';
import { checkHeaders, fileColumns, newColumns } from './landed-header.js';
import { forgetHistorySql, historyValuesSql, readHistory, sqlList, touchHistorySql } from './load-history.js';
import type { NodeOutcome, RunContext } from './run-context.js';
import { inTransaction } from './run-plan.js';
import { copyStaged, stageFiles } from './stage-load.js';

const CHECK_SHAPE_BELOW = 32 << 20;

type Changed = Extract<FileChange, { kind: 'changed' }>;

/** What one build loads of a source. */
interface Batch {
  /** The table before the load; undefined when this load creates it. */
  readonly table: RelationState | undefined;
  /** New and changed files with content, in name order. */
  readonly load: readonly LandedFile[];
  /** The changed ones among them: their old rows go. */
  readonly replaced: readonly Changed[];
  /** New empty files: recorded with no rows, so they are reported once. */
  readonly empty: readonly LandedFile[];
  readonly touched: readonly LandedFile[];
  /** The header of each CSV file to load. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
}

type External = NonNullable<SourceNode['external']>;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function loadLandedFiles(
  ctx: RunContext,
  source: SourceNode,
  connection: Connection,
  files: readonly string[],
): Promise<NodeOutcome> {
  const { dialect } = ctx.warehouse;
  const table = await connection.describe(source.relation);
  // without its table the history describes rows that are gone: every file loads again
  const history = table ? await readHistory(connection, dialect, source) : new Map();
  const batch = planBatch(ctx, source, table, await detectChanges(ctx.manifest.projectDir, files, history));
  const rows = await runBatch(ctx, source, connection, batch);
  const relation = dialect.relation(source.relation);
  for (const c of batch.replaced)
    ctx.events({
      type: 'info',
      message: `${relation}: reloaded ${c.file.file} (${c.reason}); its ${plural(c.loaded.rows, 'old row')} replaced`,
    });
  const fresh = batch.load.length - batch.replaced.length;
  const reloaded = batch.replaced.length > 0 ? `, ${batch.replaced.length} reloaded` : '';
  return {
    what: `load ${relation} (${plural(fresh, 'new file')}${reloaded})`,
    rows,
    unchanged: batch.load.length === 0 && table !== undefined,
  };
}

function warnEmpty(ctx: RunContext, source: SourceNode, change: FileChange): void {
  const what = `landed source file ${change.file.file} (${source.sourceName}.${source.tableName}) is empty`;
  const [message, hint] =
    change.kind === 'changed'
      ? [
          `${what} now: its ${plural(change.loaded.rows, 'row')} loaded before are kept`,
          'it reloads once it has content again (a writer may be rewriting it); if it is meant to be empty, delete its rows from the table by hand',
        ]
      : [
          `${what}: no header, no rows; skipped`,
          'it loads once it has content; a file with only a header loads zero rows',
        ];
  ctx.events({
    type: 'diagnostic',
    diagnostic: diagnostic(Codes.landedFileEmpty, message, { file: change.file.file }, hint, 'warn'),
  });
}

function planBatch(
  ctx: RunContext,
  source: SourceNode,
  table: RelationState | undefined,
  changes: readonly FileChange[],
): Batch {
  const external = source.external as External;
  const delimiter = external.format === 'csv' ? csvDelimiter(external.options) : undefined;
  const headers = new Map<string, readonly string[]>();
  const load: LandedFile[] = [];
  const replaced: Changed[] = [];
  const empty: LandedFile[] = [];
  for (const change of changes) {
    if (change.kind === 'unchanged' || change.kind === 'touched') continue;
    const header =
      delimiter !== undefined && change.file.size > 0
        ? readCsvHeader(path.resolve(ctx.manifest.projectDir, change.file.file), delimiter)
        : undefined;
    if (change.file.size === 0 || header?.length === 0) {
      warnEmpty(ctx, source, change);
      if (change.kind === 'new') empty.push(change.file);
      continue;
    }
    if (header) headers.set(change.file.file, header);
    load.push(change.file);
    if (change.kind === 'changed') replaced.push(change);
  }
  if (external.options['header'] !== false)
    checkHeaders(
      source,
      headers,
      table && fileColumns(table),
      ctx.warehouse.dialect.relation(source.relation),
    );
  return {
    table,
    load,
    replaced,
    empty,
    touched: changes.flatMap((c) => (c.kind === 'touched' ? [c.file] : [])),
    headers,
  };
}

/** The batch in one transaction: old rows of changed files out, files in, history rows rewritten. Returns the rows loaded. */
async function runBatch(
  ctx: RunContext,
  source: SourceNode,
  connection: Connection,
  batch: Batch,
): Promise<number> {
  const { dialect } = ctx.warehouse;
  const stage = dialect.capabilities.localFiles ? undefined : dialect.stage;
  if (batch.load.length + batch.empty.length + batch.touched.length === 0) return 0;
  if (stage && batch.load.length > 0) {
    if ((source.external as External).format !== 'csv')
      throw ForgeError.of(
        Codes.capability,
        `${(source.external as External).format} sources load into ${dialect.type} only as CSV for now`,
        source.location,
      );
    await stageFiles(ctx, source, connection, stage, batch.table, batch.headers);
  }
  try {
    return await inTransaction(connection, dialect, async () => {
      if (!batch.table) await connection.execute(forgetHistorySql(dialect, source));
      if (batch.replaced.length > 0) {
        const files = batch.replaced.map((c) => c.file.file);
        await connection.execute(
          `delete from ${dialect.relation(source.relation)} where _source_file in (${sqlList(files)})`,
        );
        await connection.execute(forgetHistorySql(dialect, source, files));
      }
      if (batch.load.length > 0)
        await (stage
          ? copyStaged(ctx, source, connection, stage, batch.headers)
          : insertFiles(ctx, source, connection, batch));
      const counts = await countRows(ctx, source, connection, batch.load);
      for (const sql of historyValuesSql(dialect, source, [...batch.load, ...batch.empty], counts, ctx.now))
        await connection.execute(sql);
      for (const file of batch.touched) await connection.execute(touchHistorySql(dialect, source, file));
      return [...counts.values()].reduce((a, b) => a + b, 0);
    });
  } catch (error) {
    throw loadError(
      ctx,
      source,
      batch.load.map((f) => f.file),
      error,
    );
  }
}

/** DuckDB reads the files itself: one statement (a CTAS for a first load), the table widened first for added columns. */
async function insertFiles(
  ctx: RunContext,
  source: SourceNode,
  connection: Connection,
  batch: Batch,
): Promise<void> {
  const { dialect } = ctx.warehouse;
  const external = source.external as External;
  const root = `${ctx.manifest.projectDir}${path.sep}`.replace(/'/g, "''");
  const reader = dialect.readFiles(
    batch.load.map((f) => path.resolve(ctx.manifest.projectDir, f.file)),
    external.format,
    external.options,
  );
  const select = `select * exclude (filename), replace(filename, '${root}', '') as _source_file, ${dialect.timestamp(ctx.now)} as _loaded_at\nfrom ${reader}`;
  if (!batch.table) {
    await connection.execute(dialect.createTableAs(source.relation, select));
    return;
  }
  for (const column of newColumns(batch.table, batch.headers))
    await connection.execute(dialect.addColumn(source.relation, { name: column, type: 'varchar' }));
  await connection.execute(dialect.insertByName(source.relation, select));
}

async function countRows(
  ctx: RunContext,
  source: SourceNode,
  connection: Connection,
  files: readonly LandedFile[],
): Promise<Map<string, number>> {
  if (files.length === 0) return new Map();
  const { rows } = await connection.query(
    `select _source_file as file, count(*) as n from ${ctx.warehouse.dialect.relation(source.relation)} ` +
      `where _source_file in (${sqlList(files.map((f) => f.file))}) group by _source_file`,
  );
  return new Map(rows.map((r) => [String(r['file']), Number(r['n'])]));
}

/** A failed load, located: Forge's own CSV check names the file, line and column where it can; else the file the warehouse names. */
function loadError(ctx: RunContext, source: SourceNode, files: readonly string[], error: unknown): unknown {
  if (error instanceof ForgeError) return error;
  if ((source.external as External).format === 'csv')
    for (const f of files) checkShape(path.resolve(ctx.manifest.projectDir, f), f);
  const message = error instanceof Error ? error.message : String(error);
  const named = files.find((f) => message.includes(f));
  const line = /line:?\s*(\d+)/i.exec(message)?.[1];
  return ForgeError.of(
    Codes.loadFailed,
    `cannot load ${named ?? files.join(', ')} into ${ctx.warehouse.dialect.relation(source.relation)}: ${message.split('\n')[0]}`,
    { file: named ?? files[0] ?? '', ...(line ? { line: Number(line) } : {}) },
    'fix or remove the file; nothing of this batch was loaded (files it would reload keep their old rows), and it is retried on the next build',
  );
}

/** Ragged rows and unclosed quotes get their line and column. */
function checkShape(absolute: string, file: string): void {
  if (statSync(absolute).size > CHECK_SHAPE_BELOW) return;
  const { problem } = checkCsv(readFileSync(absolute, 'utf8'));
  if (problem) {
    throw ForgeError.of(
      Codes.loadFailed,
      `malformed CSV: line ${problem.line}, column ${problem.column}: ${problem.message}`,
      { file, line: problem.line },
      'fix or remove the file; nothing of this batch was loaded, and it is retried on the next build',
    );
  }
}
