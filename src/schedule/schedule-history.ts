/**
 * `forge schedule`'s run history, one JSON line per run (or missed tick) in
 * `.forge/schedule_history.jsonl`, and the lock that keeps two schedulers off one project.
 */
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Codes } from '../errors/codes.js';
import { ForgeError } from '../errors/diagnostic.js';

export type ScheduledStatus = 'success' | 'failed' | 'error' | 'interrupted' | 'missed';

export interface ScheduledRun {
  readonly run: number;
  readonly status: ScheduledStatus;
  readonly scheduledFor: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly seconds?: number;
  /** Node counts by status (success, error, skipped, pass, warn, fail). */
  readonly nodes?: Readonly<Record<string, number>>;
  readonly message?: string;
}

const historyFile = (projectDir: string): string => path.join(projectDir, '.forge', 'schedule_history.jsonl');
const lockFile = (projectDir: string): string => path.join(projectDir, '.forge', 'schedule.lock');

export async function appendHistory(projectDir: string, entry: ScheduledRun): Promise<void> {
  await mkdir(path.dirname(historyFile(projectDir)), { recursive: true });
  await appendFile(historyFile(projectDir), `${JSON.stringify(entry)}\n`);
}

export async function readHistory(projectDir: string): Promise<ScheduledRun[]> {
  const text = await readFile(historyFile(projectDir), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as ScheduledRun];
      } catch {
        return [];
      }
    });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the project's schedule lock atomically (a stale one, whose process is gone, is taken over); returns its release. */
export async function takeScheduleLock(projectDir: string, cron: string): Promise<() => Promise<void>> {
  const file = lockFile(projectDir);
  await mkdir(path.dirname(file), { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, cron, since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, mine, { flag: 'wx' });
      return async () => {
        await rm(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = await readFile(file, 'utf8')
      .then((t) => JSON.parse(t) as { pid: number; cron: string; since: string })
      .catch(() => undefined);
    if (held && alive(held.pid)) {
      throw ForgeError.of(
        Codes.scheduleBusy,
        `a schedule already runs this project: PID ${held.pid}, "${held.cron}", since ${held.since}`,
        undefined,
        'stop it (kill -TERM it: it exits after its current node) before starting another',
      );
    }
    await rm(file, { force: true });
  }
  throw ForgeError.of(
    Codes.scheduleBusy,
    `could not take the schedule lock ${file}`,
    undefined,
    'another schedule started at the same moment',
  );
}
