import { parentPort, workerData } from 'node:worker_threads';
import { loadManifest } from '../manifest/index.js';
import type { WorkerRequest } from './manifest-load.js';

/** Worker thread entry of manifest-load.ts: load, post the plain result, end (and with it this heap). */
const { file, opts } = workerData as WorkerRequest;
parentPort!.postMessage(await loadManifest(file, { ...opts, env: process.env }));
