/**
 * Builds node histograms on worker threads: each takes a fixed share of the row chunks (chunk c to
 * thread c mod threads), all writing shared partial histograms that the main thread then merges in
 * chunk order — so any thread count gives the same model. With one thread, or from TypeScript
 * sources where no compiled worker exists (vitest without a build), the work runs in this thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildChunks, CHUNKS, type NodeRows, type SharedData } from './gbdt-kernel.js';

export interface HistogramRunner {
  readonly threads: number;
  /** Fills the partial histograms of these nodes. */
  build(builds: readonly NodeRows[]): Promise<void>;
  close(): Promise<void>;
}

/** Where the compiled worker is: beside this module when compiled or bundled, else in dist/. */
function workerUrl(): URL | undefined {
  if (!import.meta.url.endsWith('.ts')) return new URL('./gbdt-worker.js', import.meta.url);
  const built = new URL('../../../dist/ml/learn/gbdt-worker.js', import.meta.url);
  return existsSync(fileURLToPath(built)) ? built : undefined;
}

export function startRunner(data: SharedData, threads: number): HistogramRunner {
  const url = workerUrl();
  const count = Math.max(1, Math.min(threads, CHUNKS));
  if (count === 1 || !url) {
    return {
      threads: 1,
      build: async (builds) => buildChunks(data, builds, 0, 1),
      close: async () => undefined,
    };
  }
  const workers = Array.from(
    { length: count },
    (_, thread) =>
      new Worker(url, {
        workerData: { data: { ...data, hist: new Float64Array(0) }, thread, threads: count },
      }),
  );
  const done = (worker: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      const fail = (error: unknown): void =>
        reject(error instanceof Error ? error : new Error(String(error)));
      worker.once('error', fail);
      worker.once('message', () => {
        worker.off('error', fail);
        resolve();
      });
    });
  return {
    threads: count,
    async build(builds) {
      if (builds.length === 0) return;
      const pending = workers.map(done);
      workers.forEach((w) => w.postMessage(builds));
      await Promise.all(pending);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
