/**
 * `forge schedule` through the real CLI process, on a one-second schedule with a run that takes
 * longer than that: runs never overlap, the ticks that pass during a run are recorded as missed,
 * the history is kept, and SIGTERM lets the running node finish and starts nothing after it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { forge, makeProject } from '../helpers/project.js';
import { CliProcess } from '../helpers/cli-process.js';

// ≈2.5 s of DuckDB work on this 2-core machine (a run must outlast the one-second schedule)
const SLOW_ROWS = 15_000_000;

async function slowProject(): Promise<string> {
  return makeProject({
    'project.yml': `name: scheduled\nvars:\n  slow_rows: ${SLOW_ROWS}\nmodels:\n  +materialized: table\n`,
    'seeds/raw_numbers.csv': 'n\n1\n2\n3\n',
    'models/slow.sql':
      'select count(distinct hash(i) % 100000007) as distinct_hashes, (select count(*) from {{ref "raw_numbers"}}) as seeds from range({{var "slow_rows"}}) t(i)\n',
    'models/after_slow.sql': 'select * from {{ref "slow"}}\n',
  });
}

interface HistoryLine {
  run: number;
  status: string;
  scheduledFor: string;
  startedAt?: string;
  finishedAt?: string;
  nodes?: Record<string, number>;
}

async function history(dir: string): Promise<HistoryLine[]> {
  const text = await readFile(path.join(dir, '.forge/schedule_history.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as HistoryLine);
}

let running: CliProcess | undefined;
afterEach(() => {
  running?.kill();
  running = undefined;
});

describe('forge schedule', () => {
  it('runs twice on a one-second schedule without overlap, recording missed ticks and the history', async () => {
    const dir = await slowProject();
    const p = (running = new CliProcess(dir, [
      'schedule',
      '--cron',
      '* * * * * *',
      '--max-runs',
      '2',
      '--threads',
      '1',
    ]));
    expect(await p.exited, p.output).toBe(0);
    expect(p.output).toMatch(/schedule: run 1 success/);
    expect(p.output).toMatch(/schedule: run 2 success/);
    const lines = await history(dir);
    const runs = lines.filter((l) => l.status !== 'missed');
    expect(runs.map((r) => [r.run, r.status])).toEqual([
      [1, 'success'],
      [2, 'success'],
    ]);
    expect(runs[0]?.nodes).toEqual({ success: 3 });
    const [first, second] = runs as [HistoryLine, HistoryLine];
    // no overlap: the second run starts after the first finished
    expect(Date.parse(second.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first.finishedAt ?? ''));
    // every tick that came while a run was going is recorded as missed (one a second: the whole seconds in (due, finished])
    const missed = lines.filter((l) => l.status === 'missed');
    for (const run of runs) {
      const ticks = Math.floor(Date.parse(run.finishedAt ?? '') / 1000) - Date.parse(run.scheduledFor) / 1000;
      expect(missed.filter((m) => m.run === run.run).length, JSON.stringify(run)).toBe(ticks);
    }
    // the runs outlast the schedule on this machine, so some ticks were missed rather than queued
    expect(missed.length).toBeGreaterThan(0);
    // every line: under load the first run misses enough ticks to push its own line out of the default limit
    const shown = await forge(dir, 'schedule', 'history', '--limit', '1000');
    expect(shown.stdout).toMatch(/1\s+\| success/);
    expect(shown.stdout).toMatch(/2\s+\| success/);
  }, 60_000);

  it('on SIGTERM finishes the running node, starts nothing new and exits cleanly', async () => {
    const dir = await slowProject();
    const p = (running = new CliProcess(dir, [
      'schedule',
      '--cron',
      '* * * * * *',
      '--threads',
      '1',
      '--log-format',
      'json',
    ]));
    await p.waitFor(/"type":"node-start"[^\n]*"name":"slow"/, 0, 30_000);
    p.signal('SIGTERM');
    expect(await p.exited, p.output).toBe(0);
    expect(p.output).toMatch(/schedule: stopping/);
    const [run] = await history(dir);
    expect(run?.status).toBe('interrupted');
    expect(run?.nodes).toEqual({ success: 2, skipped: 1 });
    const results = JSON.parse(await readFile(path.join(dir, 'target/run_results.json'), 'utf8')) as {
      results: { unique_id: string; status: string; message: string }[];
    };
    const byName = Object.fromEntries(results.results.map((r) => [r.unique_id.split('.')[2], r]));
    expect(byName['slow']?.status).toBe('success');
    expect(byName['after_slow']?.status).toBe('skipped');
    expect(byName['after_slow']?.message).toMatch(/the schedule was stopped/);
    // the lock is released: another schedule may start
    const again = await forge(dir, 'schedule', '--cron', 'nonsense');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/FRG1903 cannot read --cron "nonsense"/);
  }, 60_000);

  it('refuses a second schedule on the same project while the first runs', async () => {
    const dir = await slowProject();
    const first = (running = new CliProcess(dir, ['schedule', '--cron', '0 0 1 1 *']));
    await first.waitFor(/schedule: run 1 at/);
    const second = await forge(dir, 'schedule', '--cron', '* * * * *');
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/FRG2013 a schedule already runs this project: PID \d+/);
  }, 30_000);
});
