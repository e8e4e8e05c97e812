import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WrappingKeySpec } from '../../src/core/specs.js';
import { distinctWrappingKeys, type BaseKey } from '../../src/sim/distinct-wrapping-keys.js';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { wrappingKeySource } from '../../src/sim/wrapping-keys.js';
import { wrapMaterial, wrappingKeySpecOf } from '../../src/wrapping/index.js';
import { DAY, FakeClock, awsError, externalKey, material32 } from './helpers.js';

/**
 * The local simulator's default wrapping keys: distinct per GetParametersForImport call (as AWS),
 * at the cost of one RSA key generation per spec, not one per call.
 */
function counting() {
  const calls: WrappingKeySpec[] = [];
  const real = wrappingKeySource(0);
  const generate = async (spec: WrappingKeySpec): Promise<BaseKey> => {
    calls.push(spec);
    const { privateKeyPkcs8 } = await real.get(spec);
    const { createPrivateKey } = await import('node:crypto');
    const jwk = createPrivateKey({ key: Buffer.from(privateKeyPkcs8, 'base64'), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
    return { n: jwk.n!, p: jwk.p!, q: jwk.q! };
  };
  return { calls, generate };
}

describe('distinct wrapping keys', () => {
  it('gives 40 RSA_4096 calls 40 different key pairs from one key generation', async () => {
    const { calls, generate } = counting();
    const source = distinctWrappingKeys({ fallback: wrappingKeySource(0), generate });
    const pairs = await Promise.all(Array.from({ length: 40 }, () => source.get('RSA_4096')));
    expect(calls).toEqual(['RSA_4096']);
    expect(new Set(pairs.map((p) => p.publicKeyDer.toString('hex'))).size).toBe(40);
    expect(new Set(pairs.map((p) => p.privateKeyPkcs8)).size).toBe(40);
    for (const p of pairs.slice(0, 3)) expect(wrappingKeySpecOf(p.publicKeyDer)).toBe('RSA_4096');
  });

  it('keeps its moduli in a cache file (0600) that the next process reads instead of generating', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'byok-moduli-'));
    const cacheFile = join(dir, 'moduli.json');
    const first = counting();
    await distinctWrappingKeys({ fallback: wrappingKeySource(0), generate: first.generate, cacheFile }).get('RSA_2048');
    expect(existsSync(cacheFile)).toBe(true);
    expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(cacheFile, 'utf8')) as object)).toEqual(['RSA_2048']);
    const second = counting();
    await distinctWrappingKeys({ fallback: wrappingKeySource(0), generate: second.generate, cacheFile }).get('RSA_2048');
    expect(second.calls).toEqual([]);
  });

  it('a blob wrapped for one parameters call does not import with another call\'s token', async () => {
    const clock = new FakeClock();
    const sim = new LocalSimulator({ clock });
    const keyId = externalKey(sim);
    const params = () => sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const a = await params();
    const b = await params();
    expect(a.ImportToken.equals(b.ImportToken)).toBe(false);
    expect(a.PublicKey.equals(b.PublicKey)).toBe(false);
    const material = material32();
    const forA = wrapMaterial(material, a.PublicKey, 'RSAES_OAEP_SHA_256').encryptedKeyMaterial;
    const imp = (token: Buffer, blob: Buffer) => sim.importKeyMaterial({ KeyId: keyId, ImportToken: token, EncryptedKeyMaterial: blob, ValidTo: new Date(clock.now().getTime() + DAY) });
    expect(await awsError(() => imp(b.ImportToken, forA))).toBe('InvalidCiphertextException');
    imp(a.ImportToken, forA);
    expect(sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState).toBe('Enabled');
  });
});
