/**
 * A histogram worker: builds its share of the row chunks of each node it is sent (see
 * gbdt-kernel.ts) into the shared partial histograms. Started by gbdt-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildChunks, type NodeRows, type SharedData } from './gbdt-kernel.js';

interface Init {
  readonly data: SharedData;
  readonly thread: number;
  readonly threads: number;
}

if (parentPort) {
  const port = parentPort;
  const { data, thread, threads } = workerData as Init;
  port.on('message', (builds: NodeRows[]) => {
    buildChunks(data, builds, thread, threads);
    port.postMessage(true);
  });
}
