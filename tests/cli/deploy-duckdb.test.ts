import { describe, expect, it } from 'vitest';
import { copyFixture, forge } from '../helpers/project.js';

describe('forge deploy on a target without task graphs', () => {
  it('is FRG2007 (a capability of the dialect), exit 1, and creates nothing', async () => {
    const dir = await copyFixture('mini');
    const r = await forge(dir, 'deploy', '--cron', '0 6 * * *');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FRG2007 forge deploy creates Snowflake tasks; target "dev" is duckdb');
  });
});
