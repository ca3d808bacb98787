/**
 * The pure half of run-verify.mjs, apart so that verify-script.test.ts can read verify.sql offline:
 * the statement splitter (Snowflake's lexical rules: `$$…$$` blocks, '…' strings with backslash
 * escapes and doubled quotes, "…" identifiers, `--` and `/* *\/` comments), the script's markers
 * (`-- section <id>: <title>`, `-- expect error: <code>` right above a statement), `&{name}`
 * placeholders (the syntax SnowSQL and `snow sql -D` substitute too), and check rows. Types and
 * contracts: verify-lib.d.mts.
 */

const SECTION = /^--\s*section\s+([^:]+?)\s*:\s*(.*?)\s*$/i;
const EXPECT = /^--\s*expect error:\s*(.*?)\s*$/i;
const CODE = /^\d{6}$/;

/** The index after the construct opening at `at` (a quote, `$$`, or a comment), and whether it was closed. */
function skipOpaque(text, at) {
  const two = text.slice(at, at + 2);
  if (two === '$$') { const end = text.indexOf('$$', at + 2); return end < 0 ? { end: text.length, open: 'a $$ block' } : { end: end + 2 }; }
  if (two === '--') { const end = text.indexOf('\n', at); return { end: end < 0 ? text.length : end }; }
  if (two === '/*') { const end = text.indexOf('*/', at + 2); return end < 0 ? { end: text.length, open: 'a /* comment' } : { end: end + 2 }; }
  if (text[at] === '"') {
    for (let i = at + 1; i < text.length; i++) if (text[i] === '"') { if (text[i + 1] === '"') i++; else return { end: i + 1 }; }
    return { end: text.length, open: 'a "quoted identifier"' };
  }
  if (text[at] === "'") {
    for (let i = at + 1; i < text.length; i++) {
      if (text[i] === '\\') { i++; continue; }
      if (text[i] === "'") { if (text[i + 1] === "'") i++; else return { end: i + 1 }; }
    }
    return { end: text.length, open: "a '…' string" };
  }
  return undefined;
}

const newlines = (text, from, to) => { let n = 0; for (let i = from; i < to; i++) if (text[i] === '\n') n++; return n; };

/** A comment line between statements: a section header, an expect-error marker, or prose. */
function readMarker(state, comment, line) {
  const section = SECTION.exec(comment);
  const expect = EXPECT.exec(comment);
  if (state.pending) state.problems.push({ line: state.pending.line, message: 'an "expect error" line must be right above a statement (another comment follows it)' });
  state.pending = undefined;
  if (section) { state.section = section[1]; state.sections.push({ id: section[1], title: section[2], line }); return; }
  if (!expect) return;
  if (!CODE.test(expect[1] ?? '')) state.problems.push({ line, message: `"expect error: ${expect[1]}" is not a six-digit Snowflake error code` });
  state.pending = { code: expect[1], line };
}

export function splitScript(text) {
  const state = { statements: [], sections: [], problems: [], section: undefined, pending: undefined };
  let start = -1;
  let startLine = 0;
  let line = 1;
  const finish = (end) => {
    state.statements.push({ sql: text.slice(start, end).trim(), line: startLine, section: state.section, expectError: state.pending?.code });
    state.pending = undefined;
    start = -1;
  };
  for (let i = 0; i < text.length;) {
    const c = text[i];
    const opaque = skipOpaque(text, i);
    if (opaque) {
      if (opaque.open) state.problems.push({ line, message: `${opaque.open} is never closed` });
      if (start < 0 && text.startsWith('--', i)) readMarker(state, text.slice(i, opaque.end).trim(), line);
      else if (start < 0 && text.startsWith('/*', i)) readMarker(state, '', line);
      else if (start < 0) { start = i; startLine = line; }
      line += newlines(text, i, opaque.end);
      i = opaque.end;
      continue;
    }
    if (c === ';') { if (start >= 0) finish(i); i++; continue; }
    if (c === '\n') line++;
    else if (start < 0 && !/\s/.test(c ?? '')) { start = i; startLine = line; }
    i++;
  }
  if (start >= 0) finish(text.length);
  if (state.pending) state.problems.push({ line: state.pending.line, message: 'an "expect error" line is not followed by a statement' });
  return { statements: state.statements, sections: state.sections, problems: state.problems };
}

export function isCheck(statement) {
  return statement.expectError !== undefined || /\bas\s+check_name\b/i.test(statement.sql);
}

export function fillPlaceholders(text, values) {
  const missing = new Set();
  const filled = text.replace(/&\{\s*([A-Za-z_]\w*)\s*\}/g, (whole, name) => {
    const value = values[name];
    if (value === undefined) { missing.add(name); return whole; }
    return value;
  });
  return { text: filled, missing: [...missing] };
}

export function placeholderNames(text) {
  return [...new Set([...text.matchAll(/&\{\s*([A-Za-z_]\w*)\s*\}/g)].map((m) => m[1]))].sort();
}

/** A row's value under a column name, whatever its case (unquoted aliases come back upper case). */
const column = (row, name) => { const key = Object.keys(row).find((k) => k.toLowerCase() === name); return key === undefined ? undefined : row[key]; };
const truthy = (value) => value === true || value === 1 || (typeof value === 'string' && value.toLowerCase() === 'true');
const asText = (value) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

export function readChecks(rows) {
  const out = [];
  for (const row of rows) {
    const name = column(row, 'check_name');
    const info = column(row, 'info');
    if (name !== undefined) out.push({ kind: 'check', name: asText(name), ok: truthy(column(row, 'ok')), detail: asText(column(row, 'detail')) });
    else if (info !== undefined) out.push({ kind: 'info', name: asText(info), detail: asText(column(row, 'detail')) });
  }
  return out;
}

export function errorCode(error) {
  const code = error && typeof error === 'object' ? error.code : undefined;
  if (code === undefined || code === null) return undefined;
  const s = String(code);
  return /^\d+$/.test(s) ? s.padStart(6, '0') : s;
}
