import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManifestSource } from '../../../src/daemon/manifest-source.js';
import { Reconciler } from '../../../src/daemon/reconciler.js';
import { DEFAULT_RETRY } from '../../../src/daemon/retry.js';
import type { Scope } from '../../../src/daemon/scope.js';
import type { DesiredState } from '../../../src/core/types.js';
import { loadDesired, type Session } from '../../../src/engine/session.js';
import type { FileLock } from '../../../src/engine/file-lock.js';
import { createLogger, type Logger } from '../../../src/log.js';
import { LocalSimulator } from '../../../src/sim/simulator.js';
import type { Provider } from '../../../src/providers/port.js';
import { FakeClock, seeded } from './clock.js';
import { memoryLock } from './memory-lock.js';
import { localProviderOver as providerOver } from '../../../src/providers/local/provider.js';

export const T0 = Date.parse('2030-01-01T00:00:00Z');

/** A two-key manifest (`short` renews after 80 days, `long` after 300) in a fresh directory. */
export function smallManifest(name = 'daemon-test'): { dir: string; file: string; write(text: string): void; valid: string } {
  const dir = mkdtempSync(join(tmpdir(), 'byok-daemon-'));
  writeFileSync(join(dir, 'a.bin'), Buffer.alloc(32, 1), { mode: 0o600 });
  writeFileSync(join(dir, 'b.bin'), Buffer.alloc(32, 2), { mode: 0o600 });
  const valid = `version: 1
name: ${name}
defaults:
  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }
keys:
  short:
    material: { file: a.bin }
    expiration: { validFor: 90d, renewBefore: 10d }
  long:
    material: { file: b.bin }
    expiration: { validFor: 365d, renewBefore: 65d }
`;
  const file = join(dir, 'keys.yaml');
  writeFileSync(file, valid);
  return { dir, file, valid, write: (text) => writeFileSync(file, text) };
}

export interface Harness {
  clock: FakeClock;
  sim: LocalSimulator;
  lines: Record<string, unknown>[];
  log: Logger;
  lock: ReturnType<typeof memoryLock>;
  /** Replaces the provider every session gets (fault injection). */
  provider: Provider;
  daemon(scope: Scope, opts?: { lock?: (d: DesiredState) => Promise<FileLock> }): Promise<Reconciler>;
}

/** A Reconciler over an in-memory simulator, the real manifest loader and planner, JSON logs captured. */
export function harness(file: string, dir: string): Harness {
  const clock = new FakeClock(T0);
  const sim = new LocalSimulator({ clock, wrappingKeyPool: 1 });
  const lines: Record<string, unknown>[] = [];
  const log = createLogger('json', (line) => lines.push(JSON.parse(line) as Record<string, unknown>), 'debug');
  const lock = memoryLock();
  const h: Harness = {
    clock,
    sim,
    lines,
    log,
    lock,
    provider: providerOver('local', sim),
    async daemon(scope, opts = {}) {
      const load = async () => (await loadDesired(file, dir, {})).desired;
      const open = async (d: DesiredState): Promise<Session> => ({ desired: d, providers: new Map([['local', h.provider]]), clock, close: async () => {} });
      return new Reconciler({
        manifest: new ManifestSource(load, await load()),
        open,
        lock: opts.lock ?? (() => lock.take('test daemon')),
        clock,
        log,
        scope,
        health: { failureThreshold: 3 },
        retry: DEFAULT_RETRY,
        random: seeded(1),
        processMetrics: false,
      });
    },
  };
  return h;
}

/** One sample of a metric from Prometheus text, or undefined. */
export async function metric(r: Reconciler, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const text = await r.metrics.registry.metrics();
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (want.every((w) => line.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}
