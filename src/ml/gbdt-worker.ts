/**
 * A histogram worker: owns a range of features of the shared training data and runs level tasks on
 * them (see gbdt-kernel.ts). Started by gbdt-pool.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runLevelTask, type LevelTask, type SharedData } from './gbdt-kernel.js';

interface Init {
  readonly data: SharedData;
  readonly from: number;
  readonly to: number;
}

if (parentPort) {
  const port = parentPort;
  const { data, from, to } = workerData as Init;
  port.on('message', (task: LevelTask) => port.postMessage(runLevelTask(data, task, from, to)));
}
