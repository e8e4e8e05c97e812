/**
 * The Huawei adapter against the Huawei-wire sandbox over 127.0.0.1: credentials from the right
 * variables, injected 5xx and dropped connections retried through, a create-key applied but
 * answered with an error adopted (no duplicate), untagged keys reported with their identity.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityLabel, type KeyIdentity } from '../../src/core/identity.js';
import type { HuaweiProviderConfig } from '../../src/core/types.js';
import { TAG } from '../../src/core/types.js';
import { ProviderError } from '../../src/providers/port.js';
import { createHuaweiProvider, type HuaweiProvider } from '../../src/providers/huawei/provider.js';
import { wrapMaterial } from '../../src/wrapping/index.js';
import { HUAWEI_SIM_RULES } from '../../src/wire/huawei/rules.js';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { startHuaweiSandbox } from '../../src/wire/huawei/server.js';
import type { SandboxHandle } from '../../src/wire/aws/types.js';
import { PROJECT_ID } from './clients.js';

const FAST_RETRY = { attempts: 8, baseDelayMs: 5, maxDelayMs: 20, sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
const ENV = { HUAWEICLOUD_SDK_AK: 'test', HUAWEICLOUD_SDK_SK: 'test' };

let sim: LocalSimulator;
let sb: SandboxHandle;
let failNextCreate = false;

beforeAll(async () => {
  sim = new LocalSimulator({ clock: { now: () => new Date() }, wrappingKeyPool: 1, rules: HUAWEI_SIM_RULES, region: 'ap-southeast-1', accountId: 'ab'.repeat(16) });
  sb = await startHuaweiSandbox({
    sim,
    faultRate: 0.25,
    seed: 7,
    onApplied(op) {
      if (op === 'create-key' && failNextCreate) {
        failNextCreate = false;
        throw new Error('the answer is lost after the key was made');
      }
    },
  });
});
afterAll(async () => {
  await sb?.close();
});

function config(extra: Partial<HuaweiProviderConfig> = {}): HuaweiProviderConfig {
  return { name: 'hw', type: 'huawei', region: 'ap-southeast-1', projectId: PROJECT_ID, regionClass: 'standard', endpoint: { kms: sb.url, obs: sb.url }, ...extra };
}

const identity = (key: string): KeyIdentity => ({ manifest: 'prov', key, generation: 1, kcv: 'abcdef' });
const createInput = (key: string) => {
  const id = identity(key);
  return {
    keySpec: 'SYMMETRIC_DEFAULT' as const,
    description: 'd',
    tags: { [TAG.manifest]: 'prov', [TAG.key]: key, [TAG.generation]: '1', [TAG.kcv]: 'abcdef' },
    identity: id,
    identityAlias: identityLabel(id),
  };
};

describe('Huawei provider', () => {
  it('refuses to open without credentials, naming the variables (the manifest may rename them)', async () => {
    await expect(createHuaweiProvider(config(), { env: {} })).rejects.toThrow(/HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/);
    await expect(createHuaweiProvider(config({ accessKeyIdEnv: 'MY_AK', accessKeySecretEnv: 'MY_SK' }), { env: ENV })).rejects.toThrow(/MY_AK and MY_SK/);
    const p = await createHuaweiProvider(config({ accessKeyIdEnv: 'MY_AK', accessKeySecretEnv: 'MY_SK' }), { env: { MY_AK: 'test', MY_SK: 'test' }, retry: FAST_RETRY });
    expect(await p.keys.describeKey('00000000-0000-4000-8000-000000000000')).toBeNull();
    const wrong = await createHuaweiProvider(config(), { env: { HUAWEICLOUD_SDK_AK: 'test', HUAWEICLOUD_SDK_SK: 'nope' }, retry: FAST_RETRY });
    const e = await wrong.keys.listManagedKeys('prov').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ProviderError);
    expect((e as ProviderError).code).toBe('provider.access-denied');
  });

  it('works through injected faults: create, import with the expiry, tag, discover, renew', async () => {
    const p: HuaweiProvider = await createHuaweiProvider(config(), { env: ENV, retry: FAST_RETRY });
    const key = await p.keys.createKey(createInput('faulty'));
    expect(key.state).toBe('PendingImport');
    const untagged = (await p.keys.listManagedKeys('prov')).find((k) => k.keyId === key.keyId);
    expect(untagged?.identity).toEqual(identity('faulty'));
    expect(untagged?.tags).toEqual({});
    await p.keys.tagKey(key.keyId, createInput('faulty').tags);
    const material = randomBytes(32);
    for (const days of [10, 20]) {
      const params = await p.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
      const wrapped = wrapMaterial(material, params.publicKey, 'RSAES_OAEP_SHA_256', { expectedKeySpec: 'RSA_2048' });
      const validTo = new Date(Math.floor(Date.now() / 1000) * 1000 + days * 86_400_000);
      await p.keys.importMaterial(key.keyId, params, wrapped, { model: 'expires', validTo });
      const live = await p.keys.describeKey(key.keyId);
      expect([live?.state, live?.validTo]).toEqual(['Enabled', validTo.toISOString()]);
    }
    const found = (await p.keys.listManagedKeys('prov')).find((k) => k.keyId === key.keyId);
    expect(found?.identity).toBeUndefined();
    expect(found?.tags[TAG.key]).toBe('faulty');
    expect(sb.stats().totals.faults).toBeGreaterThan(0);
  });

  it('adopts the key a create-key made when its answer was lost, instead of making a second one', async () => {
    const p = await createHuaweiProvider(config(), { env: ENV, retry: FAST_RETRY });
    failNextCreate = true;
    const key = await p.keys.createKey(createInput('lost-answer'));
    const all = sim.listKeys().Keys.map((k) => sim.describeKey({ KeyId: k.KeyId }).KeyMetadata).filter((m) => m.KeyAlias === identityLabel(identity('lost-answer')));
    expect(all.map((m) => m.KeyId)).toEqual([key.keyId]);
  });
});
