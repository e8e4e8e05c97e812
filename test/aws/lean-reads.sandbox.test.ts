import { TAG } from '../../src/core/types.js';
import { DescribeKeyCommand, ListResourceTagsCommand, TagResourceCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InFlight } from '../../src/providers/aws/discovery.js';
import { amzDate, readKeyMetadata, readTagPage } from '../../src/providers/aws/lean-reads.js';
import { enabledKey, inDays, keyInput, material32, refusingProxy, startEnv, wrapOaep256, type Env } from './env.js';

/** The fields toLiveKey reads: the lean path must give exactly what the SDK gives for them. */
const FIELDS = ['KeyId', 'Arn', 'KeyState', 'KeySpec', 'Description', 'ExpirationModel', 'CreationDate', 'ValidTo', 'DeletionDate'] as const;
const pick = (m: KeyMetadata | undefined) => Object.fromEntries(FIELDS.map((f) => [f, m?.[f]]));

describe('DescribeKey and ListResourceTags without the SDK pipeline, against the sandbox (real SigV4 verification)', () => {
  let env: Env;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await startEnv();
    const { keys } = env.provider;
    ids.never = (await enabledKey(env.provider, 'lean', 'never')).keyId;
    ids.pending = (await keys.createKey(keyInput('lean', 'pending', { description: 'no material yet' }))).keyId;
    const expiring = await keys.createKey(keyInput('lean', 'expires'));
    const params = await keys.getImportParameters(expiring.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
    await keys.importMaterial(expiring.keyId, params, { encryptedKeyMaterial: wrapOaep256(params.publicKey, material32()) }, { model: 'expires', validTo: inDays(env.clock, 90) });
    ids.expires = expiring.keyId;
    ids.disabled = (await enabledKey(env.provider, 'lean', 'disabled')).keyId;
    await keys.disableKey(ids.disabled);
    ids.deleting = (await enabledKey(env.provider, 'lean', 'deleting')).keyId;
    await keys.scheduleKeyDeletion(ids.deleting, 7);
    // A key at AWS's limit of 50 tags, with values that need JSON escaping.
    const crowded = await keys.createKey(keyInput('lean', 'crowded'));
    const extra = Array.from({ length: 50 - Object.keys(keyInput('lean', 'crowded').tags).length }, (_, i) => ({ TagKey: `t${i}`, TagValue: i % 2 ? `"quoted" \\ ${i}` : '' }));
    await env.provider.clients.kms.send(new TagResourceCommand({ KeyId: crowded.keyId, Tags: extra }));
    ids.crowded = crowded.keyId;
  });
  afterAll(() => env.close());

  it('gives the same KeyMetadata as the SDK for keys in every state, and is the path actually taken', async () => {
    const provider = await env.newProvider();
    for (const [name, keyId] of Object.entries(ids)) {
      const viaSdk = await provider.clients.kms.send(new DescribeKeyCommand({ KeyId: keyId }));
      const viaLean = await provider.lean.describe(keyId);
      expect(pick(viaLean.KeyMetadata), name).toEqual(pick(viaSdk.KeyMetadata));
    }
    // The SDK's first request taught it the endpoint; every describe after that was lean.
    expect(provider.lean.counts.DescribeKey).toEqual({ lean: Object.keys(ids).length, sdk: 0 });
    expect(provider.stats().retries).toEqual({});
    // And the adapter's LiveKey is built from it: dates, states and the expiration model survive.
    const live = await provider.keys.describeKey(ids.expires!);
    expect(live?.validTo).toBe(env.sim.describeKey({ KeyId: ids.expires! }).KeyMetadata.ValidTo!.toISOString());
    expect((await provider.keys.describeKey(ids.deleting!))?.state).toBe('PendingDeletion');
    expect((await provider.keys.describeKey(ids.pending!))?.expirationModel).toBeNull();
  });

  it('gives the same tags as the SDK, 50 of them with escapes included', async () => {
    const provider = await env.newProvider();
    await provider.clients.kms.send(new DescribeKeyCommand({ KeyId: ids.never! })); // teaches the endpoint
    for (const [name, keyId] of Object.entries(ids)) {
      const viaSdk = await provider.clients.kms.send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 50 }));
      const viaLean = await provider.lean.listTags(keyId);
      expect(viaLean.Tags, name).toEqual(viaSdk.Tags);
      expect(viaLean.Truncated ?? false, name).toBe(viaSdk.Truncated ?? false);
    }
    expect((await provider.lean.listTags(ids.crowded!)).Tags).toHaveLength(50);
    expect(provider.lean.counts.ListResourceTags).toEqual({ lean: Object.keys(ids).length + 1, sdk: 0 });
    expect(provider.stats().retries).toEqual({});
  });

  it('hands an error answer to the SDK: a missing key is still "not found"', async () => {
    const provider = await env.newProvider();
    await provider.keys.describeKey(ids.never!);
    const before = { ...provider.lean.counts.DescribeKey };
    expect(await provider.keys.describeKey('1234abcd-12ab-34cd-56ef-1234567890ab')).toBeNull();
    expect(provider.lean.counts.DescribeKey.sdk).toBe(before.sdk + 1);
    expect(provider.stats().retries.DescribeKey).toBe(1);
    // The same for a key's tags: the SDK's NotFoundException, which discovery reads as "gone".
    const tagsBefore = { ...provider.lean.counts.ListResourceTags };
    await expect(provider.lean.listTags('1234abcd-12ab-34cd-56ef-1234567890ab')).rejects.toMatchObject({ name: 'NotFoundException' });
    expect(provider.lean.counts.ListResourceTags).toEqual({ lean: tagsBefore.lean, sdk: tagsBefore.sdk + 1 });
    expect(provider.stats().retries.ListResourceTags).toBe(1);
  });

  it('an endpoint that refuses its signature turns it off after one request: the SDK signs every call after', async () => {
    // The lean requests are the ones without the SDK's x-amz-content-sha256 header; this endpoint
    // refuses their signature, as AWS would if the two signers ever disagreed.
    let refused = 0;
    const proxy = await refusingProxy(env.sandbox.url, {
      refuse: ({ headers }) => (headers['x-amz-content-sha256'] === undefined ? (refused++, { type: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided.' }) : null),
    });
    try {
      const provider = await env.newProvider({}, { endpoint: { kms: proxy.url, s3: env.sandbox.url } });
      await provider.clients.kms.send(new DescribeKeyCommand({ KeyId: ids.never! })); // teaches the endpoint
      for (const [name, keyId] of Object.entries(ids)) {
        // The adapter's describeKey makes both reads: DescribeKey, then the key's tags.
        const live = await provider.keys.describeKey(keyId);
        expect(live?.keyId, name).toBe(keyId);
        expect(live?.tags[TAG.manifest], name).toBe('lean');
      }
      expect(refused).toBe(1);
      const n = Object.keys(ids).length;
      expect(provider.lean.counts).toEqual({ DescribeKey: { lean: 0, sdk: n }, ListResourceTags: { lean: 0, sdk: n } });
      expect(provider.stats().retries).toEqual({ DescribeKey: 1 });
    } finally {
      await proxy.close();
    }
  });

  it('discovery uses it: one request per key, no retries', async () => {
    const provider = await env.newProvider();
    env.sandbox.resetStats();
    const found = await provider.keys.listManagedKeys('lean');
    expect(found.map((k) => k.keyId).sort()).toEqual(Object.values(ids).sort());
    expect(env.sandbox.stats().calls.DescribeKey).toBe(Object.keys(ids).length);
    expect(provider.lean.counts.DescribeKey.lean).toBeGreaterThan(0);
  });

  it('list-keys discovery reads the tags of every key through it', async () => {
    const provider = await env.newProvider({ discovery: 'list-keys' });
    env.sandbox.resetStats();
    const found = await provider.keys.listManagedKeys('lean');
    expect(found.map((k) => k.keyId).sort()).toEqual(Object.values(ids).sort());
    expect(found.find((k) => k.keyId === ids.crowded)?.tags.t1).toBe('"quoted" \\ 1');
    const listed = env.sandbox.stats().calls.ListResourceTags!;
    expect(listed).toBeGreaterThanOrEqual(Object.keys(ids).length);
    // The first KMS request (ListKeys) went through the SDK and taught the endpoint.
    expect(provider.lean.counts.ListResourceTags).toEqual({ lean: listed, sdk: 0 });
  });
});

describe('DescribeKey and ListResourceTags without the SDK pipeline, when the endpoint fails', () => {
  let env: Env;
  beforeAll(async () => {
    // Every third request or so fails with a 5xx or a dropped connection, before it is served.
    env = await startEnv({ faultRate: 0.3, seed: 7 });
  });
  afterAll(() => env.close());

  it('falls back to the SDK, whose retries get every answer', async () => {
    const provider = await env.newProvider({ maxAttempts: 10 });
    const created = [];
    for (let i = 0; i < 12; i++) created.push(await provider.keys.createKey(keyInput('faulty', `k${i}`)).catch(() => null));
    const keys = created.filter((k) => k !== null);
    expect(keys.length).toBeGreaterThan(3);
    const described = await Promise.all(keys.map((k) => provider.keys.describeKey(k.keyId)));
    expect(described.map((k) => k?.keyId)).toEqual(keys.map((k) => k.keyId));
    expect(provider.lean.counts.DescribeKey.sdk).toBeGreaterThan(0);
    expect(provider.lean.counts.DescribeKey.lean).toBeGreaterThan(0);
    // Tags too: every key created is found by listing the account (a create whose answer was
    // dropped may have made one more), with some pages of tags read by each path.
    const lister = await env.newProvider({ maxAttempts: 10, discovery: 'list-keys' });
    const listed = await lister.keys.listManagedKeys('faulty');
    expect(listed.map((k) => k.keyId)).toEqual(expect.arrayContaining(keys.map((k) => k.keyId)));
    expect(lister.lean.counts.ListResourceTags.sdk).toBeGreaterThan(0);
    expect(lister.lean.counts.ListResourceTags.lean).toBeGreaterThan(0);
  });
});

describe('readKeyMetadata', () => {
  it('turns the JSON protocol epoch seconds into Dates, as the SDK does', () => {
    const m = readKeyMetadata(JSON.stringify({ KeyMetadata: { KeyId: 'k', Arn: 'a', CreationDate: 1.7e9 + 0.4567, ValidTo: 1.8e9, KeyState: 'Enabled' } }));
    expect(m?.CreationDate?.getTime()).toBe(Math.round((1.7e9 + 0.4567) * 1000));
    expect(m?.ValidTo?.toISOString()).toBe(new Date(1.8e9 * 1000).toISOString());
  });

  it('refuses what it does not recognise, so the SDK gets the call', () => {
    expect(readKeyMetadata('not json')).toBeNull();
    expect(readKeyMetadata('{}')).toBeNull();
    expect(readKeyMetadata(JSON.stringify({ KeyMetadata: { KeyId: 'k' } }))).toBeNull();
    expect(readKeyMetadata(JSON.stringify({ KeyMetadata: { KeyId: 'k', Arn: 'a', CreationDate: '2026-01-01T00:00:00Z' } }))).toBeNull();
    expect(readKeyMetadata(JSON.stringify({ KeyMetadata: { KeyId: 'k', Arn: 'a', KeyState: 5 } }))).toBeNull();
  });
});

describe('amzDate', () => {
  it('gives the second of the time it is asked, whatever the second asked before', () => {
    const base = Date.UTC(2026, 11, 1, 23, 59, 59, 900);
    expect(amzDate(base)).toBe('20261201T235959Z');
    expect(amzDate(base + 99)).toBe('20261201T235959Z');
    expect(amzDate(base + 100)).toBe('20261202T000000Z');
    // Back in time (a clock offset learned from a skew answer), then forward again.
    expect(amzDate(base - 3_600_000)).toBe('20261201T225959Z');
    expect(amzDate(base + 100)).toBe('20261202T000000Z');
  });
});

describe('readTagPage', () => {
  it('reads a page as the SDK gives it', () => {
    expect(readTagPage(JSON.stringify({ Tags: [{ TagKey: 'a', TagValue: '' }], Truncated: true, NextMarker: 'm' }))).toEqual({ Tags: [{ TagKey: 'a', TagValue: '' }], Truncated: true, NextMarker: 'm' });
    expect(readTagPage(JSON.stringify({ Tags: [] }))).toEqual({ Tags: [], Truncated: false });
    expect(readTagPage('{}')).toEqual({ Tags: [], Truncated: false });
  });

  it('refuses what it does not recognise, so the SDK gets the call', () => {
    expect(readTagPage('not json')).toBeNull();
    expect(readTagPage('null')).toBeNull();
    expect(readTagPage(JSON.stringify({ Tags: {} }))).toBeNull();
    expect(readTagPage(JSON.stringify({ Tags: [{ TagKey: 'a' }] }))).toBeNull();
    expect(readTagPage(JSON.stringify({ Tags: [{ TagKey: 'a', TagValue: 1 }] }))).toBeNull();
    expect(readTagPage(JSON.stringify({ Tags: [], Truncated: 'yes' }))).toBeNull();
    // A truncated page without a marker could not be continued.
    expect(readTagPage(JSON.stringify({ Tags: [], Truncated: true }))).toBeNull();
  });
});

describe('InFlight (the discovery window)', () => {
  it('lets the lister fetch the next page only while fewer than the limit are pending', async () => {
    const window = new InFlight(2);
    const resolvers: Array<() => void> = [];
    const job = () => window.add(new Promise<void>((r) => resolvers.push(r)));
    void job();
    await window.room(); // 1 pending: room
    void job();
    let roomed = false;
    const waiting = window.room().then(() => (roomed = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(roomed).toBe(false); // 2 pending: the next page waits
    resolvers[0]!();
    await waiting;
    expect(roomed).toBe(true);
  });
});
