import { describe, expect, it } from 'vitest';
import { TAG } from '../../src/core/types.js';
import { alias, bucket, days, desiredBucket, desiredKey, desiredState, iso, KCV_A, liveKey, liveState, NOW, steadyLive } from './fixtures.js';
import { byId, codes, run, steps } from './helpers.js';

describe('plan: a fresh manifest', () => {
  const doc = run(desiredState(), liveState([], [], [bucket('payments-data', null, {})]));

  it('creates, imports, aliases and sets the bucket, in that order', () => {
    expect(steps(doc)).toEqual([
      'create-key payments generation 1',
      'import-material payments generation 1',
      'create-alias alias/payments',
      'put-bucket-encryption payments-data',
    ]);
  });

  it('tags the new key with its identity and imports with the manifest settings', () => {
    const create = byId(doc, 'payments/g1/create-key');
    expect(create.kind === 'create-key' && create.tags).toEqual({
      [TAG.manifest]: 'payments-prod', [TAG.key]: 'payments', [TAG.generation]: '1', [TAG.kcv]: KCV_A,
    });
    const imp = byId(doc, 'payments/g1/import-material');
    expect(imp).toMatchObject({
      key: { created: { keyName: 'payments', generation: 1 } },
      expiration: { model: 'expires', validForMs: days(365) },
      expectedKcv: KCV_A,
      dependsOn: ['payments/g1/create-key'],
    });
  });

  it('moves no traffic before the material is in', () => {
    const ready = ['payments/g1/create-key', 'payments/g1/import-material'];
    expect(byId(doc, 'payments/alias/payments/create-alias').dependsOn).toEqual(ready);
    expect(byId(doc, 'payments-data/put-bucket-encryption').dependsOn).toEqual(ready);
  });

  it('summarises the key as absent and counts actions', () => {
    expect(doc.keys).toEqual([{ keyName: 'payments', provider: 'sandbox', generation: null, keyId: null, state: 'absent', validTo: null, daysLeft: null, kcv: KCV_A, generations: [] }]);
    expect(doc.summary).toEqual({ total: 4, destructive: 0, byKind: { 'create-key': 1, 'import-material': 1, 'create-alias': 1, 'put-bucket-encryption': 1 } });
  });
});

describe('plan: material lifetime', () => {
  const renewAt = (validToMs: number) => run(desiredState(), steadyLive({ validTo: iso(validToMs) }));
  const cases: [string, number, string[]][] = [
    ['exactly at renewBefore: renew', days(30), ['reimport-material key-1']],
    ['one minute before the boundary: nothing', days(30) + 60_000, []],
    ['already past ValidTo while still Enabled: renew', -60_000, ['reimport-material key-1']],
    ['far from expiry: nothing', days(200), []],
  ];
  it.each(cases)('%s', (_, validTo, expected) => {
    expect(steps(renewAt(validTo))).toEqual(expected);
  });

  it('says why it renews', () => {
    expect(byId(renewAt(days(12)), 'payments/g1/reimport-material').reason).toBe('expires in 12 days (renew before 30 days)');
  });

  it('recovers a key whose material expired (PendingImport with a model)', () => {
    const doc = run(desiredState(), steadyLive({ state: 'PendingImport', validTo: iso(-days(2)) }));
    expect(steps(doc)).toEqual(['reimport-material key-1']);
    expect(doc.actions[0]?.reason).toBe(`material expired at ${iso(-days(2))}; recovering`);
    expect(doc.keys[0]).toMatchObject({ state: 'PendingImport', daysLeft: -2 });
  });

  it('imports into a key created by an interrupted apply (PendingImport, never imported)', () => {
    const live = liveState([liveKey('key-1', 1, { state: 'PendingImport', validTo: null, expirationModel: null })], [], [bucket('payments-data', null, {})]);
    const doc = run(desiredState(), live);
    expect(steps(doc)).toEqual(['import-material key-1', 'create-alias alias/payments', 'put-bucket-encryption payments-data']);
    expect(byId(doc, 'payments/alias/payments/create-alias').dependsOn).toEqual(['payments/g1/import-material']);
  });

  it('re-imports to conform when the manifest changes the expiration model', () => {
    const never = run(desiredState([desiredKey({ expiration: { model: 'never' } })]), steadyLive());
    expect(steps(never)).toEqual(['reimport-material key-1']);
    expect(byId(never, 'payments/g1/reimport-material')).toMatchObject({ expiration: { model: 'never' } });
    const expires = run(desiredState(), steadyLive({ expirationModel: 'never', validTo: null }));
    expect(steps(expires)).toEqual(['reimport-material key-1']);
  });

  it('enables a Disabled key that carries the manifest material, after renewing it', () => {
    const doc = run(desiredState(), steadyLive({ state: 'Disabled', validTo: iso(days(3)) }));
    expect(steps(doc)).toEqual(['reimport-material key-1', 'enable-key key-1']);
    expect(byId(doc, 'payments/g1/enable-key').dependsOn).toEqual(['payments/g1/reimport-material']);
  });
});

describe('plan: aliases and buckets', () => {
  it('moves an alias that points elsewhere, naming where it pointed', () => {
    const live = steadyLive();
    live.aliases = [alias('alias/payments', 'foreign-1')];
    const doc = run(desiredState(), live);
    expect(steps(doc)).toEqual(['update-alias alias/payments']);
    expect(byId(doc, 'payments/alias/payments/update-alias')).toMatchObject({ fromKeyId: 'foreign-1', key: { keyId: 'key-1' } });
    expect(doc.actions[0]?.reason).toContain('foreign-1 (not managed by this manifest)');
  });

  it('turns the bucket key on without touching the key', () => {
    const live = steadyLive();
    live.buckets = [bucket('payments-data', 'key-1', {}, { bucketKey: false })];
    expect(steps(run(desiredState(), live))).toEqual(['put-bucket-encryption payments-data']);
  });

  it('re-encrypts objects under unmanaged keys too, and says so', () => {
    const live = steadyLive();
    live.buckets = [bucket('payments-data', 'key-1', { 'key-1': 3, 'foreign-9': 2 })];
    const doc = run(desiredState(), live);
    expect(byId(doc, 'payments-data/reencrypt-objects')).toMatchObject({ fromKeyIds: ['foreign-9'], objectCount: 2, dependsOn: [] });
    expect(doc.actions[0]?.reason).toContain('the bucket\'s declared key wins');
  });

  it('leaves objects alone when reencrypt is off', () => {
    const live = steadyLive();
    live.buckets = [bucket('payments-data', 'key-1', { 'foreign-9': 2 })];
    expect(steps(run(desiredState(undefined, [desiredBucket({ reencrypt: false })]), live))).toEqual([]);
  });

  it('reports a missing bucket as an error and plans nothing for it', () => {
    const live = steadyLive();
    live.buckets = [bucket('payments-data', null, null, { exists: false })];
    const doc = run(desiredState(), live);
    expect(steps(doc)).toEqual([]);
    expect(doc.diagnostics).toMatchObject([{ severity: 'error', code: 'plan.bucket-missing' }]);
  });

  it('is steady when everything matches', () => {
    const doc = run(desiredState(), steadyLive());
    expect(doc.actions).toEqual([]);
    expect(doc.diagnostics).toEqual([]);
    expect(doc.keys[0]).toMatchObject({ generation: 1, keyId: 'key-1', state: 'Enabled', daysLeft: 200 });
  });
});

describe('plan: ownership', () => {
  it('warns about keys of this manifest that it no longer declares, and leaves them', () => {
    const live = steadyLive();
    live.keys.push(liveKey('old-1', 3, { keyName: 'legacy' }));
    const doc = run(desiredState(), live);
    expect(doc.actions).toEqual([]);
    expect(codes(doc)).toEqual(['plan.orphaned-key']);
    expect(doc.diagnostics[0]?.detail).toContain('retire it by hand or put it back');
  });

  it('never acts on a key without our manifest tag, even one that looks like ours', () => {
    const twin = liveKey('twin-1', 1);
    twin.tags[TAG.manifest] = 'someone-else';
    const untagged = liveKey('bare-1', 1, { supersededAt: iso(-days(60)) });
    delete untagged.tags[TAG.manifest];
    const live = liveState([twin, untagged], [alias('alias/payments', 'twin-1')], [bucket('payments-data', 'bare-1', { 'bare-1': 4 })]);
    const doc = run(desiredState(), live);
    const touched = doc.actions.flatMap((a) => ('keyId' in a ? [a.keyId] : 'key' in a && 'keyId' in a.key ? [a.key.keyId] : []));
    expect(touched).not.toContain('twin-1');
    expect(touched).not.toContain('bare-1');
    expect(doc.actions.map((a) => a.kind)).not.toContain('disable-key');
    expect(steps(doc)[0]).toBe('create-key payments generation 1');
    expect(doc.diagnostics).toEqual([]);
  });

  it('ignores PendingDeletion keys but never reuses their generation', () => {
    const live = liveState([liveKey('gone-1', 1, { state: 'PendingDeletion', deletionDate: iso(days(5)) })]);
    const doc = run(desiredState(undefined, []), live);
    expect(steps(doc)).toEqual(['create-key payments generation 2', 'import-material payments generation 2', 'create-alias alias/payments']);
  });
});

describe('plan: the document', () => {
  it('carries the contract fields', () => {
    const doc = run(desiredState(), steadyLive());
    expect(doc).toMatchObject({
      formatVersion: 1,
      tool: { name: 'byok-reconciler', version: '0.0.0-test' },
      manifest: { name: 'payments-prod', file: 'keys.yaml', digest: 'sha256:desired' },
      at: NOW.toISOString(),
    });
    expect(doc.liveDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
