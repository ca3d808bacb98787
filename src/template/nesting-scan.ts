/**
 * A nesting limit checked before any parser sees a template. Handlebars' parser is super-linear in
 * block depth (5,000 nested `{{#if}}` took 12 s, 50,000 over a minute) and, like the fast scanner
 * and the renderer, recursive: 3,000 nested `(concat (concat …))` overflowed the stack into a bare
 * RangeError. One linear pass over the text counts the depth of blocks and of sub-expressions
 * inside each mustache and names the first one past the limit; it skips comments and string
 * literals and leaves every real syntax error to Handlebars.
 */
import { Codes } from '../errors/codes.js';
import { diagnostic, type Diagnostic } from '../errors/diagnostic.js';

/** Deeper than any template a person writes; shallow enough that every parser and the renderer stay fast. */
const MAX_TEMPLATE_NESTING = 100;

interface Excess {
  readonly offset: number;
  readonly what: string;
}

/** Where a mustache opened at `open` ends (after its `}}`), or where the text ends; flags `(` nested too deep. */
function scanMustache(text: string, from: number, limit: number): { end: number; excess?: Excess } {
  let parens = 0;
  for (let k = from; k < text.length; k++) {
    const ch = text[k];
    if (ch === '"' || ch === "'") {
      k = closingQuote(text, k);
    } else if (ch === '(') {
      if (++parens > limit) return { end: k, excess: { offset: k, what: 'sub-expressions' } };
    } else if (ch === ')') {
      parens--;
    } else if (ch === '}' && text[k + 1] === '}') {
      return { end: k + 2 };
    }
  }
  return { end: text.length };
}

/** The index of the quote closing the string literal opened at `start` (a backslash escapes one). */
function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let k = start + 1; k < text.length; k++) {
    if (text[k] === '\\') k++;
    else if (text[k] === quote) return k;
  }
  return text.length;
}

/** Past a `{{!…}}` or `{{!-- … --}}` comment whose `!` is at `bang` (a long one ends only at `--}}` or `--~}}`). */
function commentEnd(text: string, bang: number): number {
  if (!text.startsWith('--', bang + 1)) {
    const close = text.indexOf('}}', bang);
    return close === -1 ? text.length : close + 2;
  }
  const close = /--~?\}\}/g;
  close.lastIndex = bang + 3;
  const found = close.exec(text);
  return found ? found.index + found[0].length : text.length;
}

function findExcess(text: string, limit: number): Excess | undefined {
  let depth = 0;
  let index = 0;
  for (let open = text.indexOf('{{'); open !== -1; open = text.indexOf('{{', index)) {
    if (open > 0 && text[open - 1] === '\\') {
      index = open + 2;
      continue;
    }
    let at = open + 2;
    while (text[at] === '{') at++;
    if (text[at] === '~') at++;
    const kind = text[at];
    if (kind === '!') {
      index = commentEnd(text, at);
      continue;
    }
    const opensBlock = kind === '#' || (kind === '^' && !/^\^\s*~?\}\}/.test(text.slice(at, at + 5)));
    if (opensBlock && ++depth > limit) return { offset: open, what: 'blocks' };
    if (kind === '/') depth = Math.max(0, depth - 1);
    const scanned = scanMustache(text, at, limit);
    if (scanned.excess) return scanned.excess;
    index = scanned.end;
  }
  return undefined;
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** Whether `text` holds more than `limit` of `needle` (stops counting there). */
function moreThan(text: string, needle: string, limit: number): boolean {
  let count = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length))
    if (++count > limit) return true;
  return false;
}

/** FRG1217 at the first block or sub-expression nested deeper than `limit`, or undefined. */
export function nestingProblem(
  text: string,
  file: string,
  limit = MAX_TEMPLATE_NESTING,
): Diagnostic | undefined {
  // nesting past the limit takes more than `limit` block openings or parentheses: most templates skip the scan
  if (!moreThan(text, '{{', limit) && !moreThan(text, '(', limit)) return undefined;
  const excess = findExcess(text, limit);
  if (!excess) return undefined;
  return diagnostic(
    Codes.templateNesting,
    `${excess.what} nested more than ${limit} deep`,
    { file, ...position(text, excess.offset) },
    excess.what === 'blocks'
      ? 'flatten the logic: an {{else if …}} chain nests nothing, and a macro or SQL CASE can replace a tower of {{#if}}'
      : 'build the value in fewer steps: one (concat a b c …) takes any number of arguments',
  );
}
