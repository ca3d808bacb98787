/**
 * `forge schedule`: runs a selection on a CRON schedule as one long-running process, so the seed's
 * daily pipeline (features, retraining when the training data changed, UDF update, marts, tests) runs
 * on one machine without an orchestrator. Runs never overlap: a tick that comes while a run is still
 * going is recorded as missed, not queued. Each run parses the project afresh (edits are picked up)
 * and opens the warehouse only while it runs, so other commands can use the DuckDB file between runs.
 * A stop request (an aborted signal: the CLI's SIGTERM, SIGINT) lets the running nodes finish, starts nothing new, and exits.
 */
import type { EventSink } from '../report/events.js';
import { runFailed, type RunOptions } from '../api/build.js';
import { runProject } from '../api/run-project.js';
import type { ForgeOptions, Selection } from '../api/forge.js';
import { hasErrors } from '../errors/diagnostic.js';
import { nextFire, type Cron } from './cron.js';
import {
  appendHistory,
  takeScheduleLock,
  type ScheduledRun,
  type ScheduledStatus,
} from './schedule-history.js';

interface ScheduleInput {
  readonly projectDir: string;
  readonly cron: Cron;
  readonly selection: Selection;
  readonly run: RunOptions;
  /** Stop after this many runs (CI, tests); unset: until stopped. */
  readonly maxRuns?: number;
}

/** Waits until `when`, or until `stop` aborts; true when the time came. */
async function sleepUntil(when: Date, stop: AbortSignal): Promise<boolean> {
  if (stop.aborted) return false;
  const ms = when.getTime() - Date.now();
  if (ms > 0) {
    await new Promise<void>((resolve) => {
      // long waits in slices: a timer of more than 2^31 ms fires at once
      const wake = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(
        () => {
          stop.removeEventListener('abort', wake);
          resolve();
        },
        Math.min(ms, 2 ** 30),
      );
      stop.addEventListener('abort', wake, { once: true });
    });
  }
  if (stop.aborted) return false;
  return Date.now() >= when.getTime() ? true : sleepUntil(when, stop);
}

/**
 * Returns the exit code: 0 when every run succeeded (or the schedule was stopped cleanly), 1 when the last run failed.
 * An aborted `stop` (the CLI wires SIGTERM and SIGINT to it) lets the running nodes finish and starts nothing new.
 */
export async function runSchedule(
  options: ForgeOptions,
  input: ScheduleInput,
  stop: AbortSignal,
  events: EventSink,
): Promise<number> {
  const release = await takeScheduleLock(input.projectDir, input.cron.text);
  let last: ScheduledStatus = 'success';
  try {
    for (let run = 1; input.maxRuns === undefined || run <= input.maxRuns; run++) {
      const due = nextFire(input.cron, new Date());
      if (!due) {
        events({ type: 'info', message: `schedule: "${input.cron.text}" never fires again` });
        break;
      }
      events({
        type: 'info',
        message: `schedule: run ${run} at ${due.toISOString()} (${input.cron.text}, UTC)`,
      });
      if (!(await sleepUntil(due, stop))) break;
      const entry = await runOnce(options, input, stop, run, due, events);
      last = entry.status;
      await appendHistory(input.projectDir, entry);
      events({
        type: 'info',
        message: `schedule: run ${run} ${entry.status} in ${entry.seconds?.toFixed(1)}s`,
      });
      await recordMissed(input, due, new Date(entry.finishedAt ?? Date.now()), run, events);
      if (stop.aborted) break;
    }
  } finally {
    await release();
  }
  if (stop.aborted) events({ type: 'info', message: 'schedule: stopped' });
  return last === 'failed' || last === 'error' ? 1 : 0;
}

async function runOnce(
  options: ForgeOptions,
  input: ScheduleInput,
  signal: AbortSignal,
  run: number,
  due: Date,
  events: EventSink,
): Promise<ScheduledRun> {
  const startedAt = new Date();
  const stop = { requested: () => signal.aborted, reason: 'the schedule was stopped' };
  const base = { run, scheduledFor: due.toISOString(), startedAt: startedAt.toISOString() };
  try {
    const outcome = await runProject(options, input.selection, { ...input.run, stop }, events);
    const nodes: Record<string, number> = {};
    for (const r of outcome.results) nodes[r.status] = (nodes[r.status] ?? 0) + 1;
    const failed = runFailed([], outcome.results);
    const status: ScheduledStatus = hasErrors(outcome.diagnostics)
      ? 'error'
      : failed
        ? 'failed'
        : signal.aborted
          ? 'interrupted'
          : 'success';
    return {
      ...base,
      status,
      finishedAt: new Date().toISOString(),
      seconds: (Date.now() - startedAt.getTime()) / 1000,
      nodes,
      ...(hasErrors(outcome.diagnostics)
        ? {
            message: outcome.diagnostics
              .filter((d) => d.severity === 'error')
              .map((d) => `${d.code} ${d.message}`)
              .join('; '),
          }
        : {}),
    };
  } catch (error) {
    return {
      ...base,
      status: 'error',
      finishedAt: new Date().toISOString(),
      seconds: (Date.now() - startedAt.getTime()) / 1000,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

/** Ticks that fell while the run was going: recorded as missed (at most 100 listed), never run late. */
async function recordMissed(
  input: ScheduleInput,
  due: Date,
  finished: Date,
  run: number,
  events: EventSink,
): Promise<void> {
  let missed = 0;
  for (let t = nextFire(input.cron, due); t && t <= finished && missed < 100; t = nextFire(input.cron, t)) {
    missed++;
    await appendHistory(input.projectDir, {
      run,
      status: 'missed',
      scheduledFor: t.toISOString(),
      message: `run ${run} was still going`,
    });
  }
  if (missed > 0)
    events({
      type: 'info',
      message: `schedule: ${missed} tick(s) passed while run ${run} was going: skipped, not queued`,
    });
}
