/**
 * Issue 21: input built to exhaust the parsers gets a coded, located error, fast. Timings measured on
 * the development machine (2 cores), before → after:
 * - 5,000 nested {{#if x}}…{{/if}}: 11.8 s, then FRG1201 "Maximum call stack size exceeded" at 1:1 → 0.2 s, FRG1217
 * - 50,000 nested {{#if}}: over 60 s → 0.2 s, FRG1217
 * - 3,000 nested (concat (concat …)): a bare RangeError stack (fast path) or 4.7 s and FRG1212 (Handlebars path) → 0.2 s, FRG1217
 * - a 9-level alias bomb in project.yml or a properties file: a bare ReferenceError stack → FRG1002 / FRG1101 at the alias
 * - an alias naming no anchor: a bare ReferenceError → FRG1002 / FRG1101; a cyclic alias: circular values → the same codes
 * No timed assertions: each test asserts the coded line.
 */
import { describe, expect, it } from 'vitest';
import { copyFixture, forge } from '../helpers/project.js';

const nestedIfs = (n: number): string =>
  'select 1\n' + '{{#if x}}'.repeat(n) + 'y' + '{{/if}}'.repeat(n) + '\n';
const nestedConcat = (n: number): string =>
  `select {{concat ${'(concat '.repeat(n)}"x"${')'.repeat(n)}}} as x\n`;

/** `a: &a [x × 9]`, then each level nine aliases of the one before: 9^9 values from a few hundred bytes. */
function aliasBomb(indent: string): string {
  const names = 'abcdefghi';
  const lines = [`${indent}a: &a [x, x, x, x, x, x, x, x, x]`];
  for (let i = 1; i < names.length; i++)
    lines.push(
      `${indent}${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(', ')}]`,
    );
  return lines.join('\n') + '\n';
}

describe('template nesting limit (FRG1217)', () => {
  it('5,000 nested blocks: located at the 101st opening', async () => {
    const dir = await copyFixture('mini', { 'models/deep.sql': nestedIfs(5000) });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    // line 2, after 100 openings of 9 characters
    expect(r.stderr).toContain(
      'models/deep.sql:2:901 FRG1217 blocks nested more than 100 deep\n  hint: flatten the logic',
    );
  });

  it('50,000 nested blocks', async () => {
    const dir = await copyFixture('mini', { 'models/deep.sql': nestedIfs(50_000) });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('models/deep.sql:2:901 FRG1217 blocks nested more than 100 deep');
  });

  it("3,000 nested sub-expressions, on the fast path and on Handlebars' path (a comment sends it there)", async () => {
    for (const prefix of ['', '{{!-- to Handlebars --}}']) {
      const dir = await copyFixture('mini', { 'models/deep.sql': prefix + nestedConcat(3000) });
      const r = await forge(dir, 'compile');
      expect(r.code).toBe(1);
      // `select {{concat ` then 100 × `(concat `: the 101st parenthesis
      expect(r.stderr).toContain(
        `models/deep.sql:1:${prefix.length + 17 + 800} FRG1217 sub-expressions nested more than 100 deep`,
      );
    }
  });

  it('100 deep is allowed and renders; parentheses in strings and comments do not count', async () => {
    // a long comment ends only at --}} (a `}}` or `{{` inside it is text)
    const strings = `select '{{concat "((((" '))))' }}' as s\n{{!-- ${'('.repeat(200)} --}}\n{{!-- a -- }} {{concat ${'('.repeat(200)} --}}\n`;
    const dir = await copyFixture('mini', {
      'models/deep.sql':
        nestedConcat(99) + '{{#if true}}'.repeat(100) + 'from (select 1)' + '{{/if}}'.repeat(100) + '\n',
      'models/strings.sql': strings,
    });
    const r = await forge(dir, 'compile', '--select', 'deep', 'strings');
    expect(r.stderr).not.toContain('FRG');
    expect(r.code).toBe(0);
  });

  it('a macro file is held to the same limit', async () => {
    const dir = await copyFixture('mini', {
      'macros/deep.sql': `{{#macro "deep"}}${nestedIfs(200)}{{/macro}}\n`,
    });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/macros\/deep\.sql:2:\d+ FRG1217 blocks nested more than 100 deep/);
  });
});

describe('YAML alias bombs', () => {
  it('in project.yml: FRG1002 at the alias that passes the limit', async () => {
    const project = 'name: mini\nvars:\n  bomb:\n' + aliasBomb('    ');
    const dir = await copyFixture('mini', { 'project.yml': project });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    // line 9 is `f: &f [*e, …]`: 9^5 values from the first *e
    expect(r.stderr).toContain(
      'project.yml:9:12 FRG1002 invalid YAML: the aliases expand to more than 100,000 values (at *e): an alias bomb?',
    );
    expect(r.stderr).toContain('  hint: write the values out, or nest fewer aliases of aliases');
  });

  it('in a properties file: FRG1101', async () => {
    const dir = await copyFixture('mini', {
      'models/bomb.yml': 'models:\n  - name: stg_orders\n    meta:\n' + aliasBomb('      '),
    });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/bomb.yml:9:14 FRG1101 invalid YAML: the aliases expand to more than 100,000 values (at *e)',
    );
  });

  it('an alias inside the value it names, and an alias naming no anchor (a bare ReferenceError before)', async () => {
    const cyclic = await copyFixture('mini', {
      'models/bomb.yml': 'models:\n  - name: stg_orders\n    meta: &m { self: *m }\n',
    });
    expect((await forge(cyclic, 'parse')).stderr).toContain(
      'models/bomb.yml:3:22 FRG1101 invalid YAML: the alias *m is inside the value it names (it would never end)',
    );
    const unknown = await copyFixture('mini', { 'project.yml': 'name: mini\nvars:\n  x: *nope\n' });
    const r = await forge(unknown, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'project.yml:3:6 FRG1002 invalid YAML: the alias *nope names no anchor\n  hint: define the anchor &nope before the alias',
    );
  });

  it("values nested 5,000 deep: FRG1002, said in words (the parser's overflowed stack before)", async () => {
    const dir = await copyFixture('mini', {
      'project.yml': `name: mini\nvars:\n  deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    });
    const r = await forge(dir, 'parse');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^project\.yml:3:\d+ FRG1002 invalid YAML: values nested too deeply$/m);
  });

  it('ordinary anchors and merge keys still load', async () => {
    const dir = await copyFixture('mini', {
      'models/anchors.yml':
        'seeds:\n  - name: raw_orders\n    config: &c { tags: [raw, shop] }\n  - name: raw_customers\n    config: *c\n',
    });
    const r = await forge(dir, 'ls', '--select', 'tag:shop');
    expect(r.stderr).not.toContain('FRG1101');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').sort()).toEqual(['raw_customers', 'raw_orders']);
  });
});
