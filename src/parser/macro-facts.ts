/**
 * The project's macros (its own and its packages', package names qualified) and what each uses,
 * transitively: the refs, sources, vars and macros a model inherits by calling it.
 */
import type { ConfigValue } from '../core/config.js';
import type { TemplateFacts } from '../core/nodes.js';
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';
import { CROSS_DB_MACROS } from '../template/cross-db.js';
import { adapterVariant, calledName, parseMacroFile, type MacroDefinition } from '../template/macros.js';
import { extractFacts } from '../template/static-extract.js';
import type { ProjectFiles } from './project-files.js';

/** Names a template may call: user macros (without adapter prefixes) and the cross-database built-ins. */
export function callableMacroNames(
  files: ProjectFiles['macros'],
  diagnostics: Diagnostic[] = [],
): { macros: Map<string, MacroDefinition>; callable: Set<string> } {
  const macros = parseMacros(files, diagnostics);
  return { macros, callable: callableNames(macros.keys()) };
}

/** What a template may call, given the macros' names: each without its adapter prefix, and the built-ins. */
export function callableNames(macroNames: Iterable<string>): Set<string> {
  const callable = new Set(CROSS_DB_MACROS);
  for (const name of macroNames) callable.add(calledName(name));
  return callable;
}

function parseMacros(files: ProjectFiles['macros'], diagnostics: Diagnostic[]): Map<string, MacroDefinition> {
  const macros = new Map<string, MacroDefinition>();
  const overridable = new Set<string>();
  for (const file of files) {
    const parsed = parseMacroFile(file.text, file.path);
    diagnostics.push(...parsed.diagnostics);
    for (const defined of parsed.macros) {
      const macro = file.namespace ? { ...defined, name: `${file.namespace}.${defined.name}` } : defined;
      const existing = macros.get(macro.name);
      // package files come first: a project macro named <namespace>.<name> overrides the package's
      if (existing && (file.namespace !== undefined || !overridable.has(existing.file))) {
        diagnostics.push(
          diagnostic(
            Codes.macroInvalid,
            `macro "${macro.name}" is defined twice (also in ${existing.file})`,
            macro.location,
          ),
        );
      }
      macros.set(macro.name, macro);
    }
    if (file.namespace) overridable.add(file.path);
  }
  return macros;
}

/** Refs, sources and macros each macro uses, transitively, so models calling it depend on them. */
export function macroFactsByName(
  macros: ReadonlyMap<string, MacroDefinition>,
  callable: ReadonlySet<string>,
  vars: Readonly<Record<string, ConfigValue>>,
  env: Readonly<Record<string, string | undefined>>,
  diagnostics: Diagnostic[],
): Map<string, TemplateFacts> {
  const direct = new Map<string, TemplateFacts>();
  for (const macro of macros.values()) {
    const locals = new Set(macro.params.map((p) => p.name));
    const { facts, diagnostics: found } = extractFacts(macro.body, {
      file: macro.file,
      macros: callable,
      locals,
      vars,
      env,
    });
    diagnostics.push(...found);
    direct.set(macro.name, facts);
  }
  const closed = new Map<string, TemplateFacts>();
  const close = (name: string, seen: Set<string>): TemplateFacts | undefined => {
    const done = closed.get(name);
    if (done || seen.has(name)) return done;
    const own =
      direct.get(name) ??
      direct.get(adapterVariant(name, 'duckdb')) ??
      direct.get(adapterVariant(name, 'snowflake'));
    if (!own) return undefined;
    seen.add(name);
    const merged = own.macros.reduce((acc, m) => {
      const f = close(m, seen);
      return f ? mergeFacts(acc, f) : acc;
    }, own);
    closed.set(name, merged);
    return merged;
  };
  for (const name of direct.keys()) close(calledName(name), new Set());
  return closed;
}

export function withMacroFacts(
  facts: TemplateFacts,
  macroFacts: ReadonlyMap<string, TemplateFacts>,
): TemplateFacts {
  return facts.macros.reduce((acc, name) => {
    const f = macroFacts.get(name);
    return f ? mergeFacts(acc, f) : acc;
  }, facts);
}

function mergeFacts(a: TemplateFacts, b: TemplateFacts): TemplateFacts {
  if (
    b.refs.length === 0 &&
    b.sources.length === 0 &&
    b.vars.length === 0 &&
    b.envVars.length === 0 &&
    b.macros.length === 0
  )
    return a;
  return {
    ...a,
    refs: [...a.refs, ...b.refs],
    sources: [...a.sources, ...b.sources],
    macros: [...new Set([...a.macros, ...b.macros])],
    vars: [...new Set([...a.vars, ...b.vars])],
    envVars: [...new Set([...a.envVars, ...b.envVars])],
  };
}
