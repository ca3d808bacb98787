/**
 * A small SQL tokenizer: just enough to tell code from strings, comments and quoted identifiers
 * (sql-function-calls.ts). It follows Snowflake's lexical rules, which DuckDB's SQL as Forge writes
 * it also obeys: '…' strings with '' and backslash escapes, $$…$$ strings, "…" identifiers, and
 * `--`, `//` and `/* *\/` comments.
 */
export interface SqlToken {
  /** `word`: an unquoted name or keyword, lower-cased; `quoted`: a "…" identifier; `other`: a number, `$1`, a stage. */
  readonly kind: 'word' | 'quoted' | 'string' | 'other' | 'punct';
  readonly text: string;
  /** 0-based offset of the token's first character. */
  readonly offset: number;
}

const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_$]/u;

/** The tokens of `sql` (whitespace and comments dropped). An unterminated string or comment runs to the end. */
export function sqlTokens(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const skipped = skipSpaceAndComments(sql, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    const token = readToken(sql, i);
    tokens.push(token.token);
    i = token.end;
  }
  return tokens;
}

function skipSpaceAndComments(sql: string, i: number): number {
  const two = sql.slice(i, i + 2);
  if (two === '--' || two === '//') return endOf(sql, '\n', i + 2);
  if (two === '/*') return endOf(sql, '*/', i + 2);
  return /\s/.test(sql[i] ?? '') ? i + 1 : i;
}

/** The offset just past the next `close` at or after `from` (the end of the text if there is none). */
function endOf(sql: string, close: string, from: number): number {
  const at = sql.indexOf(close, from);
  return at < 0 ? sql.length : at + close.length;
}

function readToken(sql: string, i: number): { token: SqlToken; end: number } {
  const char = sql[i] ?? '';
  const make = (
    kind: SqlToken['kind'],
    end: number,
    text = sql.slice(i, end),
  ): { token: SqlToken; end: number } => ({ token: { kind, text, offset: i }, end });
  if (char === "'") return make('string', endOfQuoted(sql, i, "'", true));
  if (char === '"') return make('quoted', endOfQuoted(sql, i, '"', false));
  if (sql.startsWith('$$', i)) return make('string', endOf(sql, '$$', i + 2));
  if (WORD_START.test(char)) {
    const end = runOf(sql, i + 1, WORD_PART);
    return make('word', end, sql.slice(i, end).toLowerCase());
  }
  // numbers, positional columns and variables ($1, $name), stage paths (@~/dir, @db.schema.stage/dir)
  if (/[0-9]/.test(char)) return make('other', runOf(sql, i + 1, /[0-9a-z_.]/i));
  if (char === '$') return make('other', runOf(sql, i + 1, WORD_PART));
  if (char === '@') return make('other', runOf(sql, i + 1, /[^\s(),;]/));
  if (sql.startsWith('::', i)) return make('punct', i + 2);
  return make('punct', i + 1);
}

function runOf(sql: string, from: number, part: RegExp): number {
  let end = from;
  while (end < sql.length && part.test(sql[end] ?? '')) end += 1;
  return end;
}

/** Past the closing quote; a doubled quote stays inside, and in strings so does a backslash-escaped character. */
function endOfQuoted(sql: string, start: number, quote: string, backslash: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const char = sql[i];
    if (backslash && char === '\\') i += 2;
    else if (char === quote && sql[i + 1] === quote) i += 2;
    else if (char === quote) return i + 1;
    else i += 1;
  }
  return sql.length;
}
