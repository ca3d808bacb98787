import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/forge.js';
import { formatDiagnostic } from '../../src/errors/diagnostic.js';
import { copyFixture } from '../helpers/project.js';

const PROJECT =
  'name: mini\nvars:\n  min_amount: 0\nmodels:\n  +materialized: view\nseeds:\n  +schema: raw\n' +
  'targets:\n  dev: { type: duckdb }\n  sf:\n    type: snowflake\n    account: loopback\n    user: forge\n    password: { env: FORGE_TEST_SF_PASSWORD }\n';

async function parsed(
  files: Record<string, string>,
  target?: string,
): Promise<Awaited<ReturnType<typeof parse>>> {
  const dir = await copyFixture('mini', { 'project.yml': PROJECT, ...files });
  return parse({ projectDir: dir, env: { FORGE_TEST_SF_PASSWORD: 'x' }, ...(target ? { target } : {}) });
}

const model = (result: Awaited<ReturnType<typeof parse>>, name: string): unknown =>
  [...(result.manifest?.nodes.values() ?? [])].find((n) => n.name === name && n.resourceType === 'model');

/** The materialization is decoded once at parse time: a config no build could run fails there, in its file. */
describe('materialization at parse time', () => {
  it('decodes each kind with its settings', async () => {
    const result = await parsed({
      'models/inc.sql':
        '{{config materialized="incremental" unique_key="id" on_schema_change="fail" lookback=2}}\nselect 1 as id\n',
      'models/batches.sql':
        '{{config materialized="incremental" incremental_strategy="microbatch" event_time="at" begin="2026-01-01" batch_size="hour"}}\nselect 1 as at\n',
      'models/live.sql': '{{config materialized="dynamic_table" target_lag="5 minutes"}}\nselect 1 as x\n',
    });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model(result, 'inc')).toMatchObject({
      materialization: {
        kind: 'incremental',
        config: { strategy: 'merge', uniqueKey: ['id'], onSchemaChange: 'fail', lookback: '2 days' },
      },
    });
    expect(model(result, 'batches')).toMatchObject({
      materialization: {
        kind: 'microbatch',
        config: { eventTime: 'at', begin: '2026-01-01', batchSize: 'hour' },
      },
    });
    // DuckDB has no dynamic tables: recorded as one built as a table (no native settings)
    expect(model(result, 'live')).toMatchObject({ materialization: { kind: 'dynamic_table' } });
    expect(model(result, 'live')).not.toHaveProperty('materialization.native');
  });

  it('a microbatch model without begin and a snapshot without unique_key are FRG1207 in their files', async () => {
    const result = await parsed({
      'models/batches.sql':
        '{{config materialized="incremental" incremental_strategy="microbatch" event_time="at"}}\nselect 1 as at\n',
      'models/history.sql': '{{config materialized="snapshot" updated_at="at"}}\nselect 1 as at\n',
    });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^models\/batches\.sql FRG1207 microbatch model batches needs event_time and begin/,
        ),
        expect.stringMatching(/^models\/history\.sql FRG1207 snapshot history needs a unique_key/),
      ]),
    );
  });

  it('a disabled model is not checked', async () => {
    const result = await parsed({
      'models/history.sql': '{{config materialized="snapshot" enabled=false}}\nselect 1 as at\n',
    });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('on Snowflake a dynamic table needs a warehouse to refresh on, and keeps its settings', async () => {
    const missing = await parsed(
      { 'models/live.sql': '{{config materialized="dynamic_table"}}\nselect 1 as x\n' },
      'sf',
    );
    expect(missing.diagnostics.map(formatDiagnostic)).toContainEqual(
      expect.stringMatching(/^models\/live\.sql FRG1207 dynamic table live needs a warehouse to refresh on/),
    );
    const given = await parsed(
      {
        'models/live.sql':
          '{{config materialized="dynamic_table" snowflake_warehouse="WH" refresh_mode="full"}}\nselect 1 as x\n',
      },
      'sf',
    );
    expect(model(given, 'live')).toMatchObject({
      materialization: {
        kind: 'dynamic_table',
        native: {
          warehouse: 'WH',
          targetLag: '1 hour',
          refreshMode: 'FULL',
          initialize: 'ON_CREATE',
          onChange: 'apply',
        },
      },
    });
  });
});
