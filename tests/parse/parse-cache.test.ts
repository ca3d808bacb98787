// Partial parsing: the cache under .forge/ is reused for unchanged templates, invalidated by what a
// template's parse depends on, and never trusted when stale or corrupt.
import { readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, forge } from '../helpers/project.js';

async function parseStats(
  dir: string,
  ...args: string[]
): Promise<{ reused: number; parsed: number; out: string }> {
  const result = await forge(dir, 'parse', '--log-format', 'json', ...args);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const line = result.stdout
    .split('\n')
    .map((l) => JSON.parse(l) as { phase?: string; detail?: string })
    .find((e) => e.phase === 'cache');
  const [, reused, parsed] = /(\d+) templates reused, (\d+) parsed/.exec(line?.detail ?? '') ?? [];
  return { reused: Number(reused), parsed: Number(parsed), out: result.stdout };
}

async function dependsOn(dir: string, name: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(dir, 'target/manifest.json'), 'utf8')) as {
    nodes: Record<string, { depends_on: { nodes: string[] } }>;
  };
  return manifest.nodes[`model.mini.${name}`]?.depends_on.nodes ?? [];
}

describe('partial parsing', () => {
  it('reuses unchanged templates and re-parses exactly what changed', async () => {
    const dir = await copyFixture('mini');
    expect(await parseStats(dir)).toMatchObject({ reused: 0, parsed: 5 });
    expect(await parseStats(dir)).toMatchObject({ reused: 5, parsed: 0 });

    // one model edited: only it is re-parsed, and the manifest sees the edit
    await writeFile(
      path.join(dir, 'models/marts/big_spenders.sql'),
      'select * from {{ref "customer_revenue"}} join {{ref "stg_orders"}} using (customer_id)\n',
    );
    expect(await parseStats(dir)).toMatchObject({ reused: 4, parsed: 1 });
    await forge(dir, 'compile');
    expect(await dependsOn(dir, 'big_spenders')).toEqual([
      'model.mini.customer_revenue',
      'model.mini.stg_orders',
    ]);
  });

  it("a macro body edit re-parses no template, yet the callers get the macro's new refs; a new macro re-parses all", async () => {
    const dir = await copyFixture('mini');
    await parseStats(dir);
    await writeFile(
      path.join(dir, 'macros/money.sql'),
      '{{#macro "cents_to_dollars" column scale=2}}\n  round({{column}} / (select 100.0 from {{ref "stg_customers"}} limit 1), {{scale}})\n{{/macro}}\n',
    );
    expect(await parseStats(dir)).toMatchObject({ reused: 5, parsed: 0 });
    await forge(dir, 'compile');
    expect(await dependsOn(dir, 'stg_orders')).toContain('model.mini.stg_customers');
    await writeFile(path.join(dir, 'macros/more.sql'), '{{#macro "twice" x}}{{x}} * 2{{/macro}}\n');
    expect(await parseStats(dir)).toMatchObject({ reused: 0, parsed: 5 });
  });

  it('a var a template reads re-parses that template only', async () => {
    const dir = await copyFixture('mini');
    await parseStats(dir);
    expect(await parseStats(dir, '--vars', '{min_amount: 5}')).toMatchObject({ reused: 4, parsed: 1 });
  });

  it('a corrupt or foreign cache is rebuilt, never trusted', async () => {
    const dir = await copyFixture('mini');
    await parseStats(dir);
    const file = path.join(dir, '.forge/partial_parse.json');
    await writeFile(file, '{"format":"forge-parse-cache/1","templa');
    let stats = await parseStats(dir);
    expect(stats).toMatchObject({ reused: 0, parsed: 5 });
    expect(stats.out).toMatch(/parse cache unreadable: parsing everything and rewriting it/);
    expect(await parseStats(dir)).toMatchObject({ reused: 5, parsed: 0 });
    await writeFile(
      file,
      JSON.stringify({ format: 'forge-parse-cache/0', context: '', templates: [], seeds: [] }),
    );
    stats = await parseStats(dir);
    expect(stats.out).toMatch(/parse cache written by another Forge version/);
    expect(stats).toMatchObject({ reused: 0, parsed: 5 });
  });

  it('an edit that keeps the size is still seen (mtime)', async () => {
    const dir = await copyFixture('mini');
    await parseStats(dir);
    const file = path.join(dir, 'models/marts/big_spenders.sql');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('> 20', '> 30'));
    const later = new Date(Date.now() + 5_000);
    await utimes(file, later, later);
    expect(await parseStats(dir)).toMatchObject({ reused: 4, parsed: 1 });
  });
});
