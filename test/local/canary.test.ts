import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore } from '../../src/sim/store.js';
import { SimError } from '../../src/sim/sim-types.js';
import { wrapMaterial } from '../../src/wrapping/index.js';
import { DAY, FakeClock, importInto } from './helpers.js';
import { sharedWrappingKeys } from './helpers.js';

/** 32 bytes that are easy to spot in any encoding. */
const CANARY = Buffer.from('CANARY-MATERIAL-do-not-leak-0042', 'utf8');

function encodings(b: Buffer): string[] {
  return [b.toString('hex'), b.toString('hex').toUpperCase(), b.toString('base64'), b.toString('base64url'), b.toString('latin1')];
}

describe('secrecy of the state file', () => {
  it('never holds material, import tokens or wrapped material in any encoding', async () => {
    expect(CANARY.length).toBe(32);
    const clock = new FakeClock();
    const store = openLocalStore(join(mkdtempSync(join(tmpdir(), 'byok-canary-')), 'state.json'), clock, { wrappingKeys: sharedWrappingKeys });
    const sim = store.sim;
    const k = sim.createKey({ Origin: 'EXTERNAL' }).KeyMetadata.KeyId;
    const secrets: Buffer[] = [Buffer.from(CANARY)];

    await importInto(sim, k, Buffer.from(CANARY), { validTo: new Date(clock.now().getTime() + DAY) });
    // A token that is issued but not used stays in the file (as a hash) until it expires.
    const p = await sim.getParametersForImport({ KeyId: k, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const wrapped = wrapMaterial(Buffer.from(CANARY), p.PublicKey, 'RSAES_OAEP_SHA_256').encryptedKeyMaterial;
    secrets.push(p.ImportToken, wrapped);
    const text1 = readFileSync(store.path, 'utf8');
    expect(JSON.parse(text1).importParameters).toHaveLength(1);

    // Wrong material: the error must not carry either material.
    const wrong = Buffer.from('WRONG--MATERIAL-do-not-leak-0042', 'utf8');
    secrets.push(wrong);
    const err = await importInto(sim, k, Buffer.from(wrong)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimError);
    clock.advance(2 * DAY);
    await importInto(sim, k, Buffer.from(CANARY), { validTo: undefined });
    const text2 = readFileSync(store.path, 'utf8');

    for (const secret of secrets) {
      for (const enc of encodings(secret)) {
        expect(text1).not.toContain(enc);
        expect(text2).not.toContain(enc);
        expect(String((err as Error).message)).not.toContain(enc);
      }
    }
    // What is kept instead: a salted fingerprint, never the bare hash of the material.
    const { createHash } = await import('node:crypto');
    expect(text2).not.toContain(createHash('sha256').update(CANARY).digest('hex'));
    expect(JSON.parse(text2).keys[0].material).toMatchObject({ salt: expect.any(String), fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});
