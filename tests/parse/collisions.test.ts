import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/forge.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { patchProject } from '../../src/parser/patch-project.js';
import { copyFixture, forge } from '../helpers/project.js';

/** Two nodes that would build one relation, or share a name a ref could mean: an error naming both files. */
describe('relation collisions and ambiguous names', () => {
  it('models/A.sql beside models/a.sql in one schema', async () => {
    const dir = await copyFixture('mini', {
      'models/marts/Spend.sql': 'select 1 as x\n',
      'models/marts/spend.sql': 'select 2 as x\n',
    });
    const r = await forge(dir, 'build');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/marts/spend.sql FRG1302 spend and Spend both build marts.spend ' +
        '(models/marts/Spend.sql and models/marts/spend.sql; unquoted names compare case-insensitively)',
    );
    expect(r.stderr).toContain('hint: give one of them another name or an alias');
  });

  it("an alias that lands on another node's relation (a seed's), named where the alias is set", async () => {
    const dir = await copyFixture('mini', {
      'models/marts/orders_copy.sql':
        '{{config alias="RAW_ORDERS" schema="raw"}}\nselect * from {{ref "raw_orders"}}\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'models/marts/orders_copy.sql:1:1 FRG1302 orders_copy and raw_orders both build raw.RAW_ORDERS ' +
        '(seeds/raw_orders.csv and models/marts/orders_copy.sql:1:1; unquoted names compare case-insensitively)',
    );
  });

  it('an alias set in project.yml points at the project.yml line', async () => {
    const dir = await copyFixture('mini', {
      'project.yml':
        'name: mini\nvars:\n  min_amount: 0\nmodels:\n  marts:\n    +materialized: table\n    +schema: marts\n' +
        '    big_spenders:\n      +alias: customer_revenue\nseeds:\n  +schema: raw\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'project.yml:9:7 FRG1302 big_spenders and customer_revenue both build marts.customer_revenue ' +
        '(models/marts/customer_revenue.sql and models/marts/big_spenders.sql, aliased at project.yml:9:7; unquoted names compare case-insensitively)',
    );
  });

  it('a model named like a seed: ambiguous, both files named', async () => {
    const dir = await copyFixture('mini', {
      'models/staging/raw_orders.sql': '{{config schema="staging"}}\nselect 1 as order_id\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'seeds/raw_orders.csv FRG1211 a model and a seed are both named "raw_orders": ' +
        'models/staging/raw_orders.sql and seeds/raw_orders.csv ({{ref "raw_orders"}} would be ambiguous)',
    );
  });

  it('a snapshot named like a model (snapshots are models: the same-type duplicate check)', async () => {
    const dir = await copyFixture('mini', {
      'snapshots/stg_orders.sql':
        '{{config unique_key="order_id" strategy="check" check_cols="all" schema="snap"}}\nselect * from {{ref "raw_orders"}}\n',
    });
    const r = await forge(dir, 'compile');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'snapshots/stg_orders.sql FRG1211 two models are named "stg_orders": models/staging/stg_orders.sql and snapshots/stg_orders.sql',
    );
  });

  it('distinct names in different schemas are fine', async () => {
    const dir = await copyFixture('mini', {
      'models/marts/raw_orders_copy.sql':
        '{{config alias="raw_orders"}}\nselect * from {{ref "raw_orders"}}\n',
    });
    const r = await forge(dir, 'build');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it("watch's fast path: a saved alias that lands on another model's relation", async () => {
    const dir = await copyFixture('mini');
    const before = await parse({ projectDir: dir });
    const text = '{{config alias="customer_revenue"}}\nselect * from {{ref "customer_revenue"}}\n';
    const patched = patchProject(before.patch!, before.manifest!, [
      { path: 'models/marts/big_spenders.sql', text },
    ]);
    expect(patched?.diagnostics.map(formatDiagnostic)).toEqual([
      'models/marts/big_spenders.sql:1:1 FRG1302 big_spenders and customer_revenue both build ' +
        'marts.customer_revenue (models/marts/customer_revenue.sql and models/marts/big_spenders.sql:1:1; unquoted names compare case-insensitively)\n' +
        '  hint: give one of them another name or an alias: {{config alias="…"}}, or +alias / +schema in project.yml',
    ]);
  });
});
