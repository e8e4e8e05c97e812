import { DescribeKeyCommand, type KeyMetadata } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InFlight } from '../../src/providers/aws/discovery.js';
import { readKeyMetadata } from '../../src/providers/aws/lean-describe.js';
import { enabledKey, inDays, keyInput, material32, startEnv, wrapOaep256, type Env } from './env.js';

/** The fields toLiveKey reads: the lean path must give exactly what the SDK gives for them. */
const FIELDS = ['KeyId', 'Arn', 'KeyState', 'KeySpec', 'Description', 'ExpirationModel', 'CreationDate', 'ValidTo', 'DeletionDate'] as const;
const pick = (m: KeyMetadata | undefined) => Object.fromEntries(FIELDS.map((f) => [f, m?.[f]]));

describe('DescribeKey without the SDK pipeline, against the sandbox (real SigV4 verification)', () => {
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
    expect(provider.lean.counts).toEqual({ lean: Object.keys(ids).length, sdk: 0 });
    expect(provider.stats().retries).toEqual({});
    // And the adapter's LiveKey is built from it: dates, states and the expiration model survive.
    const live = await provider.keys.describeKey(ids.expires!);
    expect(live?.validTo).toBe(env.sim.describeKey({ KeyId: ids.expires! }).KeyMetadata.ValidTo!.toISOString());
    expect((await provider.keys.describeKey(ids.deleting!))?.state).toBe('PendingDeletion');
    expect((await provider.keys.describeKey(ids.pending!))?.expirationModel).toBeNull();
  });

  it('hands an error answer to the SDK: a missing key is still "not found"', async () => {
    const provider = await env.newProvider();
    await provider.keys.describeKey(ids.never!);
    const before = { ...provider.lean.counts };
    expect(await provider.keys.describeKey('1234abcd-12ab-34cd-56ef-1234567890ab')).toBeNull();
    expect(provider.lean.counts.sdk).toBe(before.sdk + 1);
    expect(provider.stats().retries.DescribeKey).toBe(1);
  });

  it('discovery uses it: one request per key, no retries', async () => {
    const provider = await env.newProvider();
    env.sandbox.resetStats();
    const found = await provider.keys.listManagedKeys('lean');
    expect(found.map((k) => k.keyId).sort()).toEqual(Object.values(ids).sort());
    expect(env.sandbox.stats().calls.DescribeKey).toBe(Object.keys(ids).length);
    expect(provider.lean.counts.lean).toBeGreaterThan(0);
  });
});

describe('DescribeKey without the SDK pipeline, when the endpoint fails', () => {
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
    expect(provider.lean.counts.sdk).toBeGreaterThan(0);
    expect(provider.lean.counts.lean).toBeGreaterThan(0);
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
