import { beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { copyFixture, forge, query } from '../helpers/project.js';

const HEADER = 'customer_id,segment,country,updated_at';

async function load(dir: string, rows: string[], now: string): Promise<void> {
  await writeFile(path.join(dir, 'seeds/raw_customers.csv'), `${[HEADER, ...rows].join('\n')}\n`);
  // The run's clock decides valid_from/valid_to for the check strategy: pin it per batch.
  const { runProject } = await import('../../src/api/run-project.js');
  const outcome = await runProject(
    { projectDir: dir, env: {}, now: () => new Date(now) },
    {},
    { command: 'build' },
  );
  expect(outcome.results.filter((r) => r.status !== 'success')).toEqual([]);
}

const history = (dir: string) =>
  query(
    dir,
    `select customer_id, segment, strftime(valid_from, '%Y-%m-%d %H:%M') as valid_from,
  strftime(valid_to, '%Y-%m-%d %H:%M') as valid_to, is_current from {{ref "customers_history"}} order by customer_id, valid_from`,
  );

describe('snapshots keep exact SCD type 2 history', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await copyFixture('snapshots');
  });

  it('first run: one current version per key', async () => {
    await load(
      dir,
      [
        '1,consumer,US,2026-01-01 00:00:00',
        '2,corporate,DE,2026-01-01 00:00:00',
        '3,consumer,FR,2026-01-01 00:00:00',
      ],
      '2026-01-01T06:00:00Z',
    );
    expect(await history(dir)).toEqual([
      {
        customer_id: 1,
        segment: 'consumer',
        valid_from: '2026-01-01 00:00',
        valid_to: null,
        is_current: true,
      },
      {
        customer_id: 2,
        segment: 'corporate',
        valid_from: '2026-01-01 00:00',
        valid_to: null,
        is_current: true,
      },
      {
        customer_id: 3,
        segment: 'consumer',
        valid_from: '2026-01-01 00:00',
        valid_to: null,
        is_current: true,
      },
    ]);
  });

  it('a change closes the old version at the new updated_at; a deleted key is invalidated; unchanged keys stay', async () => {
    await load(
      dir,
      [
        '1,corporate,US,2026-01-05 00:00:00',
        '2,corporate,DE,2026-01-01 00:00:00',
        '4,home_office,JP,2026-01-05 00:00:00',
      ],
      '2026-01-05T06:00:00Z',
    );
    expect(await history(dir)).toEqual([
      {
        customer_id: 1,
        segment: 'consumer',
        valid_from: '2026-01-01 00:00',
        valid_to: '2026-01-05 00:00',
        is_current: false,
      },
      {
        customer_id: 1,
        segment: 'corporate',
        valid_from: '2026-01-05 00:00',
        valid_to: null,
        is_current: true,
      },
      {
        customer_id: 2,
        segment: 'corporate',
        valid_from: '2026-01-01 00:00',
        valid_to: null,
        is_current: true,
      },
      {
        customer_id: 3,
        segment: 'consumer',
        valid_from: '2026-01-01 00:00',
        valid_to: '2026-01-05 06:00',
        is_current: false,
      },
      {
        customer_id: 4,
        segment: 'home_office',
        valid_from: '2026-01-05 00:00',
        valid_to: null,
        is_current: true,
      },
    ]);
  });

  it('re-running the same data adds nothing', async () => {
    await load(
      dir,
      [
        '1,corporate,US,2026-01-05 00:00:00',
        '2,corporate,DE,2026-01-01 00:00:00',
        '4,home_office,JP,2026-01-05 00:00:00',
      ],
      '2026-01-06T06:00:00Z',
    );
    expect((await history(dir)).length).toBe(5);
  });

  it('check strategy: only a change in check_cols makes a version, valid from the run time', async () => {
    const rows = await query(
      dir,
      `select customer_id, segment, country, strftime(valid_from, '%m-%d %H:%M') as valid_from, is_current
      from {{ref "customers_checked"}} where customer_id in (1, 2) order by customer_id, valid_from`,
    );
    expect(rows).toEqual([
      { customer_id: 1, segment: 'consumer', country: 'US', valid_from: '01-01 06:00', is_current: false },
      { customer_id: 1, segment: 'corporate', country: 'US', valid_from: '01-05 06:00', is_current: true },
      { customer_id: 2, segment: 'corporate', country: 'DE', valid_from: '01-01 06:00', is_current: true },
    ]);
    await load(
      dir,
      ['1,corporate,GB,2026-01-07 00:00:00', '2,corporate,DE,2026-01-01 00:00:00'],
      '2026-01-07T06:00:00Z',
    );
    const after = await query(
      dir,
      'select count(*) as n from {{ref "customers_checked"}} where customer_id = 1',
    );
    expect(after).toEqual([{ n: 2 }]);
  });

  it('a file under snapshots/ is a snapshot by default, with the snapshots: folder config', async () => {
    expect(
      await query(dir, 'select count(*) as n from history.segments_snapshot where customer_id = 1'),
    ).toEqual([{ n: 2 }]);
  });

  it('forge snapshot runs only snapshots', async () => {
    const r = await forge(dir, 'snapshot');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('snapshot main.customers_history');
    expect(r.stdout).not.toContain('seed ');
  });
});
