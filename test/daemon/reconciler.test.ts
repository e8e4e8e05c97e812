import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { TAG } from '../../src/core/types.js';
import { loadDesired } from '../../src/engine/session.js';
import { ProviderError } from '../../src/providers/port.js';
import { DAY } from './support/clock.js';
import { emptyStats, withFaults } from './support/faults.js';
import { harness, metric, smallManifest } from './support/harness.js';
import { localProviderOver as providerOver } from '../../src/providers/local/provider.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function bootstrapped() {
  const m = smallManifest();
  dirs.push(m.dir);
  const h = harness(m.file, m.dir);
  const all = await h.daemon('all');
  const first = await all.tick({ trigger: 'start' });
  expect(first.result, first.message).toBe('success');
  return { m, h };
}

const keyIdOf = async (h: Awaited<ReturnType<typeof bootstrapped>>['h'], name: string) =>
  (await providerOver('audit', h.sim).keys.listManagedKeys('daemon-test')).find((k) => k.tags[TAG.key] === name)!;

describe('Reconciler', () => {
  it('renews inside the window, records it once, and the gauge shows the new expiry', async () => {
    const { h } = await bootstrapped();
    const daemon = await h.daemon('renew');
    h.clock.advance(81 * DAY);
    const before = await keyIdOf(h, 'short');

    const run = await daemon.tick({ trigger: 'scheduled' });
    expect(run.result).toBe('success');
    expect(run.outcomes.map((o) => [o.kind, o.keyName, o.result])).toEqual([['reimport-material', 'short', 'applied']]);
    const after = await keyIdOf(h, 'short');
    expect(after.keyId).toBe(before.keyId);
    expect(Date.parse(after.validTo!)).toBe(h.clock.now().getTime() + 90 * DAY);

    expect(await metric(daemon, 'byok_material_expiry_seconds', { key: 'short', generation: '1', manifest: 'daemon-test', provider: 'local' })).toBe(90 * 86_400);
    expect(await metric(daemon, 'byok_actions_total', { kind: 'reimport-material', result: 'applied' })).toBe(1);
    expect(await metric(daemon, 'byok_runs_total', { result: 'success' })).toBe(1);
    expect(await metric(daemon, 'byok_last_success_timestamp_seconds')).toBe(h.clock.now().getTime() / 1000);
    expect(daemon.health().healthy).toBe(true);
    // The summary line is the one record of the run.
    expect(h.lines.filter((l) => String(l.msg).startsWith('run ')).at(-1)).toMatchObject({ result: 'success', trigger: 'scheduled', applied: 1 });
    // The gauge counts down between runs, from the same record.
    h.clock.advance(DAY);
    expect(await metric(daemon, 'byok_material_expiry_seconds', { key: 'short' })).toBe(89 * 86_400);
  });

  it('shows every key expiry while its first run is still applying', async () => {
    const { h } = await bootstrapped();
    const daemon = await h.daemon('renew');
    h.clock.advance(81 * DAY);
    // The renewal's import waits until released, so the run stays in flight.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const base = h.provider;
    let importing = false;
    h.provider = { ...base, keys: Object.assign(Object.create(base.keys) as typeof base.keys, {
      importMaterial: async (...args: Parameters<typeof base.keys.importMaterial>) => {
        importing = true;
        await gate;
        return base.keys.importMaterial(...args);
      },
    }) };
    expect(await metric(daemon, 'byok_material_expiry_seconds', { key: 'long' })).toBeUndefined();
    const run = daemon.tick({ trigger: 'start' });
    for (let i = 0; i < 200 && !importing; i++) await new Promise((r) => setTimeout(r, 10));
    expect(importing).toBe(true);
    expect(daemon.busy).toBe(true);
    // Read before the apply: `short` is inside its window (9 days left), `long` far from it.
    const short = await metric(daemon, 'byok_material_expiry_seconds', { key: 'short' });
    const long = await metric(daemon, 'byok_material_expiry_seconds', { key: 'long' });
    expect(short).toBeGreaterThan(8 * 86_400);
    expect(short).toBeLessThanOrEqual(9 * 86_400);
    expect(long).toBeGreaterThan(280 * 86_400);
    release();
    expect((await run).result).toBe('success');
    expect(await metric(daemon, 'byok_material_expiry_seconds', { key: 'short' })).toBeGreaterThan(89 * 86_400);
  });

  it('scope renew holds back everything but re-imports', async () => {
    const { m, h } = await bootstrapped();
    m.write(`${m.valid}  added:\n    material: { file: a.bin }\n    aliases: [alias/added]\n`);
    const daemon = await h.daemon('renew');
    const run = await daemon.tick({ trigger: 'scheduled' });
    expect(run).toMatchObject({ result: 'success', outcomes: [] });
    expect(run.heldBack).toBeGreaterThanOrEqual(3);
    expect((await providerOver('audit', h.sim).keys.listManagedKeys('daemon-test')).length).toBe(2);
    expect(h.lines.some((l) => /outside scope renew/.test(String(l.msg)))).toBe(true);
  });

  it('skips a run while another apply holds the lock: not a failure', async () => {
    const { h } = await bootstrapped();
    const daemon = await h.daemon('renew');
    h.clock.advance(81 * DAY);
    const held = await h.lock.take('reconcile --apply (pid 1)');
    const run = await daemon.tick({ trigger: 'scheduled' });
    expect(run).toMatchObject({ result: 'skipped', code: 'lock.held' });
    expect(run.message).toMatch(/reconcile --apply/);
    expect(daemon.status.consecutiveFailures).toBe(0);
    expect(await metric(daemon, 'byok_runs_total', { result: 'skipped' })).toBe(1);
    expect(await metric(daemon, 'byok_runs_total', { result: 'failure' })).toBe(0);
    // It still read the key state: a replica that keeps losing serves current metrics...
    expect(await metric(daemon, 'byok_material_expiry_seconds', { key: 'short' })).toBe(9 * 86_400);
    // ...without blaming itself for a renewal the lock holder may be applying right now.
    expect(daemon.health().healthy).toBe(true);
    await held.release();
    expect((await daemon.tick({ trigger: 'retry' })).outcomes).toHaveLength(1);
  });

  it('keeps the last good manifest while the file is invalid, and says so', async () => {
    const { m, h } = await bootstrapped();
    const daemon = await h.daemon('renew');
    m.write(m.valid.replace('keys:', 'kyes:'));
    h.clock.advance(81 * DAY);
    const run = await daemon.tick({ trigger: 'scheduled' });
    expect(run.result).toBe('success');
    expect(run.outcomes.map((o) => o.keyName)).toEqual(['short']);
    expect(await metric(daemon, 'byok_manifest_valid')).toBe(0);
    const health = daemon.health();
    expect(health.healthy).toBe(true);
    expect(health.warnings[0]).toMatch(/manifest is invalid/);
    expect(h.lines.some((l) => l.level === 40 && /keeping the last good one/.test(String(l.msg)))).toBe(true);

    m.write(m.valid);
    await daemon.tick({ trigger: 'scheduled' });
    expect(await metric(daemon, 'byok_manifest_valid')).toBe(1);
    expect(daemon.health().warnings).toEqual([]);
  });

  it('turns unhealthy after three failures and asks for a retry only while a material is due', async () => {
    const { h } = await bootstrapped();
    const daemon = await h.daemon('renew');
    expect((await daemon.tick({ trigger: 'start' })).result).toBe('success');
    h.provider = withFaults(providerOver('local', h.sim), { rate: 1, random: () => 0.6, onCrash: () => undefined }, emptyStats());

    const calm = await daemon.tick({ trigger: 'scheduled' });
    expect(calm).toMatchObject({ result: 'failure', code: 'provider.unavailable', disposition: 'transient' });
    // Nothing is due according to the last good read: the next scheduled run will do.
    expect(daemon.retryAfter(calm, 6 * 3600_000)).toBeNull();

    h.clock.advance(81 * DAY);
    const due = await daemon.tick({ trigger: 'scheduled' });
    const delay = daemon.retryAfter(due, 6 * 3600_000);
    expect(delay).toBeGreaterThanOrEqual(15_000);
    expect(delay).toBeLessThanOrEqual(30_000);
    expect(daemon.health().healthy).toBe(false);
    expect(daemon.health().reasons.join()).toMatch(/short.*inside its renew-before window/);

    await daemon.tick({ trigger: 'retry' });
    expect(daemon.health().reasons[0]).toMatch(/last 3 runs failed/);
    expect(await metric(daemon, 'byok_consecutive_failures')).toBe(3);
    expect(await metric(daemon, 'byok_runs_total', { result: 'failure' })).toBe(3);
    expect(await metric(daemon, 'byok_healthy')).toBe(0);

    h.provider = providerOver('local', h.sim);
    expect((await daemon.tick({ trigger: 'retry' })).result).toBe('success');
    expect(daemon.health()).toMatchObject({ healthy: true, reasons: [] });
  });

  it('does not back off on a failure that needs a human', async () => {
    const { h } = await bootstrapped();
    const daemon = await h.daemon('renew');
    h.clock.advance(81 * DAY);
    const inner = providerOver('local', h.sim);
    h.provider = { ...inner, keys: Object.assign(Object.create(inner.keys) as typeof inner.keys, { importMaterial: async () => { throw new ProviderError('provider.access-denied', 'AccessDeniedException', 'not allowed'); } }) };
    const run = await daemon.tick({ trigger: 'scheduled' });
    expect(run).toMatchObject({ result: 'failure', code: 'provider.access-denied', disposition: 'stalled' });
    expect(daemon.retryAfter(run, 6 * 3600_000)).toBeNull();
  });

  it('applies nothing once stopped, and records the interruption', async () => {
    const { h } = await bootstrapped();
    const daemon = await h.daemon('renew');
    h.clock.advance(300 * DAY);
    const stop = new AbortController();
    const inner = providerOver('local', h.sim);
    let imports = 0;
    h.provider = {
      ...inner,
      keys: Object.assign(Object.create(inner.keys) as typeof inner.keys, {
        // SIGTERM arrives while the tick reads the live state.
        listManagedKeys: async (name: string) => {
          stop.abort();
          return inner.keys.listManagedKeys(name);
        },
        importMaterial: async () => void imports++,
      }),
    };
    const run = await daemon.tick({ trigger: 'scheduled', signal: stop.signal });
    expect(run).toMatchObject({ result: 'failure', code: 'apply.interrupted', outcomes: [] });
    expect(imports).toBe(0);
    expect(h.lock.holder).toBeNull();
  });
});

describe('a run elected by the coordinator (with a lease)', () => {
  it('plans the manifest it just read, not the one the lease was taken for', async () => {
    const { m, h } = await bootstrapped();
    const daemon = await h.daemon('all');
    const { desired } = await loadDesired(m.file, m.dir, {});
    const lock = await h.lock.take('coordinator');
    const lease = { lock, desired, session: { desired, providers: new Map([['local', h.provider]]), clock: h.clock, close: async () => {} } };
    m.write(`${m.valid}  added:\n    material: { file: a.bin }\n`);

    const run = await daemon.tick({ trigger: 'scheduled', lease });
    expect(run.result, run.message).toBe('success');
    expect(run.outcomes.filter((o) => o.keyName === 'added').map((o) => o.kind)).toEqual(['create-key', 'import-material']);
    // The lease belongs to the coordinator: the run leaves it held.
    expect(h.lock.holder).toBe('coordinator');

    m.write(m.valid.replace('name: daemon-test', 'name: renamed'));
    expect(await daemon.tick({ trigger: 'scheduled', lease })).toMatchObject({ result: 'skipped', outcomes: [] });
    await lock.release();
  });
});
