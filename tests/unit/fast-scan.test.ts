import { describe, expect, it } from 'vitest';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { scanSimpleTemplate } from '../../src/template/fast-scan.js';
import { REPO_ROOT } from '../helpers/project.js';

function templatesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...templatesUnder(full));
    else if (entry.endsWith('.sql')) out.push(readFileSync(full, 'utf8'));
  }
  return out;
}

const TRICKY = [
  'select 1',
  '',
  '{{ref "a"}}',
  '{{  ref   "a"   }}',
  "select {{ref 'single'}} -- it's",
  '{{config materialized="table" unique_key="a,b" n=3 f=-1.5 b=false z=null u=undefined}}',
  '{{config unique_key=(array "a" "b") k = "spaced"}}',
  '{{config unique_key=[a, b]}}',
  '{{x (y (z "deep" k=1) 2) w=(v)}}',
  '{{this}} {{this.schema}} {{target.type}} {{@index}}',
  'a\n  {{ref\n "multi"\n  }}\nb\r\nc {{var "x"}}',
  '{{ref "with \\"escaped\\" quotes"}}',
  '{{ref "a"}}}',
  '{{{ref "a"}}}',
  '{{#if x}}a{{/if}}',
  '{{!-- c --}}',
  '{{~ref "a"~}}',
  '\\{{ref "a"}}',
  '{{else}}',
  '{{ref "a"',
  '{{ref "a" b}}',
  '{{ref "a" k=1 b}}',
  '{{../x}}',
  '{{a/b}}',
  '{{[weird key]}}',
  '{{ref"a"}}',
  '{{x 1=2}}',
  '{{x "a".b}}',
  '{{x this.y}}',
  '{{x.this}}',
  '{{@root.x}}',
  'select "{{" as a',
  '{{}}',
  '{{x-y:z? 1}}',
];

/** The fast path either declines or produces exactly Handlebars' AST. */
function check(text: string): 'fast' | 'declined' {
  const fast = scanSimpleTemplate(text);
  if (!fast) return 'declined';
  let reference: unknown;
  try {
    reference = Handlebars.parse(text);
  } catch (error) {
    throw new Error(`fast path accepted what Handlebars rejects: ${JSON.stringify(text)}: ${String(error)}`);
  }
  expect(fast, JSON.stringify(text)).toEqual(reference);
  return 'fast';
}

describe('the fast template scanner matches Handlebars', () => {
  it.each(TRICKY)('%j', (text) => {
    check(text);
  });

  it('on every template of the example project and fixtures', () => {
    const corpus = [
      ...templatesUnder(path.join(REPO_ROOT, 'models')),
      ...templatesUnder(path.join(REPO_ROOT, 'tests/fixtures')),
    ];
    const results = corpus.map(check);
    expect(results.filter((r) => r === 'fast').length).toBeGreaterThan(corpus.length / 2);
  });

  it('takes the plain cases and declines blocks and comments', () => {
    expect(check('{{ref "a"}} {{config materialized="table"}}')).toBe('fast');
    expect(check('{{#if (is_incremental)}}x{{/if}}')).toBe('declined');
    expect(check('{{! note }}')).toBe('declined');
  });
});

describe('randomized: the fast path never disagrees with Handlebars', () => {
  it('on 20,000 random token soups', () => {
    const tokens = [
      '{{',
      '}}',
      'ref',
      ' ',
      '"a"',
      "'b'",
      '(',
      ')',
      '=',
      'k',
      '1',
      '-2.5',
      'true',
      'null',
      '.',
      'this',
      '@x',
      'select ',
      '\n',
      '[',
      ']',
      '/',
      '~',
      '#',
      '!',
      '\\',
      '"',
      'else',
      'x.y',
      '}',
      '{',
      '\t',
      '..',
      'undefined',
      '0',
    ];
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let fast = 0;
    for (let n = 0; n < 20000; n++) {
      const length = 1 + Math.floor(random() * 14);
      let text = random() < 0.7 ? '{{' : '';
      for (let i = 0; i < length; i++) text += tokens[Math.floor(random() * tokens.length)];
      if (random() < 0.7) text += '}}';
      if (check(text) === 'fast') fast++;
    }
    expect(fast).toBeGreaterThan(100);
  });
});
