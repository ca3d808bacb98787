/**
 * Lexical facts of Snowflake SQL text the loopback needs before translating: string literals with
 * Snowflake's backslash escapes (DuckDB keeps backslashes as they are), and a script split into its
 * statements (Snowflake Scripting blocks, task bodies).
 */

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  0: '\0',
  "'": "'",
  '"': '"',
  '\\': '\\',
};

/** The end (index after) of a `$$…$$` block starting at `at`, or of a `--`/`/* *\/` comment or `"…"` identifier; undefined if none starts there. */
function skipOpaque(sql: string, at: number): number | undefined {
  if (sql.startsWith('$$', at)) {
    const end = sql.indexOf('$$', at + 2);
    return end < 0 ? sql.length : end + 2;
  }
  if (sql.startsWith('--', at)) {
    const end = sql.indexOf('\n', at);
    return end < 0 ? sql.length : end;
  }
  if (sql.startsWith('/*', at)) {
    const end = sql.indexOf('*/', at + 2);
    return end < 0 ? sql.length : end + 2;
  }
  if (sql[at] === '"') {
    const end = sql.indexOf('"', at + 1);
    return end < 0 ? sql.length : end + 1;
  }
  return undefined;
}

/** Reads the Snowflake literal starting at the quote at `at`: its value and the index after it. */
function readLiteral(sql: string, at: number): { value: string; end: number } {
  let value = '';
  for (let i = at + 1; i < sql.length; i++) {
    const c = sql[i] ?? '';
    if (c === '\\') {
      const next = sql[i + 1] ?? '';
      const hex = /^x([0-9a-f]{2})/i.exec(sql.slice(i + 1, i + 4));
      const octal = /^[0-7]{3}/.exec(sql.slice(i + 1, i + 4));
      const unicode = /^u([0-9a-f]{4})/i.exec(sql.slice(i + 1, i + 6));
      if (hex) {
        value += String.fromCharCode(parseInt(hex[1] ?? '0', 16));
        i += 3;
      } else if (unicode) {
        value += String.fromCharCode(parseInt(unicode[1] ?? '0', 16));
        i += 5;
      } else if (octal) {
        value += String.fromCharCode(parseInt(octal[0], 8));
        i += 3;
      } else {
        value += ESCAPES[next] ?? next;
        i += 1;
      }
      continue;
    }
    if (c === "'") {
      if (sql[i + 1] === "'") {
        value += "'";
        i++;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
  }
  return { value, end: sql.length };
}

/**
 * Rewrites every '…' literal outside `$$` blocks, comments and quoted identifiers with Snowflake's
 * escapes applied (`'a\nb'` is a newline, `'\\d'` one backslash, `'\d'` just `d`), as a DuckDB
 * literal (quotes doubled, backslashes literal).
 */
export function snowflakeStrings(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const skipped = skipOpaque(sql, i);
    if (skipped !== undefined) {
      out += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    if (sql[i] === "'") {
      const { value, end } = readLiteral(sql, i);
      out += `'${value.replace(/'/g, "''")}'`;
      i = end;
      continue;
    }
    out += sql[i];
    i++;
  }
  return out;
}

/** A script's statements, split at top-level `;` (not inside literals, `$$` blocks or comments), trimmed, empty ones dropped. */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let from = 0;
  let i = 0;
  while (i < script.length) {
    const skipped = skipOpaque(script, i);
    if (skipped !== undefined) {
      i = skipped;
      continue;
    }
    if (script[i] === "'") {
      i = readLiteral(script, i).end;
      continue;
    }
    if (script[i] === ';') {
      out.push(script.slice(from, i));
      from = i + 1;
    }
    i++;
  }
  out.push(script.slice(from));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}
