import { describe, expect, it } from 'vitest';
import { liveDigest } from '../../src/core/digest.js';
import type { DesiredState, LiveState } from '../../src/core/types.js';
import { alias, bucket, days, desiredKey, desiredState, iso, KCV_B, liveKey, liveState, NOW, steadyLive } from './fixtures.js';
import { run, steps } from './helpers.js';
import { simulateApply } from './simulate-apply.js';

const later = (d: number) => new Date(NOW.getTime() + days(d));

/** Plan and apply at each time in turn; returns the steps of every plan, the last one included. */
function converge(desired: DesiredState, live: LiveState, times: Date[]): string[][] {
  const seen: string[][] = [];
  let state = live;
  for (const t of times) {
    const doc = run(desired, state, t);
    seen.push(steps(doc));
    state = simulateApply(state, doc, t);
  }
  seen.push(steps(run(desired, state, times[times.length - 1]!)));
  return seen;
}

describe('plan: a second plan after a complete apply shows no changes', () => {
  const cases: [string, DesiredState, LiveState][] = [
    ['fresh', desiredState(), liveState([], [], [bucket('payments-data', null, {})])],
    ['renew', desiredState(), steadyLive({ validTo: iso(days(5)) })],
    ['recover', desiredState(), steadyLive({ state: 'PendingImport', validTo: iso(-days(1)) })],
    ['rotation with after: 0', desiredState([desiredKey({ kcv: KCV_B, retire: { action: 'schedule-deletion', afterMs: 0, pendingWindowDays: 7 } })]), steadyLive()],
    ['model change', desiredState([desiredKey({ expiration: { model: 'never' } })]), steadyLive()],
    [
      'roll back to a disabled earlier generation',
      desiredState(),
      liveState(
        [liveKey('key-1', 1, { state: 'Disabled', supersededAt: iso(-days(30)) }), liveKey('key-2', 2, { kcv: KCV_B })],
        [alias('alias/payments', 'key-2')],
        [bucket('payments-data', 'key-2', { 'key-2': 4 })],
      ),
    ],
    [
      'duplicates of a new generation',
      desiredState([desiredKey({ kcv: KCV_B })]),
      liveState([
        liveKey('key-1', 1),
        liveKey('key-2a', 2, { kcv: KCV_B, state: 'PendingImport', validTo: null, expirationModel: null, createdAt: iso(-60_000) }),
        liveKey('key-2b', 2, { kcv: KCV_B, state: 'PendingImport', validTo: null, expirationModel: null, createdAt: iso(-30_000) }),
      ], [alias('alias/payments', 'key-1')], [bucket('payments-data', 'key-1', { 'key-1': 4 })]),
    ],
  ];
  it.each(cases)('%s', (_, desired, live) => {
    const plans = converge(desired, live, [NOW]);
    expect(plans[0]!.length).toBeGreaterThan(0);
    expect(plans[1]).toEqual([]);
  });

  it('rotation with a grace period: move now, retire after it, then steady', () => {
    const desired = desiredState([desiredKey({ kcv: KCV_B })]);
    const plans = converge(desired, steadyLive(), [NOW, later(3), later(8)]);
    expect(plans[0]).toContain('tag-key key-1');
    expect(plans[1]).toEqual([]);
    expect(plans[2]).toEqual(['disable-key key-1']);
    expect(plans[3]).toEqual([]);
  });

  it('a year of daily plans keeps the material renewed and then goes quiet', () => {
    const times = Array.from({ length: 400 }, (_, i) => later(i));
    const plans = converge(desiredState(), steadyLive({ validTo: iso(days(40)) }), times);
    const renewals = plans.flat().filter((s) => s.startsWith('reimport-material'));
    expect(renewals.length).toBe(2);
    expect(plans[plans.length - 1]).toEqual([]);
  });
});

describe('plan: determinism', () => {
  function shuffled(live: LiveState, seed: number): LiveState {
    let s = seed;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const mix = <T>(xs: T[]): T[] => xs.map((x) => [rnd(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
    const reorder = (o: Record<string, string | number>) => Object.fromEntries(mix(Object.entries(o)));
    return {
      keys: mix(live.keys).map((k) => ({ ...k, tags: reorder(k.tags) as Record<string, string> })),
      aliases: mix(live.aliases),
      buckets: mix(live.buckets).map((b) => ({ ...b, objectsByKey: b.objectsByKey && (reorder(b.objectsByKey) as Record<string, number>) })),
    };
  }
  const busy = liveState(
    [
      liveKey('key-1', 1, { supersededAt: iso(-days(9)) }),
      liveKey('key-2', 2, { kcv: KCV_B }),
      liveKey('key-2b', 2, { kcv: KCV_B, state: 'PendingImport', validTo: null, expirationModel: null }),
      liveKey('orphan', 1, { keyName: 'gone' }),
      liveKey('other-1', 1, { keyName: 'other' }),
    ],
    [alias('alias/payments', 'key-1'), alias('alias/other', 'key-1')],
    [bucket('payments-data', 'key-1', { 'key-1': 3, 'key-2': 1, x: 2 }), bucket('other-data', null, {})],
  );
  const desired = desiredState(
    [desiredKey({ kcv: KCV_B }), desiredKey({ name: 'other', aliases: ['alias/other'] })],
    [{ name: 'payments-data', provider: 'sandbox', key: 'payments', bucketKey: true, reencrypt: true }, { name: 'other-data', provider: 'sandbox', key: 'other', bucketKey: false, reencrypt: true }],
  );

  it('gives the same plan and digest whatever order the provider lists things in', () => {
    const base = JSON.stringify(run(desired, busy));
    for (const seed of [1, 2, 3, 42, 1234]) {
      const live = shuffled(busy, seed);
      expect(JSON.stringify(run(desired, live))).toBe(base);
      expect(liveDigest(live)).toBe(liveDigest(busy));
    }
  });

  it('changes the digest when the live state changes', () => {
    const changed = structuredClone(busy);
    changed.keys[0]!.state = 'Disabled';
    expect(liveDigest(changed)).not.toBe(liveDigest(busy));
  });

  it('has unique action ids and dependencies that come earlier in the plan', () => {
    const doc = run(desired, busy);
    const ids = doc.actions.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    doc.actions.forEach((a, i) => {
      for (const d of a.dependsOn) expect(ids.indexOf(d)).toBeGreaterThanOrEqual(0), expect(ids.indexOf(d)).toBeLessThan(i);
    });
  });
});

describe('liveDigest', () => {
  it('is the sha256 of the canonical JSON, fed in pieces', async () => {
    const { canonicalJson, sha256Hex } = await import('../../src/core/digest.js');
    const live = {
      keys: [
        { provider: 'p', keyId: 'b', arn: 'arn:b', state: 'Enabled', tags: { z: '1', a: 'é"\\' }, validTo: null, n: [3, 1, 2] },
        { provider: 'p', keyId: 'a', arn: 'arn:a', state: 'Disabled', tags: {}, skipped: undefined },
      ],
      aliases: [],
      buckets: [{ name: 'x', objects: [{ k: 1 }, { k: 0 }] }],
      lastUsage: { p: true },
    } as unknown as Parameters<typeof liveDigest>[0];
    expect(liveDigest(live)).toBe(`sha256:${sha256Hex(canonicalJson(live))}`);
  });
});
