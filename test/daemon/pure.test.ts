import { describe, expect, it } from 'vitest';
import { plan } from '../../src/core/plan/index.js';
import { evaluateHealth, type DaemonStatus } from '../../src/daemon/health.js';
import type { TickResult } from '../../src/daemon/result.js';
import { DEFAULT_RETRY, retryDelay } from '../../src/daemon/retry.js';
import { restrictToScope } from '../../src/daemon/scope.js';
import { parseAddr } from '../../src/daemon/server.js';
import { currentKeyIds, viewOf, type MaterialView } from '../../src/daemon/view.js';
import { NOW, days, desiredKey, desiredState, iso, liveKey, liveState, steadyLive } from '../core/fixtures.js';

const opts = { toolVersion: 'test' };

describe('restrictToScope', () => {
  it('renew keeps only re-imports, and all keeps everything', () => {
    // Generation 1 expires inside its window (renewal) and generation 2 is missing for key "orders".
    const desired = desiredState([desiredKey(), desiredKey({ name: 'orders', aliases: ['alias/orders'] })], []);
    const live = liveState([liveKey('key-1', 1, { validTo: iso(days(10)) })]);
    const doc = plan(desired, live, NOW, opts);
    expect(doc.actions.map((a) => a.kind)).toEqual(expect.arrayContaining(['reimport-material', 'create-key', 'import-material', 'create-alias']));

    const renew = restrictToScope(doc, 'renew');
    expect(renew.doc.actions.map((a) => a.kind)).toEqual(['reimport-material']);
    expect(renew.doc.summary).toEqual({ total: 1, destructive: 0, byKind: { 'reimport-material': 1 } });
    expect(renew.heldBack.map((a) => a.kind)).not.toContain('reimport-material');
    expect(renew.heldBack.length + 1).toBe(doc.actions.length);

    const all = restrictToScope(doc, 'all');
    expect(all.doc).toBe(doc);
    expect(all.heldBack).toEqual([]);
  });

  it('renew also recovers a PendingImport key, but never a first import', () => {
    const desired = desiredState([desiredKey(), desiredKey({ name: 'fresh', aliases: [] })], []);
    const live = liveState([
      liveKey('key-1', 1, { state: 'PendingImport', validTo: iso(-days(1)) }),
      liveKey('key-2', 1, { keyName: 'fresh', state: 'PendingImport', validTo: null, expirationModel: null }),
    ]);
    const doc = plan(desired, live, NOW, opts);
    const kept = restrictToScope(doc, 'renew').doc.actions;
    expect(kept.map((a) => [a.kind, a.keyName])).toEqual([['reimport-material', 'payments']]);
  });

  it('holds back a re-import whose dependency was held back', () => {
    const doc = plan(desiredState([desiredKey()], []), liveState([liveKey('key-1', 1, { validTo: iso(days(10)) })]), NOW, opts);
    const reimport = doc.actions.find((a) => a.kind === 'reimport-material')!;
    const forged = { ...doc, actions: [{ ...reimport, id: 'x/tag', kind: 'tag-key' as const, key: { keyId: 'key-1' }, tags: {} }, { ...reimport, dependsOn: ['x/tag'] }] };
    expect(restrictToScope(forged, 'renew').doc.actions).toEqual([]);
  });
});

describe('retryDelay', () => {
  it('doubles from the base with jitter between half and all of the step, within the budget', () => {
    expect(retryDelay(0, null, DEFAULT_RETRY, () => 0)).toBe(15_000);
    expect(retryDelay(0, null, DEFAULT_RETRY, () => 1)).toBe(30_000);
    expect(retryDelay(3, null, DEFAULT_RETRY, () => 1)).toBe(240_000);
    expect(retryDelay(10, null, { ...DEFAULT_RETRY, maxAttempts: 20 }, () => 1)).toBe(DEFAULT_RETRY.maxMs);
    expect(retryDelay(DEFAULT_RETRY.maxAttempts, null, DEFAULT_RETRY, () => 0)).toBeNull();
  });

  it('leaves the work to the next scheduled run when that comes first', () => {
    expect(retryDelay(0, 60_000, DEFAULT_RETRY, () => 1)).toBe(30_000);
    expect(retryDelay(0, 50_000, DEFAULT_RETRY, () => 1)).toBeNull();
  });
});

function material(over: Partial<MaterialView> = {}): MaterialView {
  return { keyName: 'payments', provider: 'sandbox', generation: '1', keyId: 'key-1', state: 'Enabled', validTo: new Date(NOW.getTime() + days(200)), current: true, renewBeforeMs: days(30), ...over };
}

function run(over: Partial<TickResult> = {}): TickResult {
  return { trigger: 'scheduled', startedAt: NOW, finishedAt: NOW, result: 'success', message: 'ok', outcomes: [], heldBack: 0, view: null, ...over };
}

function status(over: Partial<DaemonStatus> = {}, materials: MaterialView[] = [material()]): DaemonStatus {
  return {
    startedAt: NOW,
    lastRun: run(),
    lastSuccessAt: NOW,
    consecutiveFailures: 0,
    view: { manifest: 'payments-prod', at: NOW, materials },
    manifest: { valid: true, digest: 'sha256:x', problem: null },
    ...over,
  };
}

describe('evaluateHealth', () => {
  const policy = { failureThreshold: 3 };
  const later = (ms: number) => new Date(NOW.getTime() + ms);

  it('is healthy in the steady state', () => {
    expect(evaluateHealth(status(), later(days(1)), policy)).toEqual({ healthy: true, reasons: [], warnings: [] });
  });

  it('turns unhealthy after N failed runs in a row, not before', () => {
    const failed = run({ result: 'failure', code: 'provider.unavailable', message: 'KMSInternalException: boom' });
    expect(evaluateHealth(status({ consecutiveFailures: 2, lastRun: failed }), NOW, policy).healthy).toBe(true);
    const h = evaluateHealth(status({ consecutiveFailures: 3, lastRun: failed }), NOW, policy);
    expect(h.healthy).toBe(false);
    expect(h.reasons[0]).toMatch(/last 3 runs failed.*provider\.unavailable/);
  });

  it('flags a material the last run left inside its window, but not one that entered it since', () => {
    const inWindow = material({ validTo: later(days(20)) });
    expect(evaluateHealth(status({}, [inWindow]), NOW, policy).reasons[0]).toMatch(/inside its renew-before window/);
    const entersLater = material({ validTo: later(days(31)) });
    expect(evaluateHealth(status({}, [entersLater]), later(days(2)), policy).healthy).toBe(true);
    // ...unless no run read it since and it expired meanwhile.
    expect(evaluateHealth(status({}, [entersLater]), later(days(32)), policy).reasons[0]).toMatch(/expired/);
  });

  it('flags a current PendingImport key, and ignores old generations', () => {
    expect(evaluateHealth(status({}, [material({ state: 'PendingImport' })]), NOW, policy).reasons[0]).toMatch(/PendingImport/);
    expect(evaluateHealth(status({}, [material({ current: false, state: 'PendingImport' }), material({ keyId: 'key-2', generation: '2' })]), NOW, policy).healthy).toBe(true);
  });

  it('reports an invalid manifest as a warning, not a failure', () => {
    const h = evaluateHealth(status({ manifest: { valid: false, digest: 'sha256:x', problem: [{ severity: 'error', code: 'manifest.schema', summary: 'unknown field "kyes"' }] } }), NOW, policy);
    expect(h.healthy).toBe(true);
    expect(h.warnings[0]).toMatch(/manifest is invalid.*kyes/);
  });
});

describe('viewOf', () => {
  it('lists every managed key with its generation and marks the current one', () => {
    const live = steadyLive();
    live.keys.push(liveKey('key-0', 0 + 1, { keyName: 'payments', validTo: iso(days(5)) }));
    live.keys[1]!.tags['byok:generation'] = '0';
    const desired = desiredState();
    const doc = plan(desired, live, NOW, opts);
    const view = viewOf(desired, live, currentKeyIds(doc.keys), NOW);
    expect(view.materials.map((m) => [m.keyId, m.generation, m.current, m.renewBeforeMs])).toEqual([
      ['key-1', '1', true, days(30)],
      ['key-0', '0', false, days(30)],
    ]);
  });
});

describe('parseAddr', () => {
  it('reads host:port, [v6]:port and :port', () => {
    expect(parseAddr('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseAddr('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseAddr(':9464')).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(() => parseAddr('9464')).toThrow(/not HOST:PORT/);
    expect(() => parseAddr('h:70000')).toThrow(/not HOST:PORT/);
  });
});
