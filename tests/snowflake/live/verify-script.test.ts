/**
 * verify.sql (issue 19's facts, checked on a real account by run-verify.mjs) read offline the way the
 * runner reads it: every section has a check, every "expect error" line sits right above a statement,
 * `$$` blocks stay whole, and the splitter agrees with Snowflake's lexical rules on small scripts.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fillPlaceholders, isCheck, placeholderNames, readChecks, splitScript } from './verify-lib.mjs';

const script = await readFile(new URL('./verify.sql', import.meta.url), 'utf8');
const parsed = splitScript(script);
const statement = (start: string): string =>
  parsed.statements.find((s) => s.sql.startsWith(start))?.sql ?? '';

describe('verify.sql', () => {
  it('has no markup problems and only the placeholders the runner fills', () => {
    expect(parsed.problems).toEqual([]);
    expect(placeholderNames(script)).toEqual(['database', 'schema', 'warehouse']);
    expect(
      fillPlaceholders(script, { database: 'DB', schema: 'FORGE_VERIFY_X', warehouse: 'WH' }).missing,
    ).toEqual([]);
  });

  it('covers each point of the issue (sections a to k) between setup and cleanup, each with a check', () => {
    const ids = parsed.sections.map((s) => s.id);
    expect(ids).toEqual(['setup', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'cleanup']);
    const unchecked = ids.filter((id) => !parsed.statements.some((s) => s.section === id && isCheck(s)));
    expect(unchecked).toEqual([]);
    expect(parsed.statements.every((s) => s.section !== undefined)).toBe(true);
  });

  it('puts every "expect error" line right above the statement it is about', () => {
    const lines = script.split('\n');
    const marked = lines.filter((l) => /^--\s*expect error:/i.test(l.trim()));
    const expecting = parsed.statements.filter((s) => s.expectError !== undefined);
    expect(expecting.map((s) => s.expectError)).toEqual(['001003', '002140', '000630', '002003', '003001']);
    expect(expecting).toHaveLength(marked.length);
    for (const s of expecting) expect(lines[s.line - 2]?.trim()).toBe(`-- expect error: ${s.expectError}`);
  });

  it('keeps $$ blocks whole: a task body or a script block is one statement', () => {
    const blocks = parsed.statements.filter((s) => s.sql.includes('$$'));
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    for (const s of blocks) expect(s.sql.split('$$').length % 2).toBe(1);
    const ifElse = statement('create task verify_body_if');
    expect(ifElse).toMatch(/declare\s+existing integer default 0;/);
    expect(ifElse).toMatch(/end if;\s*end;\s*\$\$$/);
    const transaction = statement('create task verify_body_txn');
    expect(transaction).toMatch(/begin transaction;[\s\S]*insert into[\s\S]*merge into[\s\S]*commit;/);
    // the statements after a block start where they should
    expect(parsed.statements.filter((s) => s.sql.startsWith('execute task ')).map((s) => s.sql)).toEqual([
      'execute task verify_body_if',
      'execute task verify_body_txn',
      'execute task verify_body_if',
    ]);
  });
});

describe('the splitter', () => {
  it('splits at top-level semicolons, not inside strings with backslash escapes, identifiers, comments or $$', () => {
    const { statements, problems } = splitScript(
      [
        "select 'a;b', 'it\\'s;', 'x''y;', '\\\\' as q;",
        'select "odd;name" from t; -- a comment; with a semicolon',
        'execute immediate $$ begin select 1; end; $$;',
        '/* block; comment */ select 2',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(statements.map((s) => [s.sql, s.line])).toEqual([
      ["select 'a;b', 'it\\'s;', 'x''y;', '\\\\' as q", 1],
      ['select "odd;name" from t', 2],
      ['execute immediate $$ begin select 1; end; $$', 3],
      ['select 2', 4],
    ]);
  });

  it('attaches an expect error line to the statement right below it, and reports one that is not', () => {
    const { statements, problems } = splitScript(
      [
        '-- section x: a title',
        '-- expect error: 002140',
        'select bool_or(x);',
        '-- expect error: 002003',
        '-- prose in between',
        'select 1;',
        '-- expect error: 12',
        'select 2;',
        "select ';' as check_name, true as ok;",
        '-- expect error: 000630',
      ].join('\n'),
    );
    expect(statements.map((s) => [s.section, s.expectError])).toEqual([
      ['x', '002140'],
      ['x', undefined],
      ['x', '12'],
      ['x', undefined],
    ]);
    expect(problems.map((p) => p.line)).toEqual([4, 7, 10]);
    expect(statements.map(isCheck)).toEqual([true, false, true, true]);
  });

  it('reports a $$ block or a string that is never closed', () => {
    expect(splitScript('execute immediate $$ begin select 1; end;').problems.map((p) => p.message)).toEqual([
      'a $$ block is never closed',
    ]);
    expect(splitScript("select 'it\\';").problems.map((p) => p.message)).toEqual([
      "a '…' string is never closed",
    ]);
  });

  it('reads check rows whatever the case of their columns; NULL is not a pass', () => {
    expect(
      readChecks([
        { CHECK_NAME: 'a', OK: true, DETAIL: 'd' },
        { check_name: 'b', ok: null },
        { INFO: 'i', DETAIL: 3 },
        { X: 1 },
      ]),
    ).toEqual([
      { kind: 'check', name: 'a', ok: true, detail: 'd' },
      { kind: 'check', name: 'b', ok: false, detail: '' },
      { kind: 'info', name: 'i', detail: '3' },
    ]);
  });
});
