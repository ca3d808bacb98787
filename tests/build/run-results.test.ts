import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { copyFixture, forge, REPO_ROOT } from '../helpers/project.js';

async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}

interface Result {
  unique_id: string;
  status: string;
  thread_id: string;
  timing: { started_at: string; completed_at: string }[];
}

describe('run_results.json and the ready queue', () => {
  it("is valid against dbt's v6 schema, with one thread id per worker and overlapping runs on a fan-out", async () => {
    const dir = await copyFixture('fanout');
    const r = await forge(dir, 'build', '--threads', '2', '--vars', '{"work": 3000}');
    expect(r.code).toBe(0);
    const results = await readJson(path.join(dir, 'target/run_results.json'));
    const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(await readJson(path.join(REPO_ROOT, 'tests/schemas/run-results-v6.json')));
    validate(results);
    expect(validate.errors ?? []).toEqual([]);
    const rows = results['results'] as Result[];
    expect(rows.map((x) => x.status)).toEqual(Array(6).fill('success'));
    const slow = rows.filter((x) => x.unique_id.includes('slow_'));
    expect(new Set(slow.map((x) => x.thread_id))).toEqual(new Set(['Thread-1', 'Thread-2']));
    const spans = slow.map(
      (x) =>
        [Date.parse(x.timing[0]?.started_at ?? ''), Date.parse(x.timing[0]?.completed_at ?? '')] as const,
    );
    const overlapping = spans.some(([s1, e1], i) =>
      spans.some(([s2, e2], j) => i !== j && s1 < e2 && s2 < e1),
    );
    expect(overlapping).toBe(true);
    // join_all waits for its four parents; root ran before them
    const order = rows.map((x) => x.unique_id.split('.').at(-1));
    expect(order[0]).toBe('root');
    expect(order.at(-1)).toBe('join_all');
  });

  it('--log-format json emits one event per line', async () => {
    const dir = await copyFixture('fanout');
    const r = await forge(dir, 'build', '--vars', '{"work": 10}', '--log-format', 'json');
    const events = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; status?: string });
    expect(events.filter((e) => e.type === 'node-done').map((e) => e.status)).toEqual(
      Array(6).fill('success'),
    );
    expect(events.at(-1)?.type).toBe('run-summary');
  });
});
