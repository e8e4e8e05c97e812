import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAG } from '../../src/core/types.js';
import { keyInput, material32, startEnv, wrapOaep256, inDays, type Env } from './env.js';

/** 10% of requests fail before being applied (500, 503 or a dropped connection): retries absorb them. */
let env: Env;
beforeAll(async () => {
  env = await startEnv({ faultRate: 0.1, seed: 7 });
});
afterAll(async () => {
  await env?.close();
});

describe('fault injection', () => {
  it('every operation still succeeds through the SDK retries', async () => {
    const { provider, sim, clock } = env;
    const keys = await Promise.all(Array.from({ length: 12 }, (_, i) => provider.keys.createKey(keyInput('faulty', `k${i}`))));
    await Promise.all(
      keys.map(async (key, i) => {
        const params = await provider.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
        await provider.keys.importMaterial(key.keyId, params, { encryptedKeyMaterial: wrapOaep256(params.publicKey, material32()) }, { model: 'expires', validTo: inDays(clock, 90) });
        await provider.keys.createAlias(`alias/faulty-${i}`, key.keyId);
        await provider.keys.tagKey(key.keyId, { [TAG.generation]: '2' });
      }),
    );
    await provider.keys.updateAlias('alias/faulty-0', keys[1]!.keyId);
    await provider.keys.disableKey(keys[2]!.keyId);
    await provider.keys.enableKey(keys[2]!.keyId);

    const listed = await provider.keys.listManagedKeys('faulty');
    expect(listed).toHaveLength(12);
    expect(listed.every((k) => k.state === 'Enabled' && k.tags[TAG.generation] === '2')).toBe(true);
    expect(await provider.keys.getAliases(keys.map((_, i) => `alias/faulty-${i}`))).toHaveLength(12);

    sim.createBucket({ Bucket: 'faulty' });
    await provider.buckets.putBucketEncryption('faulty', keys[0]!.keyId, true);
    for (let i = 0; i < 30; i++) sim.putObject({ Bucket: 'faulty', Key: `o${i}`, Body: Buffer.from(String(i)) });
    expect(await provider.buckets.getBucketEncryption('faulty')).toMatchObject({ kmsKeyId: keys[0]!.keyId });
    expect(await provider.buckets.reencryptObjects('faulty', keys[3]!.keyId, true)).toBe(30);
    expect(await provider.buckets.countObjectsByKey('faulty')).toEqual({ [keys[3]!.keyId]: 30 });
    await provider.keys.scheduleKeyDeletion(keys[11]!.keyId, 7);

    const server = env.sandbox.stats();
    const ours = provider.stats();
    expect(server.totals.faults).toBeGreaterThan(10);
    expect(ours.totals.retries).toBeGreaterThanOrEqual(server.totals.faults);
    expect(ours.totals.errors).toBe(0);
  }, 60_000);
});
