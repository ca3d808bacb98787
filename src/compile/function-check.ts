/**
 * On a Snowflake target, compiled SQL may call only Snowflake's built-in functions and the
 * project's own (FRG1502), so a DuckDB-only function such as `bool_or` fails `forge compile`
 * instead of a `forge build` part-way. Pure: it reads only the manifest.
 */
import { isModelOf } from '../core/materialization.js';
import { snowflakeEquivalent, unknownFunctions } from '../adapters/snowflake/snowflake-functions.js';
import type { ForgeNode } from '../core/nodes.js';
import { functionCalls } from '../core/sql-function-calls.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic, type SourceLocation } from '../errors/diagnostic.js';
import type { Manifest } from '../parser/manifest.js';
import { CROSS_DB_MACROS } from '../template/cross-db.js';

/** One error per function `sql` (the node's compiled SQL) calls that the target does not have. */
export function checkFunctions(manifest: Manifest, node: ForgeNode, sql: string): Diagnostic[] {
  if (manifest.target.type !== 'snowflake') return [];
  const unknown = new Set(unknownFunctions(sql, projectFunctions(manifest)).map((call) => call.name));
  return [...unknown].map((name) =>
    diagnostic(
      Codes.functionUnknown,
      `function "${name}" is not a Snowflake function (in ${node.name})`,
      locate(manifest, node, name),
      hintFor(name),
    ),
  );
}

function hintFor(name: string): string {
  const equivalent = snowflakeEquivalent(name);
  const macro = [name, equivalent].find((m) => m !== undefined && CROSS_DB_MACROS.has(m));
  if (macro)
    return `use the cross-database macro {{${macro} …}} (${equivalent ?? name} on Snowflake, the target's own function elsewhere)`;
  const perAdapter = `to run on both DuckDB and Snowflake, write a macro with snowflake__ and duckdb__ versions (README: cross-database macros)`;
  return equivalent
    ? `Snowflake's is ${equivalent}; ${perAdapter}`
    : `Snowflake has no such built-in (a DuckDB function?); ${perAdapter}`;
}

const projectNames = new WeakMap<Manifest, ReadonlySet<string>>();

/**
 * Functions the project makes itself, which compiled SQL may call unqualified: its ML nodes' UDFs
 * and any `create … function name` in its models, hooks and macros.
 */
function projectFunctions(manifest: Manifest): ReadonlySet<string> {
  const known = projectNames.get(manifest);
  if (known) return known;
  const names = new Set<string>();
  const texts = [...manifest.macros.values()].map((m) => m.sql);
  for (const node of manifest.nodes.values()) {
    if (node.resourceType === 'ml')
      for (const udf of Object.values(node.spec.udfs)) if (udf) names.add(udf.toLowerCase());
    if ('rawCode' in node) texts.push(node.rawCode);
    for (const key of ['pre_hook', 'post_hook']) texts.push(JSON.stringify(node.config[key] ?? ''));
  }
  const created =
    /\bcreate\s+(?:or\s+replace\s+)?(?:secure\s+)?(?:temp(?:orary)?\s+)?(?:aggregate\s+)?function\s+(?:if\s+not\s+exists\s+)?([\p{L}_][\p{L}\p{N}_$]*)\s*\(/giu;
  for (const text of texts)
    for (const match of text.matchAll(created)) if (match[1]) names.add(match[1].toLowerCase());
  projectNames.set(manifest, names);
  return names;
}

interface SourceText {
  readonly file: string;
  readonly text: string;
  /** Where `text` starts in its file (1-based). */
  readonly line: number;
  readonly column: number;
}

/**
 * Where `name(` is written: the node's own template, else a macro it calls (the target's override
 * first), else any macro or ephemeral model (a macro may call macros). Else the node's file.
 */
function locate(manifest: Manifest, node: ForgeNode, name: string): SourceLocation {
  for (const source of sourcesOf(manifest, node)) {
    const call = functionCalls(withoutTemplateComments(source.text)).find((c) => c.name === name);
    if (call)
      return {
        file: source.file,
        line: source.line + call.line - 1,
        column: call.line === 1 ? source.column + call.column - 1 : call.column,
      };
  }
  return 'location' in node ? node.location : { file: node.file };
}

function* sourcesOf(manifest: Manifest, node: ForgeNode): Generator<SourceText> {
  if ('rawCode' in node) yield { file: node.file, text: node.rawCode, line: 1, column: 1 };
  const adapter = manifest.target.type;
  const called = 'facts' in node ? node.facts.macros.flatMap((m) => [`${adapter}__${m}`, m]) : [];
  const macros = [...manifest.macros.values()].filter(
    (m) => !/^(duckdb|snowflake)__/.test(m.name) || m.name.startsWith(`${adapter}__`),
  );
  const ordered = [...called.flatMap((n) => macros.filter((m) => m.name === n)), ...macros];
  for (const macro of ordered)
    yield {
      file: macro.file,
      text: macro.sql,
      line: macro.location.line ?? 1,
      column: macro.location.column ?? 1,
    };
  for (const other of manifest.nodes.values()) {
    if (isModelOf(other, 'ephemeral') && other.id !== node.id) {
      yield { file: other.file, text: other.rawCode, line: 1, column: 1 };
    }
  }
}

/** `{{!-- … --}}` and `{{! … }}` blanked out (newlines kept, so lines still count): they never render. */
function withoutTemplateComments(text: string): string {
  return text.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, (comment) =>
    comment.replace(/[^\n]/g, ' '),
  );
}
