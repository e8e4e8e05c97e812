import { describe, expect, it, beforeEach } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalProvider, type LocalProvider } from '../../src/providers/local/provider.js';
import { openLocalStore } from '../../src/sim/store.js';
import { ProviderError, type CreateKeyInput } from '../../src/providers/port.js';
import { identityLabel } from '../../src/core/identity.js';
import { TAG } from '../../src/core/types.js';
import { wrapMaterial } from '../../src/wrapping/index.js';
import { DAY, FakeClock } from './helpers.js';
import { sharedWrappingKeys } from './helpers.js';

let path: string;
let clock: FakeClock;
let p: LocalProvider;

beforeEach(async () => {
  path = join(mkdtempSync(join(tmpdir(), 'byok-provider-')), 'state.json');
  clock = new FakeClock();
  p = await createLocalProvider({ name: 'sandbox', type: 'local', state: path, regionClass: 'standard' }, clock, { wrappingKeys: sharedWrappingKeys });
});

const tags = (manifest: string, key = 'app') => ({ [TAG.manifest]: manifest, [TAG.key]: key, [TAG.generation]: '1' });
const identity = { manifest: 'm', key: 'app', generation: 1, kcv: 'abcdef' };
const input = (description: string, t: Record<string, string>): CreateKeyInput => ({ keySpec: 'SYMMETRIC_DEFAULT', description, tags: t, identity, identityAlias: identityLabel(identity) });

async function imported(material: Buffer, expiry: { model: 'expires'; validTo: Date } | { model: 'never' } = { model: 'never' }) {
  const key = await p.keys.createKey(input('d', tags('m')));
  await importMaterial(key.keyId, material, expiry);
  return key.keyId;
}

async function importMaterial(keyId: string, material: Buffer, expiry: { model: 'expires'; validTo: Date } | { model: 'never' }) {
  const params = await p.keys.getImportParameters(keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
  await p.keys.importMaterial(keyId, params, wrapMaterial(material, params.publicKey, 'RSAES_OAEP_SHA_256'), expiry);
}

async function providerError(fn: () => Promise<unknown>): Promise<ProviderError> {
  const e = await fn().then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
}

describe('local provider: keys', () => {
  it('declares AWS-like capabilities', () => {
    expect(p.name).toBe('sandbox');
    expect(p.keys.capabilities).toEqual({ type: 'local', tagsAtCreate: true, aliasAtCreate: 'no', objectStorage: true, maxValidForDays: 365, deletionWindowDays: { min: 7, max: 30 } });
  });

  it('lists only keys tagged with the manifest name; expirationModel is null before the first import', async () => {
    const mine = await p.keys.createKey(input('mine', tags('m')));
    await p.keys.createKey(input('theirs', tags('other')));
    const live = await p.keys.listManagedKeys('m');
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({
      provider: 'sandbox', keyId: mine.keyId, state: 'PendingImport', keySpec: 'SYMMETRIC_DEFAULT',
      expirationModel: null, validTo: null, deletionDate: null, tags: tags('m'),
    });
    expect(live[0]!.arn).toBe(`arn:aws:kms:us-east-1:000000000000:key/${mine.keyId}`);
  });

  it('tagsAtCreate: false creates untagged and finds the key by the identity in its description until tagged', async () => {
    const q = await createLocalProvider({ name: 'hw-like', type: 'local', state: `${path}.hw.json`, regionClass: 'standard', tagsAtCreate: false }, clock, { wrappingKeys: sharedWrappingKeys });
    expect(q.keys.capabilities.tagsAtCreate).toBe(false);
    const created = await q.keys.createKey(input('payments key', tags('m')));
    expect(created.tags).toEqual({});
    const other = { ...identity, manifest: 'other' };
    await q.keys.createKey({ ...input('theirs', tags('other')), identity: other, identityAlias: identityLabel(other) });

    const [found, ...rest] = await q.keys.listManagedKeys('m');
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ keyId: created.keyId, tags: {}, identity, description: 'payments key' });
    expect(await q.keys.describeKey(created.keyId)).toMatchObject({ identity, description: 'payments key' });

    await q.keys.tagKey(created.keyId, tags('m'));
    const [tagged] = await q.keys.listManagedKeys('m');
    expect(tagged!.tags).toEqual(tags('m'));
    expect(tagged!.identity).toBeUndefined();
  });

  it('imports with an expiry and maps it back; reimport with model never', async () => {
    const validTo = new Date(clock.now().getTime() + 30 * DAY);
    const m = Buffer.alloc(32, 3);
    const keyId = await imported(m, { model: 'expires', validTo });
    expect(await p.keys.describeKey(keyId)).toMatchObject({ state: 'Enabled', expirationModel: 'expires', validTo: validTo.toISOString() });
    await importMaterial(keyId, m, { model: 'never' });
    expect(await p.keys.describeKey(keyId)).toMatchObject({ state: 'Enabled', expirationModel: 'never', validTo: null });
    clock.advance(400 * DAY);
    expect((await p.keys.describeKey(keyId))?.state).toBe('Enabled');
  });

  it('describeKey is null for a key that does not exist', async () => {
    expect(await p.keys.describeKey('11111111-2222-3333-4444-555555555555')).toBeNull();
  });

  it('aliases, enable/disable, tags and scheduled deletion', async () => {
    const a = await imported(Buffer.alloc(32, 1));
    const b = await imported(Buffer.alloc(32, 2));
    await p.keys.createAlias('alias/app', a);
    await p.keys.createAlias('alias/other', a);
    expect(await p.keys.getAliases(['alias/app', 'alias/missing'])).toEqual([{ provider: 'sandbox', name: 'alias/app', targetKeyId: a }]);
    await p.keys.updateAlias('alias/app', b);
    expect(await p.keys.getAliases(['alias/app'])).toEqual([{ provider: 'sandbox', name: 'alias/app', targetKeyId: b }]);
    await p.keys.disableKey(a);
    expect((await p.keys.describeKey(a))?.state).toBe('Disabled');
    await p.keys.enableKey(a);
    await p.keys.tagKey(a, { [TAG.supersededAt]: '2030-01-01T00:00:00.000Z' });
    expect((await p.keys.describeKey(a))?.tags[TAG.supersededAt]).toBe('2030-01-01T00:00:00.000Z');
    const { deletionDate } = await p.keys.scheduleKeyDeletion(a, 7);
    expect(deletionDate.getTime() - clock.now().getTime()).toBe(7 * DAY);
    expect(await p.keys.describeKey(a)).toMatchObject({ state: 'PendingDeletion', deletionDate: deletionDate.toISOString() });
    clock.advance(8 * DAY);
    expect(await p.keys.describeKey(a)).toBeNull();
    expect((await p.keys.listManagedKeys('m')).map((k) => k.keyId)).toEqual([b]);
  });

  it.each([
    ['different material', async () => {
      const k = await imported(Buffer.alloc(32, 1));
      await importMaterial(k, Buffer.alloc(32, 2), { model: 'never' });
    }, 'provider.incorrect-material', 'IncorrectKeyMaterialException'],
    ['enabling a key pending import', async () => {
      const k = await p.keys.createKey(input('', {}));
      await p.keys.enableKey(k.keyId);
    }, 'provider.invalid-state', 'KMSInvalidStateException'],
    ['an alias to an unknown key', () => p.keys.createAlias('alias/x', '11111111-2222-3333-4444-555555555555'), 'provider.not-found', 'NotFoundException'],
    ['a bad alias name', async () => p.keys.createAlias('no-prefix', await imported(Buffer.alloc(32, 1))), 'provider.rejected', 'ValidationException'],
    ['a ValidTo too far ahead', async () => {
      const k = await p.keys.createKey(input('', {}));
      await importMaterial(k.keyId, Buffer.alloc(32, 1), { model: 'expires', validTo: new Date(clock.now().getTime() + 400 * DAY) });
    }, 'provider.rejected', 'ValidationException'],
    ['an expired import token', async () => {
      const k = await p.keys.createKey(input('', {}));
      const params = await p.keys.getImportParameters(k.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
      clock.advance(DAY + 1);
      await p.keys.importMaterial(k.keyId, params, wrapMaterial(Buffer.alloc(32, 1), params.publicKey, 'RSAES_OAEP_SHA_256'), { model: 'never' });
    }, 'provider.import-token', 'ExpiredImportTokenException'],
    ['an incompatible wrapping combination', async () => {
      const k = await p.keys.createKey(input('', {}));
      await p.keys.getImportParameters(k.keyId, 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_3072');
    }, 'provider.rejected', 'ValidationException'],
  ])('maps %s to a ProviderError', async (_n, fn, code, providerCode) => {
    const e = await providerError(fn);
    expect(e.code).toBe(code);
    expect(e.providerCode).toBe(providerCode);
    expect(e.retryable).toBe(false);
  });

  it('reports an unusable state file as provider.config', async () => {
    const e = await providerError(() => createLocalProvider({ name: 'x', type: 'local', state: '/dev/null/state.json', regionClass: 'standard' }, clock));
    expect(e.code).toBe('provider.config');
  });
});

describe('local provider: buckets', () => {
  function s3() {
    return openLocalStore(path, clock).sim;
  }

  it('getBucketEncryption: null for a missing bucket, no key without SSE-KMS, key id from the ARN', async () => {
    expect(await p.buckets.getBucketEncryption('nope')).toBeNull();
    s3().createBucket({ Bucket: 'data' });
    expect(await p.buckets.getBucketEncryption('data')).toEqual({ kmsKeyId: null, kmsKeyRaw: null, bucketKey: false });
    const k = await imported(Buffer.alloc(32, 1));
    await p.buckets.putBucketEncryption('data', k, true);
    expect(await p.buckets.getBucketEncryption('data')).toEqual({ kmsKeyId: k, kmsKeyRaw: `arn:aws:kms:us-east-1:000000000000:key/${k}`, bucketKey: true });
    await p.keys.createAlias('alias/data', k);
    s3().putBucketEncryption({ Bucket: 'data', SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/data' });
    expect(await p.buckets.getBucketEncryption('data')).toMatchObject({ kmsKeyId: k, kmsKeyRaw: 'alias/data' });
    const e = await providerError(() => p.buckets.putBucketEncryption('nope', k, false));
    expect(e.code).toBe('provider.not-found');
  });

  it('counts objects by key id and re-encrypts in place, keeping metadata, content type, storage class and tags', async () => {
    const old = await imported(Buffer.alloc(32, 1));
    const next = await imported(Buffer.alloc(32, 2));
    const sim = s3();
    sim.createBucket({ Bucket: 'data' });
    await p.buckets.putBucketEncryption('data', old, false);
    for (let i = 0; i < 3; i++) {
      sim.putObject({ Bucket: 'data', Key: `o${i}`, Body: Buffer.from(`b${i}`), ContentType: 'text/csv', Metadata: { n: String(i) }, StorageClass: 'STANDARD_IA', Tagging: { t: String(i) } });
    }
    sim.putObject({ Bucket: 'data', Key: 'plain', Body: Buffer.from('p'), ServerSideEncryption: 'AES256' });
    expect(await p.buckets.countObjectsByKey('data')).toEqual({ [old]: 3 });

    await p.buckets.putBucketEncryption('data', next, true);
    const progress: number[] = [];
    expect(await p.buckets.reencryptObjects('data', next, true, (n) => progress.push(n))).toBe(3);
    expect(progress).toEqual([1, 2, 3]);
    expect(await p.buckets.countObjectsByKey('data')).toEqual({ [next]: 3 });
    const reader = s3();
    expect(reader.headObject({ Bucket: 'data', Key: 'o1' })).toMatchObject({ ContentType: 'text/csv', Metadata: { n: '1' }, StorageClass: 'STANDARD_IA', BucketKeyEnabled: true });
    expect(reader.getObjectTagging({ Bucket: 'data', Key: 'o1' }).TagSet).toEqual([{ Key: 't', Value: '1' }]);
    await p.keys.disableKey(old);
    expect(reader.getObject({ Bucket: 'data', Key: 'o2' }).Body.toString()).toBe('b2');
    expect(await p.buckets.reencryptObjects('data', next, true)).toBe(0);
  });

  it('re-encryption fails as invalid-state when the old key is already disabled', async () => {
    const old = await imported(Buffer.alloc(32, 1));
    const next = await imported(Buffer.alloc(32, 2));
    const sim = s3();
    sim.createBucket({ Bucket: 'data' });
    await p.buckets.putBucketEncryption('data', old, false);
    sim.putObject({ Bucket: 'data', Key: 'o', Body: Buffer.from('x') });
    await p.keys.disableKey(old);
    const e = await providerError(() => p.buckets.reencryptObjects('data', next, false));
    expect(e).toMatchObject({ code: 'provider.invalid-state', providerCode: 'KMS.DisabledException' });
  });
});
