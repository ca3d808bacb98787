import { describe, expect, it } from 'vitest';
import { nodeId, type NodeId } from '../../src/core/ids.js';
import {
  initialWatchState,
  reduceWatch,
  takeBatch,
  type WatchAction,
  type WatchEvent,
  type WatchGraph,
  type WatchState,
} from '../../src/watch/watch-reducer.js';

const a = nodeId('model', 'p', 'a');
const b = nodeId('model', 'p', 'b');
const c = nodeId('model', 'p', 'c');

/** A graph of fingerprints and edges (parent → children). */
function graph(
  prints: readonly (readonly [NodeId, string])[],
  children: Record<string, NodeId[]> = {},
): WatchGraph {
  const map = new Map(prints);
  const descendants = (id: NodeId): Set<NodeId> =>
    new Set((children[id] ?? []).flatMap((child) => [child, ...descendants(child)]));
  return { prints: map, dag: { descendants } };
}

/** Runs events from a state; returns the last state and every action. */
function run(
  events: readonly WatchEvent<WatchGraph>[],
  from: WatchState<WatchGraph> = initialWatchState(),
): { state: WatchState<WatchGraph>; actions: WatchAction<WatchGraph>[] } {
  let state = from;
  const actions: WatchAction<WatchGraph>[] = [];
  for (const event of events) {
    const step = reduceWatch(state, event);
    state = step.state;
    actions.push(step.action);
  }
  return { state, actions };
}

const first = graph(
  [
    [a, '1'],
    [b, '1'],
    [c, '1'],
  ],
  { [a]: [b] },
);
/** A session whose initial build is done. */
const started = run([
  { type: 'requested', request: { kind: 'all' } },
  { type: 'idle' },
  { type: 'parsed', request: { kind: 'all' }, graph: first },
  { type: 'built', results: [] },
]).state;

describe('the watch reducer', () => {
  it('parses first, then builds the whole selection once as the initial build', () => {
    const { actions, state } = run([
      { type: 'requested', request: { kind: 'all' } },
      { type: 'idle' },
      { type: 'parsed', request: { kind: 'all' }, graph: first },
    ]);
    expect(actions[0]).toEqual({ kind: 'wait' });
    expect(actions[1]).toEqual({ kind: 'parse', request: { kind: 'all' } });
    expect(actions[2]).toMatchObject({
      kind: 'build',
      graph: first,
      only: undefined,
      why: 'initial build',
      initial: true,
    });
    expect(state.good).toBe(first);
  });

  it('builds what a save changed and its dependants; a removed node leaves the failed set', () => {
    const failing = run([{ type: 'built', results: [{ id: c, status: 'error' }] }], started).state;
    const next = graph(
      [
        [a, '2'],
        [b, '1'],
      ],
      { [a]: [b] },
    );
    const { actions, state } = run(
      [
        { type: 'requested', request: { kind: 'files', files: ['models/a.sql'] } },
        { type: 'idle' },
        { type: 'parsed', request: { kind: 'files', files: ['models/a.sql'] }, graph: next },
      ],
      failing,
    );
    expect(actions[2]).toMatchObject({
      kind: 'build',
      only: new Set([a, b]),
      why: 'changed: models/a.sql',
      removed: [c],
      previous: first,
      initial: false,
    });
    expect(state.failed.size).toBe(0);
  });

  it('keeps the last good graph through a parse with errors, and diffs the fix against it', () => {
    const save = { kind: 'files', files: ['models/b.sql'] } as const;
    const broken = run(
      [
        { type: 'requested', request: save },
        { type: 'idle' },
        { type: 'parsed', request: save, graph: undefined },
      ],
      started,
    );
    expect(broken.actions[2]).toEqual({ kind: 'wait' });
    expect(broken.state.good).toBe(first);
    const fixed = graph([
      [a, '1'],
      [b, '2'],
      [c, '1'],
    ]);
    const { actions } = run(
      [
        { type: 'requested', request: save },
        { type: 'idle' },
        { type: 'parsed', request: save, graph: fixed },
      ],
      broken.state,
    );
    expect(actions[2]).toMatchObject({ kind: 'build', only: new Set([b]) });
  });

  it('queues what comes during a cycle: keys first, in order, then one cycle for every file saved', () => {
    expect(
      takeBatch([
        { kind: 'files', files: ['x.sql'] },
        { kind: 'failed' },
        { kind: 'files', files: ['y.sql', 'x.sql'] },
        { kind: 'all' },
      ]),
    ).toEqual([{ kind: 'failed' }, { kind: 'all' }, { kind: 'files', files: ['x.sql', 'y.sql'] }]);
    const busy = run(
      [
        { type: 'requested', request: { kind: 'files', files: ['x.sql'] } },
        { type: 'idle' },
        { type: 'requested', request: { kind: 'all' } },
        { type: 'requested', request: { kind: 'files', files: ['y.sql'] } },
      ],
      started,
    );
    expect(busy.actions[1]).toEqual({ kind: 'parse', request: { kind: 'files', files: ['x.sql'] } });
    expect(busy.state.queue).toHaveLength(2);
    const { actions } = run(
      [
        { type: 'parsed', request: { kind: 'files', files: ['x.sql'] }, graph: undefined },
        { type: 'parsed', request: { kind: 'all' }, graph: undefined },
      ],
      busy.state,
    );
    expect(actions).toEqual([
      { kind: 'parse', request: { kind: 'all' } },
      { kind: 'parse', request: { kind: 'files', files: ['y.sql'] } },
    ]);
  });

  it('counts errors, failed tests and skips as failed until they run cleanly; f rebuilds exactly those', () => {
    const failed = run(
      [
        {
          type: 'built',
          results: [
            { id: a, status: 'success' },
            { id: b, status: 'skipped' },
            { id: c, status: 'fail' },
          ],
        },
      ],
      started,
    ).state;
    expect([...failed.failed].sort()).toEqual([b, c]);
    const { actions, state } = run(
      [
        { type: 'requested', request: { kind: 'failed' } },
        { type: 'idle' },
        {
          type: 'built',
          results: [
            { id: b, status: 'success' },
            { id: c, status: 'pass' },
          ],
        },
      ],
      failed,
    );
    expect(actions[1]).toMatchObject({
      kind: 'build',
      graph: first,
      only: new Set([b, c]),
      why: 'rebuilding what failed',
    });
    expect(actions[2]).toEqual({ kind: 'wait' });
    expect(state.failed.size).toBe(0);
  });

  it('ignores f before a first good parse', () => {
    expect(run([{ type: 'requested', request: { kind: 'failed' } }, { type: 'idle' }]).actions[1]).toEqual({
      kind: 'wait',
    });
  });

  it('when stopping, finishes the batch under way and starts no new one', () => {
    const busy = run(
      [
        { type: 'requested', request: { kind: 'all' } },
        { type: 'requested', request: { kind: 'failed' } },
        { type: 'idle' },
        { type: 'requested', request: { kind: 'files', files: ['x.sql'] } },
        { type: 'stop' },
      ],
      started,
    );
    const { actions, state } = run(
      [
        { type: 'parsed', request: { kind: 'all' }, graph: first },
        { type: 'built', results: [] },
        { type: 'built', results: [] },
      ],
      busy.state,
    );
    expect(actions[0]).toMatchObject({ kind: 'build', why: 'rebuilding the selection' });
    expect(actions[1]).toMatchObject({ kind: 'build', why: 'rebuilding what failed' });
    expect(actions[2]).toEqual({ kind: 'wait' });
    expect(state.queue).toHaveLength(1);
  });

  it('after a cycle threw, drops the rest of its batch; what was queued meanwhile waits for the next request', () => {
    const busy = run(
      [
        { type: 'requested', request: { kind: 'all' } },
        { type: 'requested', request: { kind: 'failed' } },
        { type: 'idle' },
        { type: 'requested', request: { kind: 'files', files: ['x.sql'] } },
        { type: 'crashed' },
      ],
      started,
    );
    expect(busy.state.batch).toEqual([]);
    expect(run([{ type: 'idle' }], busy.state).actions[0]).toEqual({
      kind: 'parse',
      request: { kind: 'files', files: ['x.sql'] },
    });
  });
});
