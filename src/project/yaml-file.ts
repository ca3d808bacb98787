/**
 * The only user of the `yaml` package. Parses a YAML file into plain values and keeps a way to
 * find the line and column of any path in it, so validators can point at the offending key.
 */
import { LineCounter, isMap, isNode, isPair, isSeq, parseDocument, type Document } from 'yaml';
import type { Code } from '../errors/codes.js';
import { diagnostic, type Diagnostic, type SourceLocation } from '../errors/diagnostic.js';
import { aliasProblem, aliasProblemText } from './yaml-aliases.js';

export type YamlPath = readonly (string | number)[];

export interface YamlFile {
  readonly file: string;
  readonly value: unknown;
  readonly diagnostics: readonly Diagnostic[];
  /** Location of the value at `path` (or of its key, with `key`), falling back to the nearest parent. */
  locate(path: YamlPath, key?: boolean): SourceLocation;
}

export function parseYamlFile(text: string, file: string, syntaxCode: Code): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics = doc.errors.map((error) => {
    const pos = lineCounter.linePos(error.pos[0]);
    const message = error.message.split('\n')[0] ?? error.message;
    // the yaml parser recurses per level: past ≈800 levels it reports the overflowed stack
    const text = /Maximum call stack/.test(message) ? 'values nested too deeply' : message;
    return diagnostic(syntaxCode, `invalid YAML: ${text}`, { file, line: pos.line, column: pos.col });
  });
  const aliases = diagnostics.length > 0 ? undefined : aliasProblem(doc);
  if (aliases) {
    const pos = lineCounter.linePos(aliases.alias.range?.[0] ?? 0);
    const { message, hint } = aliasProblemText(aliases);
    diagnostics.push(diagnostic(syntaxCode, message, { file, line: pos.line, column: pos.col }, hint));
  }
  // aliasProblem bounded what aliases add, so yaml's own per-alias count (which throws a bare ReferenceError) is off
  const value: unknown = diagnostics.length > 0 ? undefined : doc.toJS({ maxAliasCount: -1 });
  const locate = (path: YamlPath, key = false): SourceLocation => {
    const offset = offsetOf(doc, path, key);
    if (offset === undefined) return { file, line: 1, column: 1 };
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  return { file, value, diagnostics, locate };
}

function offsetOf(doc: Document, path: YamlPath, key: boolean): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth);
    if (key && depth === path.length && depth > 0) {
      const keyOffset = keyOffsetOf(doc, prefix);
      if (keyOffset !== undefined) return keyOffset;
    }
    const node: unknown = prefix.length === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

function keyOffsetOf(doc: Document, path: YamlPath): number | undefined {
  const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    for (const pair of parent.items) {
      if (isPair(pair) && isNode(pair.key) && String(pair.key.toJSON()) === String(last) && pair.key.range) {
        return pair.key.range[0];
      }
    }
  }
  if (isSeq(parent) && typeof last === 'number') {
    const item: unknown = parent.items[last];
    if (isNode(item) && item.range) return item.range[0];
  }
  return undefined;
}
