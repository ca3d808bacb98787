/**
 * Collects compiled files in batches and hands them to a writer thread; from TypeScript sources
 * (vitest), where there is no compiled worker to start, it writes in this thread.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeBatchNow, type FileBatch } from './write-files-worker.js';

const BATCH = 1000;

export class FileWriter {
  private files: [string, string][] = [];
  private readonly dirs = new Set<string>();
  private readonly worker: Worker | undefined;
  count = 0;

  constructor() {
    const fromSources = import.meta.url.endsWith('.ts');
    this.worker = fromSources ? undefined : new Worker(new URL('./write-files-worker.js', import.meta.url));
  }

  add(file: string, text: string): void {
    this.files.push([file, text]);
    this.count++;
    if (this.files.length >= BATCH) this.flush();
  }

  private flush(): void {
    const dirs = [...new Set(this.files.map(([file]) => path.dirname(file)))].filter(
      (d) => !this.dirs.has(d),
    );
    for (const dir of dirs) this.dirs.add(dir);
    const batch: FileBatch = { dirs, files: this.files };
    this.files = [];
    if (this.worker) this.worker.postMessage(batch);
    else writeBatchNow(batch);
  }

  /** Writes what is left and waits until every file is on disk. */
  async close(): Promise<void> {
    this.flush();
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.postMessage('end');
    });
    await worker.terminate();
  }
}
