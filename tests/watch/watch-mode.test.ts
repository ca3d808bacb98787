// Watch mode through the real CLI process: edit files on disk and read what it rebuilt.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { copyFixture, forge } from '../helpers/project.js';
import { CliProcess } from '../helpers/cli-process.js';

class WatchProcess extends CliProcess {
  /** Makes a change and returns the output of the cycle it caused (up to its summary). */
  async cycle(change: () => Promise<void>): Promise<string> {
    // a beat between edits, as between a person's saves (two writes within the watcher's settle time are one batch)
    await new Promise((r) => setTimeout(r, 150));
    const from = this.output.length;
    await change();
    return this.waitFor(
      /watch: changed: [^\n]*(nothing in the selection to rebuild|\n[\s\S]*?Done in [^\n]*\n)|still watching/,
      from,
    );
  }
}

const built = (cycle: string): string[] =>
  /building \d+ node\(s\): ([^\n]*)/.exec(cycle)?.[1]?.split(', ') ?? [];

let running: WatchProcess | undefined;
afterEach(() => {
  running?.kill();
  running = undefined;
});

describe('forge build --watch', () => {
  it('rebuilds what an edit affects, inside the selection, and keeps running through a broken file', async () => {
    const dir = await copyFixture('mini');
    const w = (running = new WatchProcess(dir, ['build', '--watch']));
    await w.waitFor(/watch: watching for changes/);
    expect(w.output).toMatch(/initial build — building 11 node\(s\)/);
    const file = (p: string): string => path.join(dir, p);

    // a model body: the model, its dependants and their tests — not its siblings
    let c = await w.cycle(() =>
      writeFile(
        file('models/staging/stg_customers.sql'),
        'select customer_id, upper(trim(name)) as name from {{ref "raw_customers"}}\n',
      ),
    );
    expect(built(c)).toEqual([
      'stg_customers',
      'customer_revenue',
      'relationships_stg_orders_customer_id__ref_stg_customers',
      'big_spenders',
      'revenue_positive',
      'unique_customer_revenue_customer_id',
    ]);
    expect(c).not.toMatch(/stg_orders,/);

    // a macro: the models that call it (stg_orders) and downstream
    c = await w.cycle(() =>
      writeFile(
        file('macros/money.sql'),
        '{{#macro "cents_to_dollars" column scale=2}}\n  round({{column}} / 100.0, {{scale}} + 0)\n{{/macro}}\n',
      ),
    );
    expect(built(c)[0]).toBe('stg_orders');
    expect(built(c)).not.toContain('stg_customers');

    // a var in project.yml: only the models that read it
    c = await w.cycle(async () => {
      const { readFile } = await import('node:fs/promises');
      await writeFile(
        file('project.yml'),
        (await readFile(file('project.yml'), 'utf8')).replace('min_amount: 0', 'min_amount: 1000'),
      );
    });
    expect(built(c)[0]).toBe('stg_orders');
    expect(built(c)).not.toContain('stg_customers');

    // a YAML test added: just that test
    c = await w.cycle(async () => {
      const { readFile } = await import('node:fs/promises');
      await writeFile(
        file('models/schema.yml'),
        (await readFile(file('models/schema.yml'), 'utf8')).replace(
          'tests: [unique]',
          'tests: [unique, not_null]',
        ),
      );
    });
    expect(built(c)).toEqual(['not_null_customer_revenue_customer_id']);

    // a broken file: a located error, still watching; the fix resumes with what changed
    c = await w.cycle(() =>
      writeFile(
        file('models/marts/big_spenders.sql'),
        'select * from {{ref "customer_revenu"}} where revenue > 20\n',
      ),
    );
    expect(c).toMatch(
      /models\/marts\/big_spenders\.sql:1:15 FRG1203 ref "customer_revenu" not found — did you mean "customer_revenue"\?/,
    );
    expect(c).toMatch(/still watching/);
    c = await w.cycle(() =>
      writeFile(
        file('models/marts/big_spenders.sql'),
        'select * from {{ref "customer_revenue"}} where revenue > 30\n',
      ),
    );
    expect(built(c)).toEqual(['big_spenders']);

    // a deleted model leaves the graph; its relation stays
    c = await w.cycle(() => rm(file('models/marts/big_spenders.sql')));
    expect(c).toMatch(/big_spenders was removed from the project; its relation is left in the warehouse/);

    // a build meanwhile goes through the watcher; a command that cannot gets a clear message naming it
    const other = await forge(dir, 'build', '-s', 'stg_orders');
    expect(other.code).toBe(0);
    expect(other.stderr).toMatch(/through the running watcher/);
    const show = await forge(dir, 'show', '--inline', 'select 1 as one');
    expect(show.code).toBe(1);
    expect(show.stdout + show.stderr).toMatch(
      /FRG2001 the DuckDB file .*mini\.duckdb is held by `forge build --watch` \(PID \d+, since [\d-]+ [\d:]+\)\n\s+hint: that process rebuilds on every save/,
    );

    // keys: a rebuilds the selection, q quits
    const from = w.output.length;
    w.key('a');
    await w.waitFor(/rebuilding the selection — building 11 node\(s\)[\s\S]*Done in/, from);
    w.key('q');
    expect(await w.exited).toBe(0);
    expect(existsSync(path.join(dir, '.forge/mini.duckdb.holder.json'))).toBe(false);
  }, 60_000);

  it('only rebuilds inside the selection, and f reruns what failed', async () => {
    const dir = await copyFixture('mini');
    const w = (running = new WatchProcess(dir, ['build', '--watch', '-s', '+big_spenders']));
    await w.waitFor(/watch: watching for changes/);
    const file = (p: string): string => path.join(dir, p);
    // a new model outside the selection: nothing to do
    let c = await w.cycle(() => writeFile(file('models/staging/other.sql'), 'select 1 as x\n'));
    expect(c).toMatch(/nothing in the selection to rebuild/);
    // a model that fails in the warehouse, then f after fixing the data it needs
    c = await w.cycle(() =>
      writeFile(
        file('models/marts/big_spenders.sql'),
        'select * from {{ref "customer_revenue"}} where no_such_column > 20\n',
      ),
    );
    expect(c).toMatch(/ERROR big_spenders/);
    const from = w.output.length;
    w.key('f');
    const again = await w.waitFor(
      /rebuilding what failed — building 1 node\(s\): big_spenders[\s\S]*Done in/,
      from,
    );
    expect(again).toMatch(/ERROR big_spenders/);
    w.key('q');
    expect(await w.exited).toBe(1);
  }, 60_000);

  it('compile --watch recompiles on save', async () => {
    const dir = await copyFixture('mini');
    const w = (running = new WatchProcess(dir, ['compile', '--watch']));
    await w.waitFor(/watch: watching for changes/);
    expect(w.output).toMatch(/compiled 9 of 11 selected nodes/);
    const from = w.output.length;
    await writeFile(path.join(dir, 'models/staging/seven.sql'), 'select 7 as seven\n');
    await w.waitFor(
      /watch: changed: models\/staging\/seven\.sql[\s\S]*compiled 10 of 12 selected nodes/,
      from,
    );
    expect(existsSync(path.join(dir, 'target/compiled/mini/models/staging/seven.sql'))).toBe(true);
    w.key('q');
    expect(await w.exited).toBe(0);
  }, 30_000);
});

describe('commands through a running watcher', () => {
  it('forge build -s x while watching runs in the watcher (which holds the DuckDB file) and streams its results back', async () => {
    const dir = await copyFixture('mini');
    const w = (running = new WatchProcess(dir, ['build', '--watch']));
    await w.waitFor(/watch: watching for changes/);
    const through = await forge(dir, 'build', '--select', 'stg_orders');
    expect(through.code, through.stdout + through.stderr).toBe(0);
    expect(through.stderr).toMatch(/through the running watcher \(PID \d+\), which holds the DuckDB file/);
    expect(through.stdout).toMatch(/OK {4}table staging\.stg_orders/);
    expect(through.stdout).toMatch(/1 OK, 2 tests passed/);
    const failing = await forge(dir, 'test', '--select', 'revenue_positive');
    expect(failing.stdout).toMatch(/PASS {2}test revenue_positive/);
    w.key('q');
    expect(await w.exited).toBe(0);
    // the watcher is gone: the same command runs the normal way
    const after = await forge(dir, 'build', '--select', 'stg_orders');
    expect(after.code).toBe(0);
    expect(after.stderr).not.toMatch(/through the running watcher/);
  }, 60_000);
});
