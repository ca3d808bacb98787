// forge retry: exactly what failed or was skipped in the last run.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, forge } from '../helpers/project.js';

describe('forge retry', () => {
  it('re-runs exactly the failed and skipped nodes, then has nothing left', async () => {
    const dir = await copyFixture('mini', {
      'models/marts/customer_revenue.sql': 'select customer_id, no_such_column from {{ref "stg_orders"}}\n',
    });
    const failed = await forge(dir, 'build');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/ERROR customer_revenue/);
    const skipped = [...failed.stdout.matchAll(/SKIP\s+(\S+)/g)].map((m) => m[1]).sort();
    expect(skipped).toEqual(['big_spenders', 'revenue_positive', 'unique_customer_revenue_customer_id']);

    await writeFile(
      path.join(dir, 'models/marts/customer_revenue.sql'),
      'select c.customer_id, count(*) as orders, sum(o.amount) as revenue from {{ref "stg_customers"}} c join {{ref "stg_orders"}} o using (customer_id) group by 1\n',
    );
    const retried = await forge(dir, 'retry');
    expect(retried.code, retried.stdout).toBe(0);
    expect(retried.stderr).toMatch(
      /retry: 4 node\(s\) that failed or were skipped in the last `forge build`/,
    );
    expect(retried.stdout.match(/^\s*\d+ of 4 (OK|PASS) /gm)?.length).toBe(4);
    expect(retried.stdout).toMatch(/of 4 OK\s+table marts\.customer_revenue/);
    expect(retried.stdout).not.toMatch(/stg_orders|raw_orders/);

    const again = await forge(dir, 'retry');
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/retry: nothing failed or was skipped in the last run/);
  });

  it('says so when there is no previous run', async () => {
    const dir = await copyFixture('mini');
    const r = await forge(dir, 'retry');
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/FRG1901 no previous run to retry: .*run_results\.json is missing/);
  });
});
