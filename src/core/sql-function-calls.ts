/**
 * Finds the function calls in SQL text: each unqualified `name(` that is a call, not a keyword, a
 * type, a table or a column list. Pure and dialect-neutral (it knows no function list); used to check
 * compiled SQL against a warehouse's built-in functions. It errs towards missing a call rather than
 * reporting one that is not there: a false report fails a build that would have run.
 */
import { sqlTokens, type SqlToken } from './sql-tokens.js';

export interface FunctionCall {
  /** The name, lower-cased (unquoted names are case-insensitive on every warehouse Forge targets). */
  readonly name: string;
  /** 0-based offset of the name in the text. */
  readonly offset: number;
  /** 1-based line and column of the name. */
  readonly line: number;
  readonly column: number;
}

/** Words followed by `(` that are SQL syntax, never a call: `in (…)`, `over (…)`, `table(flatten(…))`. */
const SYNTAX = new Set([
  'all',
  'and',
  'any',
  'as',
  'at',
  'before',
  'between',
  'by',
  'case',
  'changes',
  'check',
  'cube',
  'define',
  'distinct',
  'else',
  'elseif',
  'except',
  'exclude',
  'exists',
  'filter',
  'from',
  'group',
  'having',
  'identifier',
  'in',
  'intersect',
  'interval',
  'into',
  'is',
  'join',
  'key',
  'lateral',
  'limit',
  'match_condition',
  'match_recognize',
  'materialized',
  'measures',
  'minus',
  'not',
  'on',
  'or',
  'over',
  'partition',
  'pattern',
  'pivot',
  'primary',
  'prior',
  'qualify',
  'recursive',
  'references',
  'rename',
  'return',
  'rollup',
  'sample',
  'select',
  'set',
  'sets',
  'some',
  'table',
  'tablesample',
  'tag',
  'then',
  'top',
  'union',
  'unique',
  'unpivot',
  'using',
  'values',
  'vector',
  'when',
  'where',
  'while',
  'window',
  'with',
  'within',
]);

/**
 * Keywords after which an expression (so a call) may start. After any other word, `name(` is not a
 * call: a type in a column definition (`amount number(38,0)`), a table or view being created or
 * filled (`table t (…)`, `into t (…)`), a cast's type (`as number(…)`), a procedure (`call p(…)`).
 */
const BEFORE_EXPRESSION = new Set([
  'all',
  'and',
  'any',
  'between',
  'by',
  'case',
  'distinct',
  'else',
  'elseif',
  'escape',
  'from',
  'having',
  'ilike',
  'in',
  'is',
  'join',
  'lateral',
  'like',
  'limit',
  'not',
  'offset',
  'on',
  'or',
  'qualify',
  'regexp',
  'return',
  'rlike',
  'select',
  'separator',
  'set',
  'some',
  'then',
  'top',
  'using',
  'when',
  'where',
  'with',
]);

/** Every call in `sql`, in order. Strings, comments, quoted identifiers and `$$…$$` bodies are skipped. */
export function functionCalls(sql: string): FunctionCall[] {
  const tokens = sqlTokens(sql);
  const closing = matchingParens(tokens);
  const lines = lineStarts(sql);
  const calls: FunctionCall[] = [];
  tokens.forEach((token, i) => {
    if (token.kind === 'word' && isCall(tokens, closing, i))
      calls.push({ name: token.text, offset: token.offset, ...position(lines, token.offset) });
  });
  return calls;
}

function isCall(tokens: readonly SqlToken[], closing: ReadonlyMap<number, number>, i: number): boolean {
  const name = tokens[i];
  const open = tokens[i + 1];
  if (!name || open?.text !== '(' || SYNTAX.has(name.text)) return false;
  const before = tokens[i - 1];
  if (before && !mayPrecedeCall(before)) return false;
  const after = closing.get(i + 1);
  return after === undefined || !isDefinitionHead(name.text, tokens, after);
}

/** `.` (a qualified name: a UDF or a table), `::` (a type), `)` (an alias's column list) or a non-keyword word. */
function mayPrecedeCall(token: SqlToken): boolean {
  if (token.kind === 'word') return BEFORE_EXPRESSION.has(token.text);
  if (token.kind === 'quoted') return false;
  return token.text !== '.' && token.text !== '::' && token.text !== ')';
}

/**
 * `name (…) as (` is a CTE with a column list; `if (…) then` and `while (…) do` are Snowflake
 * Scripting, not DuckDB's `if()` function.
 */
function isDefinitionHead(name: string, tokens: readonly SqlToken[], close: number): boolean {
  const next = tokens[close + 1]?.text;
  if (name === 'if') return next === 'then';
  if (next !== 'as') return false;
  const then = tokens[close + 2]?.text;
  return then === '(' || then === 'materialized' || then === 'not';
}

/** Index of each `(` token → index of its `)`. */
function matchingParens(tokens: readonly SqlToken[]): Map<number, number> {
  const open: number[] = [];
  const pairs = new Map<number, number>();
  tokens.forEach((token, i) => {
    if (token.text === '(') open.push(i);
    else if (token.text === ')') {
      const start = open.pop();
      if (start !== undefined) pairs.set(start, i);
    }
  });
  return pairs;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}
