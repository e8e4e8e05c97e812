/**
 * Injected faults on the Alibaba sandbox (`--faults`): 5xx answers and dropped connections before
 * the change, seeded so runs repeat; the provider retries them with backoff and every call lands.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { identityLabel, identityTags } from '../../src/core/identity.js';
import { createAlibabaProvider } from '../../src/providers/alibaba/index.js';
import { startAliEnv, type AliEnv } from './env.js';

let env: AliEnv;
beforeAll(async () => {
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'test';
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'test';
  env = await startAliEnv({ faultRate: 0.25, seed: 3 });
});
afterAll(async () => env?.close());

it('the provider gets through 25% injected 5xx and dropped connections by retrying; nothing is applied twice', async () => {
  const p = await createAlibabaProvider({ name: 'hz', type: 'alibaba', region: 'cn-hangzhou', regionClass: 'china', endpoint: { kms: env.sandbox.url, oss: env.sandbox.url } }, { clock: env.clock });
  for (let g = 1; g <= 10; g++) {
    const identity = { manifest: 'faulty', key: 'k', generation: g, kcv: 'abcdef' };
    await p.keys.createKey({ keySpec: 'SYMMETRIC_DEFAULT', description: '', tags: identityTags(identity), identity, identityAlias: identityLabel(identity) });
  }
  const s = env.sandbox.stats();
  expect(s.totals.faults).toBeGreaterThan(0);
  expect(s.faultsByKind.error + s.faultsByKind.drop).toBe(s.totals.faults);
  expect(p.stats().retries.CreateKey).toBeGreaterThan(0);
  // Faults before apply never change state: exactly one key per call.
  expect(env.sim.listKeys({}).Keys).toHaveLength(10);
  expect((await p.keys.listManagedKeys('faulty')).map((k) => k.tags['byok:generation']).sort((a, b) => Number(a) - Number(b))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
}, 60_000);

it('an import that fails on the network names the operation and key, never the token or the wrapped material', async () => {
  const { createServer } = await import('node:net');
  const { randomBytes } = await import('node:crypto');
  const server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const p = await createAlibabaProvider({ name: 'hz', type: 'alibaba', region: 'cn-hangzhou', regionClass: 'china', endpoint: { kms: url, oss: url } }, { maxAttempts: 1 });
    const token = Buffer.from(randomBytes(300).toString('base64'), 'utf8');
    const wrapped = randomBytes(256);
    const err = (await p.keys
      .importMaterial('key-1', { keyId: 'key-1', publicKey: Buffer.alloc(0), importToken: token, parametersValidTo: new Date() }, { encryptedKeyMaterial: wrapped }, { model: 'never' })
      .then(() => new Error('no failure'), (e: unknown) => e)) as Error;
    expect(err).toMatchObject({ code: 'provider.unavailable' });
    expect(err.message).toMatch(/^ImportKeyMaterial key-1 failed/);
    expect(err.message).not.toMatch(/EncryptedKeyMaterial=|ImportToken=/);
    for (const secret of [token.toString('utf8'), wrapped.toString('base64'), encodeURIComponent(wrapped.toString('base64')).slice(0, 40), token.toString('utf8').slice(0, 40)]) {
      expect(err.message).not.toContain(secret);
    }
  } finally {
    server.close();
  }
});
