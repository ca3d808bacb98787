/**
 * forge report cost on Snowflake reads INFORMATION_SCHEMA.QUERY_HISTORY, which returns at most
 * RESULT_LIMIT rows a call (10,000 at most, the latest first): it pages back through the history.
 * Its own loopback server, so the history holds this file's statements only.
 */
import { describe, expect, it } from 'vitest';
import { costReport } from '../../src/api/cost-report.js';
import { forge } from '../helpers/project.js';
import { useLoopback } from './loopback/harness.js';

const loopback = useLoopback();

describe('forge report cost pages through the query history', () => {
  it('counts every statement of a run longer than one page (the server returns at most 10 rows a call here)', async () => {
    const dir = await loopback.fixture('state', 'COST_PAGES_DB');
    const built = await forge(dir, 'build', '--target', 'loopback');
    expect(built.code, built.stdout + built.stderr).toBe(0);
    loopback.server.queryHistoryCap = 10;
    try {
      const { report, diagnostics } = await costReport(
        { projectDir: dir, target: 'loopback', env: process.env },
        undefined,
        10,
      );
      expect(diagnostics).toEqual([]);
      const expected = new Map<string, number>();
      for (const s of loopback.server.statements) {
        const tag = (s.queryTag.startsWith('{') ? JSON.parse(s.queryTag) : {}) as {
          forge_run?: string;
          node?: string;
        };
        if (tag.forge_run === report?.runId && tag.node)
          expected.set(tag.node, (expected.get(tag.node) ?? 0) + 1);
      }
      expect([...expected.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(20);
      expect(Object.fromEntries((report?.nodes ?? []).map((n) => [n.node, n.statements]))).toEqual(
        Object.fromEntries(expected),
      );
      // more than two pages were read (each page: its size and oldest end, then the run's rows)
      expect(
        loopback.server.statements.filter((s) => /information_schema\.query_history/i.test(s.sql)).length,
      ).toBeGreaterThan(4);
    } finally {
      loopback.server.queryHistoryCap = 10_000;
    }
  });
});
