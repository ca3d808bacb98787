import { describe, expect, it } from 'vitest';
import { forge, makeProject, query } from '../helpers/project.js';

describe('DuckDB target settings', () => {
  it('passes memory_limit to DuckDB', async () => {
    const dir = await makeProject({
      'project.yml': 'name: m\ntargets:\n  dev: { type: duckdb, memory_limit: 1GB }\n',
      'models/a.sql': 'select 1 as x',
    });
    expect((await forge(dir, 'build')).code).toBe(0);
    expect(await query(dir, "select current_setting('memory_limit') as limit_")).toEqual([
      { limit_: '953.6 MiB' },
    ]);
  });
});
