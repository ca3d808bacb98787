/**
 * Writes compiled SQL files off the main thread, synchronously (fastest for many small files),
 * while the main thread renders and streams the manifest. Messages: a batch `{ dirs, files }`, then
 * `'end'`, answered with `'done'`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

export interface FileBatch {
  readonly dirs: readonly string[];
  readonly files: readonly (readonly [string, string])[];
}

export function writeBatchNow(batch: FileBatch): void {
  for (const dir of batch.dirs) mkdirSync(dir, { recursive: true });
  for (const [file, text] of batch.files) writeFileSync(file, text);
}

const port = parentPort;
if (port) {
  port.on('message', (message: FileBatch | 'end') => {
    if (message === 'end') port.postMessage('done');
    else writeBatchNow(message);
  });
}
