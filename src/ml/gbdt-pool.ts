/**
 * Runs the learner's level tasks on worker threads, each owning a contiguous range of features of the
 * shared data; the main thread merges their best splits in feature order, so the result is the same
 * as one thread scanning every feature. With one thread, or from TypeScript sources where no
 * compiled worker exists (vitest without a build), the work runs in this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runLevelTask, type LevelTask, type SharedData, type SplitCandidate } from './gbdt-kernel.js';

export interface LevelRunner {
  readonly threads: number;
  run(task: LevelTask): Promise<(SplitCandidate | null)[]>;
  close(): Promise<void>;
}

/** Where the compiled worker is: beside this module when compiled or bundled, else in dist/. */
function workerUrl(): URL | undefined {
  if (!import.meta.url.endsWith('.ts')) return new URL('./gbdt-worker.js', import.meta.url);
  const built = new URL('../../dist/ml/gbdt-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : undefined;
}

export function startRunner(data: SharedData, features: number, threads: number): LevelRunner {
  const url = workerUrl();
  const count = Math.max(1, Math.min(threads, features));
  if (count === 1 || !url) {
    return { threads: 1, run: async (task) => runLevelTask(data, task, 0, features), close: async () => undefined };
  }
  const workers = Array.from({ length: count }, (_, i) => {
    const from = Math.floor((i * features) / count), to = Math.floor(((i + 1) * features) / count);
    return new Worker(url, { workerData: { data, from, to } });
  });
  const ask = (worker: Worker): Promise<(SplitCandidate | null)[]> => new Promise((resolve, reject) => {
    const fail = (error: unknown): void => reject(error instanceof Error ? error : new Error(String(error)));
    worker.once('error', fail);
    worker.once('message', (value: (SplitCandidate | null)[]) => { worker.off('error', fail); resolve(value); });
  });
  return {
    threads: count,
    async run(task) {
      const pending = workers.map((w) => ask(w));
      workers.forEach((w) => w.postMessage(task));
      const parts = await Promise.all(pending);
      return task.search.map((_, s) => mergeBest(parts.map((p) => p[s] ?? null)));
    },
    async close() { await Promise.all(workers.map((w) => w.terminate())); },
  };
}

/** The first best across feature ranges in order: ties keep the lower feature, as a single scan does. */
function mergeBest(candidates: (SplitCandidate | null)[]): SplitCandidate | null {
  let best: SplitCandidate | null = null;
  for (const c of candidates) if (c && (best === null || c.gain > best.gain + 1e-12)) best = c;
  return best;
}
