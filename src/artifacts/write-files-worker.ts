/**
 * Writes compiled SQL files in a worker thread, synchronously (fast for many small files), while
 * the main thread streams the manifest. Receives `{ dirs, files: [path, text][] }`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

interface Job {
  readonly dirs: readonly string[];
  readonly files: readonly (readonly [string, string])[];
}

export function writeFilesNow(job: Job): void {
  for (const dir of job.dirs) mkdirSync(dir, { recursive: true });
  for (const [file, text] of job.files) writeFileSync(file, text);
}

if (parentPort && workerData) {
  writeFilesNow(workerData as Job);
  parentPort.postMessage('done');
}
