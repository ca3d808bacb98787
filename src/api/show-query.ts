/**
 * The checks `forge show` makes that a model gets from parse and build: an inline query's refs and
 * sources resolved like a model's (FRG1203 with a did-you-mean, not a raw name the warehouse then
 * misses), and a failing query reported as FRG2003 with a hint instead of the driver's exception.
 */
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { WarehouseError } from '../errors/warehouse-error.js';
import type { Manifest } from '../parser/manifest.js';
import { buildRefIndex, resolveDependencies } from '../parser/resolve-refs.js';
import { callableNames } from '../parser/macro-facts.js';
import { parseTemplate } from '../template/handlebars-parse.js';
import { extractFacts } from '../template/static-extract.js';

/** Where an inline query's problems are located (there is no file). */
export const INLINE_FILE = '<inline>';

/** Syntax errors, unknown refs and sources of an inline query, located in it. */
export function checkInline(manifest: Manifest, text: string): readonly Diagnostic[] {
  const parsed = parseTemplate(text, INLINE_FILE);
  if (!parsed.program) return parsed.diagnostics;
  const macros = callableNames(manifest.macros.keys());
  const { facts, diagnostics } = extractFacts(parsed.program, {
    file: INLINE_FILE,
    macros,
    vars: manifest.vars,
    env: manifest.env,
  });
  const resolved = resolveDependencies(
    facts,
    buildRefIndex(manifest.nodes.values(), manifest.disabled.values()),
  );
  return [...diagnostics, ...resolved.diagnostics];
}

/**
 * A query `forge show` or `forge run-operation` ran that the warehouse refused. `wrapperLines` is how many lines show put
 * before the user's SQL (its `select * from (` wrapper), so DuckDB's `LINE n:` points into the user's text.
 */
export function queryFailed(error: unknown, file: string, wrapperLines: number): Diagnostic {
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw
    .trim()
    .replace(/^LINE (\d+):/m, (_, n: string) => `LINE ${Math.max(1, Number(n) - wrapperLines)}:`);
  const hint =
    error instanceof WarehouseError && error.hint
      ? error.hint
      : /Catalog Error|does not exist/i.test(message)
        ? 'a relation it reads may not be built yet (forge build builds them), or a name is misspelled'
        : 'check the SQL: it runs as rendered, with refs as relation names';
  return diagnostic(Codes.statementFailed, `the query failed in the warehouse: ${message}`, { file }, hint);
}
