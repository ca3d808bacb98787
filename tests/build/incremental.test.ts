import { beforeAll, describe, expect, it } from 'vitest';
import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyFixture, forge, query } from '../helpers/project.js';

/** Ids present in `a` and not in `b` (whole rows compared). */
async function rowsMissing(dir: string, a: string, b: string): Promise<number[]> {
  const rows = await query(
    dir,
    `select event_id from (select * from {{ref "${a}"}} except select * from {{ref "${b}"}}) order by 1`,
  );
  return rows.map((r) => Number(r['event_id']));
}

async function batch(dir: string, lines: string[]): Promise<void> {
  await appendFile(path.join(dir, 'seeds/raw_events.csv'), `${lines.join('\n')}\n`);
  const r = await forge(dir, 'build', '--threads', '2');
  expect(r.code, r.stdout + r.stderr).toBe(0);
}

describe('incremental models equal a full refresh of the same data, batch after batch', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await copyFixture('incremental');
  });

  it('batch 1: first build', async () => {
    await batch(dir, [
      '1,100,10.0,2026-01-01 10:00:00',
      '2,100,20.0,2026-01-01 11:00:00',
      '3,101,30.0,2026-01-01 12:00:00',
      '4,102,40.0,2026-01-01 13:00:00',
    ]);
    for (const model of ['events_merge', 'events_delete_insert']) {
      expect(await rowsMissing(dir, 'events_expected', model)).toEqual([]);
      expect(await rowsMissing(dir, model, 'events_expected')).toEqual([]);
    }
    expect(await rowsMissing(dir, 'events_all', 'events_append')).toEqual([]);
  });

  it('batch 2: new keys, an update to an existing key, duplicates within the batch', async () => {
    await batch(dir, [
      '5,103,50.0,2026-01-02 09:00:00',
      '2,100,21.0,2026-01-02 10:00:00',
      '6,104,60.0,2026-01-02 11:00:00',
      '6,104,61.0,2026-01-02 11:30:00',
    ]);
    for (const model of ['events_merge', 'events_delete_insert']) {
      expect(await rowsMissing(dir, 'events_expected', model)).toEqual([]);
      expect(await rowsMissing(dir, model, 'events_expected')).toEqual([]);
    }
    expect(
      await query(
        dir,
        'select amount from {{ref "events_merge"}} where event_id in (2, 6) order by event_id',
      ),
    ).toEqual([{ amount: 21 }, { amount: 61 }]);
    expect(await rowsMissing(dir, 'events_all', 'events_append')).toEqual([]);
  });

  it('batch 3: a late row inside the 1-day lookback is merged; one outside it is the documented miss', async () => {
    await batch(dir, ['8,105,80.0,2026-01-02 03:00:00', '9,106,90.0,2025-12-30 00:00:00']);
    for (const model of ['events_merge', 'events_delete_insert']) {
      expect(await rowsMissing(dir, 'events_expected', model)).toEqual([9]);
      expect(await rowsMissing(dir, model, 'events_expected')).toEqual([]);
    }
    // append has no lookback: both late rows are missed
    expect(await rowsMissing(dir, 'events_all', 'events_append')).toEqual([8, 9]);
  });

  it('batch 4 and a full refresh: --full-refresh equals the reference exactly', async () => {
    await batch(dir, ['10,107,100.0,2026-01-03 08:00:00', '3,101,31.0,2026-01-03 09:00:00']);
    expect(await rowsMissing(dir, 'events_expected', 'events_merge')).toEqual([9]);
    const r = await forge(dir, 'build', '--full-refresh');
    expect(r.code).toBe(0);
    for (const model of ['events_merge', 'events_delete_insert']) {
      expect(await rowsMissing(dir, 'events_expected', model)).toEqual([]);
      expect(await rowsMissing(dir, model, 'events_expected')).toEqual([]);
    }
    expect(await rowsMissing(dir, 'events_all', 'events_append')).toEqual([]);
  });
});

describe('on_schema_change', () => {
  const model = (extra: string, mode: string): string =>
    `{{config materialized="incremental" unique_key="event_id" on_schema_change="${mode}"}}\nselect event_id, amount${extra} from {{ref "raw_events"}}\n`;

  it('fail: the build stops with a column-by-column message and the table is left as it was', async () => {
    const dir = await copyFixture('incremental', { 'models/changing.sql': model('', 'fail') });
    await writeFile(
      path.join(dir, 'seeds/raw_events.csv'),
      'event_id,customer_id,amount,updated_at\n1,100,10.0,2026-01-01 10:00:00\n',
    );
    expect((await forge(dir, 'build')).code).toBe(0);
    await writeFile(path.join(dir, 'models/changing.sql'), model(', customer_id', 'fail'));
    const r = await forge(dir, 'build', '-s', 'changing');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FRG2006 the model\'s columns changed and on_schema_change is "fail"');
    expect(r.stdout).toContain('+ customer_id BIGINT (new in the model)');
    expect(await query(dir, 'select * from {{ref "changing"}}')).toEqual([{ event_id: 1, amount: 10 }]);
  });

  it('append_new_columns adds the column; ignore leaves it out', async () => {
    const dir = await copyFixture('incremental', {
      'models/grow.sql': model('', 'append_new_columns'),
      'models/keep.sql': model('', 'ignore'),
    });
    await writeFile(
      path.join(dir, 'seeds/raw_events.csv'),
      'event_id,customer_id,amount,updated_at\n1,100,10.0,2026-01-01 10:00:00\n',
    );
    expect((await forge(dir, 'build')).code).toBe(0);
    await writeFile(path.join(dir, 'models/grow.sql'), model(', customer_id', 'append_new_columns'));
    await writeFile(path.join(dir, 'models/keep.sql'), model(', customer_id', 'ignore'));
    await appendFile(path.join(dir, 'seeds/raw_events.csv'), '2,101,20.0,2026-01-02 10:00:00\n');
    expect((await forge(dir, 'build')).code).toBe(0);
    expect(await query(dir, 'select * from {{ref "grow"}} order by event_id')).toEqual([
      { event_id: 1, amount: 10, customer_id: 100 },
      { event_id: 2, amount: 20, customer_id: 101 },
    ]);
    expect(await query(dir, 'select * from {{ref "keep"}} order by event_id')).toEqual([
      { event_id: 1, amount: 10 },
      { event_id: 2, amount: 20 },
    ]);
  });
});
