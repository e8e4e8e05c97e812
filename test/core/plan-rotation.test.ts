import { describe, expect, it } from 'vitest';
import { TAG } from '../../src/core/types.js';
import { alias, bucket, days, desiredBucket, desiredKey, desiredState, iso, KCV_A, KCV_B, liveKey, liveState } from './fixtures.js';
import { byId, codes, run, steps } from './helpers.js';

const rotated = (retire = desiredKey().retire) => desiredState([desiredKey({ kcv: KCV_B, retire })]);

describe('plan: rotation on a KCV change', () => {
  const live = liveState([liveKey('key-1', 1)], [alias('alias/payments', 'key-1')], [bucket('payments-data', 'key-1', { 'key-1': 5 })]);
  const doc = run(rotated(), live);

  it('creates generation 2, moves everything to it, stamps the cut-over, and disables nothing yet', () => {
    expect(steps(doc)).toEqual([
      'create-key payments generation 2',
      'import-material payments generation 2',
      'update-alias alias/payments',
      'put-bucket-encryption payments-data',
      'reencrypt-objects payments-data',
      'tag-key key-1',
    ]);
    expect(doc.summary.destructive).toBe(0);
    expect(doc.actions[0]?.reason).toBe(`material changed (kcv ${KCV_A} → ${KCV_B}); rotates to generation 2`);
  });

  it('orders the moves after the import and the stamp after the moves', () => {
    const ready = ['payments/g2/create-key', 'payments/g2/import-material'];
    expect(byId(doc, 'payments/alias/payments/update-alias').dependsOn).toEqual(ready);
    expect(byId(doc, 'payments-data/reencrypt-objects')).toMatchObject({
      dependsOn: [...ready, 'payments-data/put-bucket-encryption'],
      fromKeyIds: ['key-1'],
      objectCount: 5,
      key: { created: { keyName: 'payments', generation: 2 } },
    });
    expect(byId(doc, 'payments/g1/tag-key')).toMatchObject({
      stampNow: [TAG.supersededAt],
      dependsOn: [...ready, 'payments/alias/payments/update-alias', 'payments-data/put-bucket-encryption', 'payments-data/reencrypt-objects'],
    });
  });
});

describe('plan: retiring the previous generation', () => {
  const gen2 = liveKey('key-2', 2, { kcv: KCV_B, createdAt: iso(-days(8)) });
  const moved = (objects: Record<string, number>, supersededDaysAgo: number) =>
    liveState(
      [liveKey('key-1', 1, { supersededAt: iso(-days(supersededDaysAgo)) }), gen2],
      [alias('alias/payments', 'key-2')],
      [bucket('payments-data', 'key-2', objects)],
    );

  it('disables it once the grace period is over and nothing uses it', () => {
    const doc = run(rotated(), moved({ 'key-2': 5 }, 8));
    expect(steps(doc)).toEqual(['disable-key key-1']);
    expect(doc.actions[0]).toMatchObject({ destructive: true, dependsOn: [], keyId: 'key-1', generation: 1 });
    expect(doc.actions[0]?.reason).toBe('superseded 8 days ago (retire: disable after 7 days); no manifest alias, managed bucket or object in one uses it');
  });

  it('waits during the grace period', () => {
    expect(steps(run(rotated(), moved({ 'key-2': 5 }, 6)))).toEqual([]);
  });

  it('moves leftover objects first and disables only after them', () => {
    const doc = run(rotated(), moved({ 'key-1': 1, 'key-2': 5 }, 8));
    expect(steps(doc)).toEqual(['reencrypt-objects payments-data', 'disable-key key-1']);
    expect(byId(doc, 'payments/g1/disable-key').dependsOn).toEqual(['payments-data/reencrypt-objects']);
  });

  it('schedules deletion when retire says so, with its window', () => {
    const doc = run(rotated({ action: 'schedule-deletion', afterMs: days(7), pendingWindowDays: 14 }), moved({}, 8));
    expect(byId(doc, 'payments/g1/schedule-key-deletion')).toMatchObject({ pendingWindowDays: 14, destructive: true });
  });

  it('does nothing more under keep, and nothing for a key already Disabled', () => {
    expect(steps(run(rotated({ action: 'keep', afterMs: 0, pendingWindowDays: 30 }), moved({}, 8)))).toEqual([]);
    const live = moved({}, 8);
    live.keys[0]!.state = 'Disabled';
    expect(steps(run(rotated(), live))).toEqual([]);
  });

  it('never retires a key still in use by something the plan cannot move', () => {
    const live = moved({ 'key-2': 5 }, 60);
    live.aliases.push(alias('alias/legacy-app', 'key-1'));
    const doc = run(rotated(), live);
    expect(doc.actions).toEqual([]);
    expect(codes(doc)).toEqual(['plan.key-in-use']);
    expect(doc.diagnostics[0]?.summary).toContain('alias alias/legacy-app');
  });

  it('treats uncounted objects as a use (never retire on a guess)', () => {
    const doc = run(rotated(), moved(null as unknown as Record<string, number>, 60));
    expect(doc.actions.map((a) => a.kind)).not.toContain('disable-key');
    expect(codes(doc)).toEqual(['plan.key-in-use']);
  });

  it('never retires a key objects of a reencrypt: false bucket are still under, for any retire action, and says what holds it', () => {
    for (const retire of [desiredKey().retire, { action: 'schedule-deletion' as const, afterMs: days(1), pendingWindowDays: 7 }]) {
      const desired = desiredState([desiredKey({ kcv: KCV_B, retire })], [desiredBucket({ reencrypt: false })]);
      const doc = run(desired, moved({ 'key-1': 3, 'key-2': 5 }, 60));
      expect(doc.actions).toEqual([]);
      expect(codes(doc)).toEqual(['plan.key-in-use']);
      expect(doc.diagnostics[0]?.summary).toBe('key payments generation 1 (key-1) is still used by 3 objects in bucket payments-data; it is kept');
      expect(doc.diagnostics[0]?.detail).toContain('3 objects in bucket payments-data are still under generation 1; set reencrypt: true on bucket payments-data or re-encrypt them.');
    }
  });

  it('treats an uncounted reencrypt: false bucket as a use too', () => {
    const desired = desiredState([desiredKey({ kcv: KCV_B })], [desiredBucket({ reencrypt: false })]);
    const doc = run(desired, moved(null as unknown as Record<string, number>, 60));
    expect(doc.actions).toEqual([]);
    expect(doc.diagnostics[0]?.summary).toContain('objects in bucket payments-data (not counted)');
  });

  it('with after: 0, retires in the same plan, after the moves and the stamp', () => {
    const live = liveState([liveKey('key-1', 1)], [alias('alias/payments', 'key-1')], [bucket('payments-data', 'key-1', { 'key-1': 5 })]);
    const doc = run(rotated({ action: 'disable', afterMs: 0, pendingWindowDays: 30 }), live);
    expect(steps(doc).slice(-2)).toEqual(['tag-key key-1', 'disable-key key-1']);
    expect(byId(doc, 'payments/g1/disable-key').dependsOn).toEqual([
      'payments/g2/create-key',
      'payments/g2/import-material',
      'payments/alias/payments/update-alias',
      'payments-data/put-bucket-encryption',
      'payments-data/reencrypt-objects',
      'payments/g1/tag-key',
    ]);
  });

  it('warns when an old generation still in use is about to expire', () => {
    const live = moved({ 'key-1': 2, 'key-2': 5 }, 1);
    live.keys[0]!.validTo = iso(days(10));
    const doc = run(rotated(), live);
    expect(codes(doc)).toEqual(['plan.old-generation-expiring']);
    expect(doc.diagnostics[0]?.summary).toContain('generation 1 (key-1) expires in 10 days');
  });
});

describe('plan: resuming an interrupted rotation', () => {
  it('imports into the generation already created instead of creating another', () => {
    const live = liveState(
      [liveKey('key-1', 1), liveKey('key-2', 2, { kcv: KCV_B, state: 'PendingImport', validTo: null, expirationModel: null })],
      [alias('alias/payments', 'key-1')],
      [bucket('payments-data', 'key-1', {})],
    );
    const doc = run(rotated(), live);
    expect(steps(doc)).toEqual(['import-material key-2', 'update-alias alias/payments', 'put-bucket-encryption payments-data', 'tag-key key-1']);
    expect(byId(doc, 'payments/g1/tag-key').dependsOn).toEqual([
      'payments/g2/import-material',
      'payments/alias/payments/update-alias',
      'payments-data/put-bucket-encryption',
    ]);
  });

  it('creates a new generation when the key spec changes, even with the same material', () => {
    const live = liveState([liveKey('key-1', 1)], [alias('alias/payments', 'key-1')]);
    const doc = run(desiredState([desiredKey({ keySpec: 'HMAC_256' })], []), live);
    expect(steps(doc).slice(0, 2)).toEqual(['create-key payments generation 2', 'import-material payments generation 2']);
    expect(doc.actions[0]?.reason).toBe('key spec changed (SYMMETRIC_DEFAULT → HMAC_256); creates generation 2');
  });
});

describe('plan: rolling back to an earlier material', () => {
  it('re-enables the earlier generation and clears its old stamp instead of creating a new one', () => {
    const live = liveState(
      [liveKey('key-1', 1, { state: 'Disabled', supersededAt: iso(-days(30)) }), liveKey('key-2', 2, { kcv: KCV_B })],
      [alias('alias/payments', 'key-2')],
      [bucket('payments-data', 'key-2', {})],
    );
    const doc = run(desiredState(), live);
    expect(steps(doc)).toEqual([
      'enable-key key-1',
      'update-alias alias/payments',
      'put-bucket-encryption payments-data',
      'tag-key key-1',
      'tag-key key-2',
    ]);
    expect(byId(doc, 'payments/g1/tag-key')).toMatchObject({ tags: { [TAG.supersededAt]: '' } });
    expect(byId(doc, 'payments/alias/payments/update-alias').dependsOn).toEqual(['payments/g1/enable-key']);
  });
});

describe('plan: duplicates left by an interrupted apply', () => {
  const keeper = liveKey('key-b', 1, { createdAt: iso(-days(2)) });
  const empty = liveKey('key-a', 1, { createdAt: iso(-days(3)), state: 'PendingImport', validTo: null, expirationModel: null });

  it('keeps the one with material and schedules deletion of the empty one', () => {
    const doc = run(desiredState(undefined, []), liveState([empty, keeper], [alias('alias/payments', 'key-b')]));
    expect(steps(doc)).toEqual(['schedule-key-deletion key-a']);
    expect(doc.actions[0]).toMatchObject({ id: 'payments/g1/key-a/schedule-key-deletion', destructive: true, reason: 'duplicate of generation 1 left by an interrupted apply; it never had material' });
    expect(doc.keys[0]?.keyId).toBe('key-b');
    expect(doc.keys[0]?.generations?.map((g) => `${g.keyId} ${g.role}`)).toEqual(['key-a duplicate', 'key-b current']);
  });

  it('between two empty keys keeps the earliest and imports into it', () => {
    const later = liveKey('key-c', 1, { createdAt: iso(-days(1)), state: 'PendingImport', validTo: null, expirationModel: null });
    const doc = run(desiredState([desiredKey({ aliases: [] })], []), liveState([later, empty]));
    expect(steps(doc)).toEqual(['import-material key-a', 'schedule-key-deletion key-c']);
  });

  it('leaves a duplicate that has material and warns', () => {
    const twin = liveKey('key-z', 1, { createdAt: iso(-days(1)) });
    const doc = run(desiredState(undefined, []), liveState([twin, keeper], [alias('alias/payments', 'key-b')]));
    expect(doc.actions).toEqual([]);
    expect(codes(doc)).toEqual(['plan.duplicate-key']);
  });
});

