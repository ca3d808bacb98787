/**
 * Golden SQL for every statement kind each dialect emits, through the same pure planners the builds
 * run: one test body per dialect (tests/golden/dialects/<dialect>/*.sql; `npx vitest -u` rewrites
 * them after a deliberate change — review the diff). Statement kinds a dialect lacks (dynamic
 * tables, task graphs, stages: Snowflake's) are left out of its files.
 */
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/adapters/adapter.js';
import { duckdbDialect } from '../../src/adapters/duckdb/duckdb-dialect.js';
import { postgresDialect } from '../../src/adapters/postgres/postgres-dialect.js';
import { snowflakeDialect } from '../../src/adapters/snowflake/snowflake-dialect.js';
import type { Relation } from '../../src/core/relation.js';
import type { IncrementalConfig, SnapshotConfig } from '../../src/core/materialization.js';
import { planIncrementalApply, stagingSql } from '../../src/materializations/incremental-plan.js';
import { planWindow } from '../../src/materializations/microbatch-plan.js';
import { planTable, planView, type Plan } from '../../src/materializations/relation-plan.js';
import { seedSelect, snowflakeSeedSelect } from '../../src/materializations/seed-plan.js';
import { definitionComment, planDynamicTable } from '../../src/materializations/dynamic-table-plan.js';
import { planDeploy, planDrop, taskComment } from '../../src/deploy/task-graph.js';
import { type TaskSpec } from '../../src/core/object-sql.js';
import { taskBody } from '../../src/deploy/task-bodies.js';
import type { ModelNode } from '../../src/core/nodes.js';
import { planSnapshotCreate, planSnapshotUpdate } from '../../src/materializations/snapshot-plan.js';

interface DialectCase {
  readonly name: string;
  readonly dialect: Dialect;
  /** The same dialect with permanent tables by default, where tables are transient otherwise. */
  readonly permanent?: Dialect;
  /** A seed's SELECT (Snowflake: typed VALUES from the CSV text; DuckDB: read_csv of the file). */
  readonly seed?: (csv: string, columnTypes: Readonly<Record<string, string>>) => string;
}

const SEED_PATH = '/srv/shop/seeds/customers.csv';
const DIALECTS: readonly DialectCase[] = [
  {
    name: 'snowflake',
    dialect: snowflakeDialect(),
    permanent: snowflakeDialect({ transient: false }),
    seed: snowflakeSeedSelect,
  },
  {
    name: 'duckdb',
    dialect: duckdbDialect('ANALYTICS'),
    seed: (_csv, columnTypes) => seedSelect(SEED_PATH, columnTypes),
  },
  { name: 'postgres', dialect: postgresDialect('ANALYTICS') },
];

const fact: Relation = { database: 'ANALYTICS', schema: 'DBT_ADA_GOLD', identifier: 'fact_sales' };
const sql = 'select order_id, line_no, revenue, loaded_at from ANALYTICS.DBT_ADA_SILVER.stg_order_items';
const now = new Date('2026-03-01T06:00:00Z');
const columns = [
  { name: 'order_id', type: 'NUMBER' },
  { name: 'line_no', type: 'NUMBER' },
  { name: 'revenue', type: 'NUMBER' },
  { name: 'loaded_at', type: 'TIMESTAMP_NTZ' },
];

const show = (title: string, statements: readonly string[]): string =>
  `-- ${title}\n${statements.map((s) => `${s};`).join('\n')}\n`;
const plan = (title: string, p: Plan): string =>
  show(`${title}: prepare`, p.prepare) +
  show(`${title}: swap (one transaction)`, p.swap) +
  (p.cleanup.length ? show(`${title}: cleanup`, p.cleanup) : '');

describe.each(DIALECTS)('$name golden SQL', ({ name: dialectName, dialect, permanent, seed }) => {
  const golden = (name: string, text: string): Promise<void> =>
    expect(text).toMatchFileSnapshot(`../golden/dialects/${dialectName}/${name}.sql`);

  it('tables and views: built beside, swapped in', async () => {
    await golden(
      'table',
      [
        plan('table, first build', planTable(dialect, fact, sql, undefined)),
        plan('table over an existing table', planTable(dialect, fact, sql, { kind: 'table', columns })),
        plan('table over an existing view', planTable(dialect, fact, sql, { kind: 'view', columns })),
        ...(permanent
          ? [plan('permanent table (transient: false)', planTable(permanent, fact, sql, undefined))]
          : []),
        plan(
          'table with cluster_by, grants and a per-node transient: false',
          planTable(
            dialect,
            fact,
            sql,
            { kind: 'table', columns },
            {
              clusterBy: ['order_date', 'customer_id'],
              transient: false,
              grants: { select: ['reporter', 'analyst'] },
            },
          ),
        ),
      ].join('\n'),
    );
    await golden(
      'view',
      [
        plan('view', planView(dialect, fact, sql, undefined)),
        plan('view over an existing table', planView(dialect, fact, sql, { kind: 'table', columns })),
        plan(
          'view with grants',
          planView(dialect, fact, sql, undefined, { grants: { select: ['reporter'] } }),
        ),
      ].join('\n'),
    );
  });

  it('incremental: staging, merge, delete+insert, append, schema changes, microbatch', async () => {
    const config = (c: Partial<IncrementalConfig>): IncrementalConfig => ({
      strategy: 'merge',
      uniqueKey: ['order_id', 'line_no'],
      onSchemaChange: 'ignore',
      ...c,
    });
    const apply = (c: IncrementalConfig, staged = columns): Plan => {
      const result = planIncrementalApply(dialect, fact, columns, staged, c);
      if (!result.ok) throw new Error(result.message);
      return result.plan;
    };
    const added = [...columns, { name: 'discount', type: 'FLOAT' }];
    await golden(
      'incremental',
      [
        show('staging select (watermark, 3-day lookback, one row per key)', [
          stagingSql(dialect, fact, sql, config({ watermark: 'loaded_at', lookback: '3 days' })),
        ]),
        plan('merge', apply(config({}))),
        plan('delete+insert', apply(config({ strategy: 'delete+insert' }))),
        plan('append', apply(config({ strategy: 'append', uniqueKey: [] }))),
        plan('append_new_columns', apply(config({ onSchemaChange: 'append_new_columns' }), added)),
        plan(
          'sync_all_columns',
          apply(
            config({ onSchemaChange: 'sync_all_columns' }),
            added.filter((c) => c.name !== 'revenue'),
          ),
        ),
        show(
          'microbatch window (one transaction)',
          planWindow(
            dialect,
            fact,
            sql,
            'loaded_at',
            { start: new Date('2026-02-01T00:00:00Z'), end: new Date('2026-03-01T00:00:00Z') },
            columns.map((c) => c.name),
          ),
        ),
      ].join('\n'),
    );
  });

  it.runIf(dialect.dynamicTable !== undefined)(
    'dynamic tables: create (with the SELECT checksum in the comment), ALTER SET, refresh, show',
    async () => {
      const ddl = dialect.dynamicTable as NonNullable<typeof dialect.dynamicTable>;
      const config = {
        targetLag: '1 hour',
        warehouse: 'TRANSFORMING',
        refreshMode: 'AUTO',
        initialize: 'ON_SCHEDULE',
        onChange: 'apply',
      } as const;
      const created = planDynamicTable(ddl, fact, sql, config, undefined);
      const overTable = planDynamicTable(ddl, fact, sql, config, { kind: 'table' });
      const comment = definitionComment(sql, config);
      const altered = planDynamicTable(
        ddl,
        fact,
        sql,
        { ...config, targetLag: '15 minutes', warehouse: 'BIG' },
        { kind: 'dynamic', targetLag: '1 hour', warehouse: 'TRANSFORMING', refreshMode: 'AUTO', comment },
      );
      const unchanged = planDynamicTable(ddl, fact, sql, config, {
        kind: 'dynamic',
        targetLag: '1 hour',
        warehouse: 'TRANSFORMING',
        refreshMode: 'AUTO',
        comment,
      });
      expect(unchanged.statements).toEqual([]);
      await golden(
        'dynamic-table',
        [
          show(`create (${created.why})`, created.statements),
          show(`create (${overTable.why})`, overTable.statements),
          show(`alter (${altered.why})`, altered.statements),
          show('what exists', [ddl.show(fact)]),
        ].join('\n'),
      );
    },
  );

  it.runIf(dialect.tasks !== undefined)(
    'task graphs: the root, a table task, an incremental task choosing its branch when it runs; a re-deploy; drop; status',
    async () => {
      const sqlOf = dialect.tasks as NonNullable<typeof dialect.tasks>;
      const node = { relation: fact, config: {} } as unknown as ModelNode;
      const incremental = {
        strategy: 'merge',
        uniqueKey: ['order_id', 'line_no'],
        watermark: 'loaded_at',
        lookback: '3 days',
        onSchemaChange: 'ignore',
      } as const;
      const tasks: TaskSpec[] = [
        {
          name: 'FORGE_SHOP__ROOT',
          after: [],
          schedule: 'USING CRON 0 6 * * * UTC',
          warehouse: 'TRANSFORMING',
          body: 'select 1',
        },
        {
          name: 'FORGE_SHOP__FACT_SALES',
          after: ['FORGE_SHOP__ROOT'],
          warehouse: 'TRANSFORMING',
          when: "system$stream_has_data('ANALYTICS.RAW.ORDERS_CHANGES')",
          body: taskBody({
            dialect,
            node,
            fullSql: sql,
            incrementalSql: `${sql} where loaded_at > (select max(loaded_at) from ${dialect.relation(fact)})`,
            columns: [
              { name: 'order_id', type: 'number(38,0)' },
              { name: 'line_no', type: 'number(38,0)' },
              { name: 'revenue', type: 'number(12,2)' },
              { name: 'loaded_at', type: 'timestamp_ntz' },
            ],
            options: { clusterBy: ['order_date'] },
            incremental,
          }),
        },
        {
          name: 'FORGE_SHOP__DAILY_SALES',
          after: ['FORGE_SHOP__FACT_SALES'],
          warehouse: 'TRANSFORMING',
          body: taskBody({
            dialect,
            node: { relation: { ...fact, identifier: 'daily_sales' }, config: {} } as unknown as ModelNode,
            fullSql: 'select 1 as x',
            incrementalSql: '',
            columns: [],
            options: {},
          }),
        },
      ];
      const deployed = planDeploy(sqlOf, 'ANALYTICS.FORGE', 'shop', tasks, [
        { name: 'FORGE_SHOP__ROOT', comment: 'forge:sha=old', state: 'started', predecessors: [] },
        { name: 'FORGE_SHOP__GONE', comment: '', state: 'started', predecessors: [] },
      ]);
      const existing = tasks.map((t) => ({
        name: t.name,
        comment: taskComment(t),
        state: 'started',
        predecessors: t.after,
      }));
      expect(planDeploy(sqlOf, 'ANALYTICS.FORGE', 'shop', tasks, existing).statements).toEqual([]);
      // a child unlinked from its predecessor (SHOW TASKS shows none) is replaced with everything downstream, though its comment matches
      const orphaned = existing.map((t) =>
        t.name === 'FORGE_SHOP__FACT_SALES' ? { ...t, predecessors: [], state: 'suspended' } : t,
      );
      expect(planDeploy(sqlOf, 'ANALYTICS.FORGE', 'shop', tasks, orphaned).created).toEqual([
        'FORGE_SHOP__FACT_SALES',
        'FORGE_SHOP__DAILY_SALES',
      ]);
      // as specified but suspended: enabled again, nothing replaced
      const suspended = existing.map((t) => ({ ...t, state: 'suspended' }));
      expect(planDeploy(sqlOf, 'ANALYTICS.FORGE', 'shop', tasks, suspended).statements.at(-1)).toBe(
        "select system$task_dependents_enable('ANALYTICS.FORGE.FORGE_SHOP__ROOT')",
      );
      await golden(
        'tasks',
        [
          show('deploy (a changed root, two new tasks, one gone)', deployed.statements),
          show('drop', planDrop(sqlOf, 'ANALYTICS.FORGE', 'shop', existing)),
          show('status', [
            sqlOf.show('ANALYTICS.FORGE', 'FORGE_SHOP__'),
            sqlOf.history('ANALYTICS.FORGE', 'FORGE_SHOP__', 50),
          ]),
        ].join('\n'),
      );
    },
  );

  it('snapshots, seeds, UDFs, clones, digests', async () => {
    const snap = (c: Partial<SnapshotConfig>): SnapshotConfig => ({
      uniqueKey: ['customer_id'],
      strategy: 'timestamp',
      updatedAt: 'updated_at',
      checkCols: 'all',
      hardDeletes: 'ignore',
      ...c,
    });
    const customers: Relation = {
      database: 'ANALYTICS',
      schema: 'DBT_ADA_SNAPSHOTS',
      identifier: 'customers_snapshot',
    };
    await golden(
      'snapshot',
      [
        plan(
          'snapshot, first build',
          planSnapshotCreate(dialect, customers, 'select * from ANALYTICS.RAW.customers', snap({}), now),
        ),
        plan(
          'snapshot update, timestamp strategy',
          planSnapshotUpdate(dialect, customers, ['customer_id', 'email', 'updated_at'], snap({}), now),
        ),
        plan(
          'snapshot update, check strategy, hard deletes invalidated',
          planSnapshotUpdate(
            dialect,
            customers,
            ['customer_id', 'email', 'updated_at'],
            snap({ strategy: 'check', checkCols: ['email'], hardDeletes: 'invalidate' }),
            now,
          ),
        ),
      ].join('\n'),
    );
    const stage = dialect.stage;
    await golden(
      'misc',
      [
        ...(seed
          ? [
              show('seed (typed VALUES; column_types override inference)', [
                seed('id,name,signed_up,score,vip\n1,Ada,2025-01-02,1.5,true\n2,"O\'Neil",,2,false\n', {
                  vip: 'boolean',
                }),
              ]),
            ]
          : []),
        show('schema', [dialect.createSchema(fact)]),
        show('temporary table', [
          dialect.createTableAs({ ...fact, identifier: 'fact_sales__forge_incr' }, sql, true),
        ]),
        show('zero-copy clone (forge clone)', [dialect.cloneTable(fact, { ...fact, schema: 'PROD_GOLD' })]),
        show('streams (change data capture on a source table)', [
          dialect.createStream(
            { database: 'ANALYTICS', schema: 'RAW', identifier: 'orders_changes' },
            { database: 'ANALYTICS', schema: 'RAW', identifier: 'orders' },
            false,
          ),
          dialect.createStream(
            { database: 'ANALYTICS', schema: 'RAW', identifier: 'events_new' },
            { database: 'ANALYTICS', schema: 'RAW', identifier: 'events' },
            true,
          ),
        ]),
        ...(stage
          ? [
              show('stage load (PUT, then COPY INTO by position)', [
                stage.put(
                  '/srv/shop/.forge/landing/orders/orders_2025-01.csv',
                  'forge_landing/shop/.forge/landing/orders',
                ),
                ...stage.copyInto(
                  { database: 'ANALYTICS', schema: 'RAW', identifier: 'orders' },
                  ['order_id', 'status'],
                  'forge_landing/shop',
                  ['.forge/landing/orders/orders_2025-01.csv'],
                  dialect.timestamp(now),
                ),
              ]),
              show("external stage load (a cloud URL, Snowflake's load metadata skips copied files)", [
                stage.createExternalStage(
                  { database: 'ANALYTICS', schema: 'RAW', identifier: 'forge_stage_orders' },
                  's3://lake/landing/orders/',
                  'LAKE_S3',
                ),
                stage.copyFromStage(
                  { database: 'ANALYTICS', schema: 'RAW', identifier: 'orders' },
                  ['order_id', 'status'],
                  { database: 'ANALYTICS', schema: 'RAW', identifier: 'forge_stage_orders' },
                  '.*[.]csv',
                  dialect.timestamp(now),
                ),
              ]),
            ]
          : []),
        show('SQL UDF (ML deployment)', [
          dialect.createFunction(
            { ...fact, identifier: 'predict_churn' },
            [
              { name: 'recency', type: 'numeric' },
              { name: 'segment', type: 'text' },
            ],
            '1 / (1 + exp(-(0.5 * coalesce(recency, 3))))',
          ),
        ]),
        show('training data digest and sample bucket', [
          dialect.contentDigest(sql),
          `select * from (${sql}) where ${dialect.hashBucket(['order_id', 'line_no'], 1000)} < 250`,
        ]),
        show('time arithmetic', [
          `select ${dialect.hoursAgo(24)}, ${dialect.subtractInterval('max(loaded_at)', '3 days')}, ${dialect.timestamp(now)}`,
        ]),
        show('columns', [
          dialect.addColumn(fact, { name: 'discount', type: 'FLOAT' }),
          dialect.dropColumn(fact, 'discount'),
        ]),
        show('transactions', [dialect.begin(), dialect.commit(), dialect.rollback()]),
      ].join('\n'),
    );
  });
});
