import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadManifest, type LoadOptions, type LoadResult } from '../manifest/index.js';
import { fullCollection } from './collect.js';

/**
 * The yaml library's parse of a large manifest is the most memory-hungry moment of a run: it builds
 * its token tree and document for every line at once (about 100 MB of short-lived objects for
 * 10,000 keys), and V8 keeps the heap it grew for them for the rest of the process, under the
 * refresh and the apply. The usual manifest never gets there: the strict parse (strict-yaml.ts)
 * reads it in process at a fraction of that. A manifest of LARGE_MANIFEST_BYTES or more that the
 * strict parse refuses (anchors, tags, a syntax error...) is loaded again in a worker thread: its
 * heap, garbage included, is released when the worker ends, and only the result (plain data:
 * DesiredState and diagnostics, no material bytes) is copied back. Smaller manifests load in
 * process either way, where a worker's start-up would cost more than it saves.
 */
export const LARGE_MANIFEST_BYTES = 256 * 1024;

/** The compiled worker entry; absent when running from TypeScript sources (tests), which load in process. */
const ENTRY = new URL('./manifest-load-entry.js', import.meta.url);

export interface WorkerRequest {
  file: string;
  opts: LoadOptions;
}

/**
 * `auto`: in process, and in a worker for a large manifest the strict parse refuses, when the
 * compiled entry exists; tests force either way.
 */
export type LoadThread = 'auto' | 'worker' | 'in-process';

let threadsStarted = 0;

/** Loader threads this process has started (for tests: which way `auto` went). */
export function loaderThreadsStarted(): number {
  return threadsStarted;
}

export async function loadManifestFile(file: string, opts: LoadOptions, thread: LoadThread = 'auto'): Promise<LoadResult> {
  if (thread === 'in-process' || (thread === 'auto' && !useWorker(file))) return loadManifest(file, opts);
  if (thread === 'auto') {
    const here = await loadManifest(file, { ...opts, documentParse: 'decline' });
    if (!here.declined) return here;
    // Refused by the strict parse: the thread goes straight to the yaml library's.
    return inWorker(file, { ...opts, documentParse: 'only' });
  }
  return inWorker(file, opts);
}

function inWorker(file: string, opts: LoadOptions): Promise<LoadResult> {
  const request: WorkerRequest = { file, opts };
  threadsStarted++;
  return new Promise<LoadResult>((resolve, reject) => {
    // A small nursery: the parse allocates in one long burst, and V8's default lets the young
    // generation grow to tens of MB on top of the old one (10,000 keys: 177 -> 160 MB peak RSS).
    const worker = new Worker(fileURLToPath(ENTRY), { workerData: request, env: opts.env, stdout: false, stderr: false, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    let answered = false;
    worker.once('message', (result: LoadResult) => {
      answered = true;
      resolve(shareStrings(result));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the manifest loader thread ended (code ${code}) without a result`));
    });
  });
}

function useWorker(file: string): boolean {
  return isLarge(file) && existsSync(fileURLToPath(ENTRY));
}

function isLarge(file: string): boolean {
  try {
    return statSync(file).size >= LARGE_MANIFEST_BYTES;
  } catch {
    // Unreadable: loadManifest reports it with the usual diagnostic.
    return false;
  }
}

/**
 * For a command that loads a manifest in its own thread and ends (validate): a large one is
 * collected right after the yaml library's parse, as the loader thread collects
 * (manifest-load-entry.ts). The collector is fetched only then: the strict parse never asks for it.
 */
export function collectAfterParse(file: string): Pick<LoadOptions, 'afterParse'> {
  return isLarge(file) ? { afterParse: collectNow } : {};
}

/** V8's full collection, when V8 gives one (collect.ts). */
export function collectNow(): void {
  fullCollection()?.();
}

/**
 * The same data, with one instance of each string value. A structured clone makes a string for
 * every place one occurs: a 10,000-key result carries its provider name, key spec, wrapping
 * algorithm, file name and the like 10,000 times each (about 3 MB kept for the whole run). Plain
 * data only (what the loader thread sends): arrays and objects are walked, other values kept.
 */
export function shareStrings<T>(value: T): T {
  const seen = new Map<string, string>();
  const share = (s: string): string => {
    const known = seen.get(s);
    if (known !== undefined) return known;
    seen.set(s, s);
    return s;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return share(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
    } else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = walk(o[k]);
    }
    return v;
  };
  return walk(value) as T;
}
