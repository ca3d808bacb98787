import { describe, expect, it } from 'vitest';
import { createForge, type ForgeEvent } from '../../src/index.js';
import { copyFixture } from '../helpers/project.js';

describe('cancelling a run through an AbortSignal', () => {
  it('an aborted signal starts nothing: each node is skipped with its reason and the run says it was interrupted', async () => {
    const dir = await copyFixture('mini');
    const controller = new AbortController();
    controller.abort('stopped by the test');
    const events: ForgeEvent[] = [];
    const run = await createForge({ projectDir: dir, env: {} }, (event) => events.push(event)).build(
      {},
      { signal: controller.signal },
    );
    expect(run.interrupted).toBe(true);
    expect(run.results.length).toBeGreaterThan(0);
    expect(new Set(run.results.map((r) => `${r.status}: ${r.message}`))).toEqual(
      new Set(['skipped: skipped: stopped by the test']),
    );
    expect(events).toContainEqual({
      type: 'info',
      message: 'interrupted: cancelling the running statements; nothing new starts',
    });
  });

  it('a signal that is never aborted changes nothing', async () => {
    const dir = await copyFixture('mini');
    const run = await createForge({ projectDir: dir, env: {} }).build(
      {},
      { signal: new AbortController().signal },
    );
    expect(run.failed).toBe(false);
    expect(run.interrupted).toBeUndefined();
  });
});
