import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forge, makeProject } from '../helpers/project.js';

const PROJECT = [
  'name: p',
  'vars:',
  '  s: hello',
  '  n: 1.50',
  '  big: 1e3',
  '  b: true',
  '  d: 2024-01-01',
  '  ts: !!timestamp 2024-01-01',
  '  tt: !!timestamp 2024-01-01T06:30:00Z',
  '  o: {a: 1, when: !!timestamp 2024-01-01}',
  '  l: [x, y]',
  '  nul: null',
  '',
].join('\n');

const MODEL =
  ['s', 'n', 'big', 'b', 'd', 'ts', 'tt', 'o', 'l', 'nul'].map((k) => `${k}={{var "${k}"}}`).join('\n') +
  '\njoined={{join (var "l") "|"}}\n';

async function compiled(...extra: string[]): Promise<string[]> {
  const dir = await makeProject({ 'project.yml': PROJECT, 'models/m.sql': MODEL });
  const r = await forge(dir, 'compile', ...extra);
  expect(r.stderr).not.toMatch(/FRG\d/);
  expect(r.code).toBe(0);
  return (await readFile(path.join(dir, 'target/compiled/p/models/m.sql'), 'utf8')).trim().split('\n');
}

/** How each var type prints in {{var "x"}}: README "Vars". */
describe('var rendering', () => {
  it('each type from project.yml', async () => {
    expect(await compiled()).toEqual([
      's=hello',
      'n=1.5',
      'big=1000',
      'b=true',
      'd=2024-01-01',
      // a YAML timestamp prints as written, not as a JSON string of a Date
      'ts=2024-01-01',
      'tt=2024-01-01T06:30:00Z',
      'o={"a":1,"when":"2024-01-01"}',
      'l=["x","y"]',
      'nul=',
      'joined=x|y',
    ]);
  });

  it('--vars overrides (JSON or YAML) print by the same rule', async () => {
    const lines = await compiled(
      '--vars',
      '{"s": "v", "n": 2, "b": false, "l": [1, "two"], "o": {"k": "v"}}',
    );
    expect(lines).toEqual(
      expect.arrayContaining(['s=v', 'n=2', 'b=false', 'l=[1,"two"]', 'o={"k":"v"}', 'joined=1|two']),
    );
    const yaml = await compiled('--vars', '{d: !!timestamp 2024-02-02, b: true, l: [a], nul: null}');
    expect(yaml).toEqual(expect.arrayContaining(['d=2024-02-02', 'b=true', 'l=["a"]', 'nul=']));
    expect(await compiled('--vars', 'n:3,s:x')).toEqual(expect.arrayContaining(['n=3', 's=x']));
    // the loose form in braces (YAML alone would read the key "n:4"), and JSON's last duplicate wins
    expect(await compiled('--vars', '{n:4,s:y}')).toEqual(expect.arrayContaining(['n=4', 's=y']));
    expect(await compiled('--vars', '{"n": 1, "n": 5}')).toEqual(expect.arrayContaining(['n=5']));
  });

  it('--vars that is no mapping is a usage error', async () => {
    const dir = await makeProject({ 'project.yml': PROJECT, 'models/m.sql': MODEL });
    const r = await forge(dir, 'compile', '--vars', '[1, 2]');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('FRG1901 cannot read --vars "[1, 2]": it needs a mapping');
  });
});
