/**
 * The AWS-wire sandbox the benchmark talks to, either in a child process (the default: its CPU
 * and memory then never count against the client's timing and RSS) or in this process (the smoke
 * test, which runs from TypeScript sources that cannot be forked without a loader).
 * Either way the counters are read over HTTP (`/_sandbox/stats`), so both look the same.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WrappingKeySpec } from '../src/core/specs.js';
import { LocalSimulator } from '../src/sim/simulator.js';
import { wrappingKeySource } from '../src/sim/wrapping-keys.js';
import { startSandbox } from '../src/wire/aws/server.js';
import type { QuotaSetting, SandboxStats } from '../src/wire/aws/types.js';
import { httpCounters } from './sandbox-http.js';

export interface SandboxSpec {
  latencyMs: number;
  quotas: QuotaSetting;
  /** RSA pairs reused per spec; generated before the sandbox answers, so no phase pays for them. */
  wrappingKeyPool: number;
  warmSpecs: WrappingKeySpec[];
  /** Buckets that exist before the run (the tool configures buckets, never creates them). */
  buckets: string[];
}

/** What the sandbox child sends its parent. */
export type SandboxMessage = { type: 'ready'; url: string } | { type: 'cpu'; ms: number };

export interface SandboxHost {
  url: string;
  /** Process id of the sandbox, or null when it runs in this process. */
  pid: number | null;
  stats(): Promise<SandboxStats>;
  resetStats(): Promise<void>;
  /** Switches the quotas the sandbox enforces (`POST /_sandbox/quotas`) and returns what it now enforces. */
  setQuotas(quotas: QuotaSetting): Promise<QuotaSetting>;
  /** CPU time (user + system, ms) the sandbox process has used; null when it shares this process. */
  cpuMs(): Promise<number | null>;
  close(): Promise<void>;
}

/** Builds and serves the simulator; used by the child entry and by the in-process mode. */
export async function serveSandbox(spec: SandboxSpec): Promise<{ url: string; close(): Promise<void> }> {
  const wrappingKeys = wrappingKeySource(spec.wrappingKeyPool);
  if (spec.wrappingKeyPool > 0) {
    await Promise.all(spec.warmSpecs.flatMap((s) => Array.from({ length: spec.wrappingKeyPool }, () => wrappingKeys.get(s))));
  }
  const sim = new LocalSimulator({ clock: { now: () => new Date() }, wrappingKeys });
  for (const b of spec.buckets) sim.createBucket({ Bucket: b });
  const handle = await startSandbox({ sim, port: 0, latencyMs: spec.latencyMs, quotas: spec.quotas });
  return { url: handle.url, close: () => handle.close() };
}

export async function startSandboxHost(spec: SandboxSpec, isolated: boolean): Promise<SandboxHost> {
  if (!isolated) {
    const served = await serveSandbox(spec);
    return { ...httpCounters(served.url), url: served.url, pid: null, cpuMs: async () => null, close: served.close };
  }
  const entry = fileURLToPath(new URL('./sandbox-entry.js', import.meta.url));
  const child = fork(entry, [JSON.stringify(spec)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as SandboxMessage & { type: 'ready' }).url));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`sandbox process exited (code ${code}) before it was ready`)));
  });
  return {
    ...httpCounters(url),
    url,
    pid: child.pid ?? null,
    cpuMs: () =>
      new Promise<number>((resolve) => {
        const onMessage = (m: SandboxMessage) => {
          if (m.type !== 'cpu') return;
          child.off('message', onMessage);
          resolve(m.ms);
        };
        child.on('message', onMessage);
        child.send('cpu');
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}
