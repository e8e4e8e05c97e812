import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { TAG, type DesiredState } from '../../src/core/types.js';
import { ManifestSource } from '../../src/daemon/manifest-source.js';
import { Reconciler } from '../../src/daemon/reconciler.js';
import { DEFAULT_RETRY } from '../../src/daemon/retry.js';
import type { TickResult, Trigger } from '../../src/daemon/result.js';
import type { Scope } from '../../src/daemon/scope.js';
import { loadDesired, type Session } from '../../src/engine/session.js';
import { createLogger } from '../../src/log.js';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { DAY, FakeClock, HOUR, seeded } from './support/clock.js';
import { emptyStats, withFaults } from './support/faults.js';
import { minimumRenewals, writeFleet } from './support/fleet.js';
import { memoryLock } from './support/memory-lock.js';
import { localProviderOver as providerOver } from '../../src/providers/local/provider.js';

const KEYS = 200;
const SPAN = 730 * DAY;
const TICK = 6 * HOUR;
const FAULT_RATE = 0.05;
/** A restarted pod comes back after about a minute and runs its start-up tick. */
const RESTART_DELAY = 60_000;

/**
 * Two simulated years of `reconcile daemon --scope renew` over 200 keys, a tick every 6 hours,
 * 5% of provider calls failing (throttling, 5xx, lost responses, kills mid-apply). The daemon loop
 * is the real one (Reconciler: manifest, lock, refresh, plan, scope, apply, record, retry policy);
 * only time and the provider's transport are simulated.
 */
describe('long-run simulation', () => {
  const rand = seeded(0x5eed_2030);
  const fleet = writeFleet(KEYS, rand);
  afterAll(() => rmSync(fleet.dir, { recursive: true, force: true }));

  it('keeps every material alive for two years under random faults', async () => {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const clock = new FakeClock(Date.parse('2030-01-01T00:00:00Z'));
    const { desired } = await loadDesired(fleet.manifest, fleet.dir, {});
    const sim = new LocalSimulator({ clock, wrappingKeyPool: 2 });
    for (const b of fleet.buckets) sim.createBucket({ Bucket: b });

    const faults = emptyStats();
    const faultRandom = seeded(7);
    let tickAbort = new AbortController();
    const provider = withFaults(providerOver('fleet', sim), { rate: FAULT_RATE, random: faultRandom, onCrash: () => tickAbort.abort() }, faults);
    const open = async (d: DesiredState): Promise<Session> => ({ desired: d, providers: new Map([['fleet', provider]]), clock, close: async () => {} });
    const log = createLogger('silent', () => undefined);
    const retryRandom = seeded(11);
    const applyLock = memoryLock();
    const daemon = (scope: Scope) =>
      new Reconciler({
        // The manifest is re-read every tick in production; here its parse is cached (it never changes).
        manifest: new ManifestSource(async () => desired, desired),
        open,
        lock: () => applyLock.take('simulated daemon'),
        clock,
        log,
        scope,
        health: { failureThreshold: 3 },
        retry: DEFAULT_RETRY,
        random: retryRandom,
        processMetrics: false,
      });

    const figures = { ticks: 0, scheduled: 0, retries: 0, restarts: 0, failed: 0, renewals: 0, unhealthyAfterTick: 0 };
    let currentScope: Scope = 'all';
    let reconciler = daemon(currentScope);

    /** One scheduled slot: the tick, then the retries the daemon asks for, restarts after a kill. */
    const slot = async (nextSlotAt: number, check: () => void): Promise<TickResult> => {
      let trigger: Trigger = 'scheduled';
      figures.scheduled++;
      for (let i = 0; ; i++) {
        tickAbort = new AbortController();
        const run = await reconciler.tick({ trigger, signal: tickAbort.signal });
        figures.ticks++;
        if (run.result === 'failure') figures.failed++;
        figures.renewals += run.outcomes.filter((o) => o.kind === 'reimport-material' && o.result === 'applied').length;
        check();
        expect(i, 'runaway retries within one slot').toBeLessThan(25);
        if (tickAbort.signal.aborted) {
          // Killed mid-apply: the process and everything it remembered are gone; the pod restarts.
          figures.restarts++;
          reconciler = daemon(currentScope);
          clock.advance(RESTART_DELAY);
          trigger = 'start';
          continue;
        }
        const delay = reconciler.retryAfter(run, nextSlotAt - clock.now().getTime());
        if (delay === null) return run;
        figures.retries++;
        clock.advance(delay);
        trigger = 'retry';
      }
    };

    // Phase 1: bootstrap with scope `all` (creates, imports, aliases, buckets) under the same faults.
    const start = clock.now().getTime();
    for (let i = 0; ; i++) {
      expect(i, 'bootstrap converges').toBeLessThan(40);
      const run = await slot(clock.now().getTime() + TICK, () => undefined);
      clock.advance(TICK - ((clock.now().getTime() - start) % TICK));
      if (run.result === 'success' && run.outcomes.length === 0 && run.heldBack === 0) break;
    }

    const keyNameOf = new Map<string, string>();
    for (const k of await providerOver('audit', sim).keys.listManagedKeys(desired.name)) keyNameOf.set(k.keyId, k.tags[TAG.key]!);
    expect(keyNameOf.size).toBe(KEYS);
    expect(new Set(keyNameOf.values()).size, 'one key per manifest key').toBe(KEYS);

    /** Read straight from the simulator, past the fault injector. */
    const audit = (when: string) => {
      const now = clock.now();
      const listed = sim.listKeys({ Limit: 1000 });
      expect(listed.Truncated).toBe(false);
      expect(listed.Keys.length, `${when}: no key created or duplicated`).toBe(KEYS);
      for (const { KeyId } of listed.Keys) {
        const md = sim.describeKey({ KeyId }).KeyMetadata;
        if (md.KeyState !== 'Enabled' || !md.ValidTo || md.ValidTo <= now) {
          expect.fail(`${when} ${now.toISOString()}: ${keyNameOf.get(KeyId)} (${KeyId}) is ${md.KeyState}, ValidTo ${md.ValidTo?.toISOString()}`);
        }
      }
    };

    // Phase 2: two years of the default scope.
    currentScope = 'renew';
    reconciler = daemon('renew');
    const phase2 = clock.now().getTime();
    const end = phase2 + SPAN;
    while (clock.now().getTime() < end) {
      const slotAt = clock.now().getTime();
      audit('before tick');
      await slot(slotAt + TICK, () => audit('after tick'));
      if (!reconciler.health().healthy) figures.unhealthyAfterTick++;
      clock.advance(slotAt + TICK - clock.now().getTime());
    }
    audit('end');
    expect(applyLock.holder, 'every run released the lock, kills included').toBeNull();
    expect(applyLock.holds).toBe(figures.ticks);
    const seconds = (performance.now() - wall) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const cpuSeconds = (user + system) / 1e6;

    // The figures the report quotes; the assertions keep the injection and the loop honest.
    console.info(JSON.stringify({ keys: KEYS, simulatedDays: SPAN / DAY, ...figures, faults, seconds: Math.round(seconds * 10) / 10, cpuSeconds: Math.round(cpuSeconds * 10) / 10 }));
    expect(figures.renewals).toBeGreaterThanOrEqual(minimumRenewals(fleet.keys, SPAN));
    expect(faults.byKind.throttled).toBeGreaterThan(0);
    expect(faults.byKind.unavailable).toBeGreaterThan(0);
    expect(faults.byKind['response-lost']).toBeGreaterThan(0);
    expect(faults.byKind.crash).toBeGreaterThan(0);
    expect(figures.retries).toBeGreaterThan(0);
    expect(figures.restarts).toBeGreaterThan(0);
  }, 120_000);
});
