/**
 * `forge show` (preview a model's or an inline query's rows) and `forge run-operation` (render a
 * macro with arguments and run it). Both render templates like models do, refs included.
 */
import { openWarehouse } from '../adapters/open-warehouse.js';
import type { QueryResult } from '../adapters/adapter.js';
import { createCompiler } from '../compile/compile.js';
import type { ConfigValue } from '../core/config.js';
import { Codes } from '../errors/codes.js';
import { ForgeError, hasErrors, type Diagnostic } from '../errors/diagnostic.js';
import { didYouMean } from '../errors/did-you-mean.js';
import { renderTemplate } from '../template/render.js';
import { parse, select, type Selection } from './forge.js';
import type { ForgeOptions } from './load-project.js';
import type { Manifest } from '../parser/manifest.js';
import { relationText } from '../compile/relation-text.js';
import { checkInline, INLINE_FILE, queryFailed } from './show-query.js';

export interface ShowOutcome {
  readonly diagnostics: readonly Diagnostic[];
  readonly result?: QueryResult;
  readonly sql?: string;
}

export async function show(
  options: ForgeOptions,
  selection: Selection,
  inline: string | undefined,
  limit: number,
): Promise<ShowOutcome> {
  const parsed = await parse(options);
  if (!parsed.manifest || !parsed.dag || hasErrors(parsed.diagnostics))
    return { diagnostics: parsed.diagnostics };
  const { manifest } = parsed;
  const compiler = createCompiler(manifest);
  let sql: string | undefined;
  let file = INLINE_FILE;
  if (inline !== undefined) {
    const problems = checkInline(manifest, inline);
    if (hasErrors(problems)) return { diagnostics: [...parsed.diagnostics, ...problems] };
    sql = compiler.renderInline(inline);
  } else {
    const chosen = select(manifest, parsed.dag, { ...selection, indirect: 'none' });
    const models = chosen.ids.filter((id) => manifest.nodes.get(id)?.resourceType !== 'test');
    if (models.length !== 1) {
      throw ForgeError.of(
        Codes.usage,
        `forge show needs exactly one model (--select name) or --inline "select …"; the selection matched ${models.length}`,
      );
    }
    const [id] = models;
    const node = id === undefined ? undefined : manifest.nodes.get(id);
    if (node) file = node.file;
    sql =
      node?.resourceType === 'seed'
        ? `select * from ${relationText(node.relation, manifest.target)}`
        : id === undefined
          ? undefined
          : compiler.compile(id);
  }
  if (sql === undefined || compiler.diagnostics.length > 0)
    return { diagnostics: [...parsed.diagnostics, ...compiler.diagnostics] };
  const ran = await previewRows(manifest, sql, file, limit);
  return 'rows' in ran
    ? { diagnostics: parsed.diagnostics, result: ran, sql }
    : { diagnostics: [...parsed.diagnostics, ran], sql };
}

/** The first `limit` rows of `sql`, or why the warehouse refused it (located at `file`). */
async function previewRows(
  manifest: Manifest,
  sql: string,
  file: string,
  limit: number,
): Promise<QueryResult | Diagnostic> {
  const warehouse = await openWarehouse(manifest.target);
  try {
    const connection = await warehouse.connect();
    try {
      // one line of wrapper before the user's SQL: queryFailed takes it off DuckDB's LINE n
      return await connection.query(`select * from (\n${sql}\n) as forge_show limit ${limit}`, limit);
    } catch (error) {
      return queryFailed(error, file, 1);
    }
  } finally {
    await warehouse.close();
  }
}

export async function runOperation(
  options: ForgeOptions,
  macroName: string,
  args: Readonly<Record<string, ConfigValue>>,
): Promise<ShowOutcome> {
  const parsed = await parse(options);
  if (!parsed.manifest || hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics };
  const { manifest } = parsed;
  const macro =
    manifest.macros.get(`${manifest.target.type}__${macroName}`) ?? manifest.macros.get(macroName);
  if (!macro)
    throw ForgeError.of(
      Codes.usage,
      `no macro named "${macroName}"${didYouMean(macroName, manifest.macros.keys())}`,
    );
  const compiler = createCompiler(manifest);
  const scope: Record<string, ConfigValue> = {};
  for (const param of macro.params) {
    const value = args[param.name] ?? param.default;
    if (value === undefined)
      throw ForgeError.of(Codes.usage, `macro "${macroName}" needs --args '{"${param.name}": …}'`);
    scope[param.name] = value;
  }
  const sql = renderTemplate(macro.body, { ...compiler.renderEnv(macro.file, macroName), scope }).trim();
  const warehouse = await openWarehouse(manifest.target);
  try {
    const connection = await warehouse.connect();
    let result: QueryResult | undefined;
    for (const statement of sql
      .split(/;\s*(?:\n|$)/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      try {
        result = await connection.query(statement);
      } catch (error) {
        return { diagnostics: [...parsed.diagnostics, queryFailed(error, macro.file, 0)], sql };
      }
    }
    return { diagnostics: parsed.diagnostics, sql, ...(result ? { result } : {}) };
  } finally {
    await warehouse.close();
  }
}
