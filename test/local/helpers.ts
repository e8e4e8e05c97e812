/** Fixtures for the local simulator tests: a settable clock and a one-call import. */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../src/core/types.js';
import type { WrappingAlgorithm, WrappingKeySpec } from '../../src/core/specs.js';
import { wrapMaterial } from '../../src/wrapping/index.js';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { SimError } from '../../src/sim/sim-types.js';
import { wrappingKeySource } from '../../src/sim/wrapping-keys.js';

export const DAY = 86_400_000;
export const T0 = new Date('2030-01-01T00:00:00Z');

export class FakeClock implements Clock {
  constructor(private t = T0.getTime()) {}
  now(): Date {
    return new Date(this.t);
  }
  set(d: Date): void {
    this.t = d.getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** One wrapping pair per spec shared by a test file keeps tests fast; tests of per-call freshness pass a pool size. */
export const sharedWrappingKeys = wrappingKeySource(1);
export function newSim(clock = new FakeClock(), wrappingKeyPool?: number): { sim: LocalSimulator; clock: FakeClock } {
  const wrapping = wrappingKeyPool === undefined ? { wrappingKeys: sharedWrappingKeys } : { wrappingKeyPool };
  return { sim: new LocalSimulator({ clock, ...wrapping }), clock };
}

export function externalKey(sim: LocalSimulator, tags: Record<string, string> = {}): string {
  const Tags = Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
  return sim.createKey({ Origin: 'EXTERNAL', Description: 'test', Tags }).KeyMetadata.KeyId;
}

export interface ImportOpts {
  algorithm?: WrappingAlgorithm;
  spec?: WrappingKeySpec;
  validTo?: Date | undefined;
  model?: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE';
  importType?: 'NEW_KEY_MATERIAL' | 'EXISTING_KEY_MATERIAL';
  keyMaterialId?: string;
  description?: string;
}

/** GetParametersForImport + wrap + ImportKeyMaterial; RSA_2048 wrapping keys to stay fast. */
export async function importInto(sim: LocalSimulator, keyId: string, material: Buffer, o: ImportOpts = {}) {
  const algorithm = o.algorithm ?? 'RSAES_OAEP_SHA_256';
  const p = await sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: o.spec ?? 'RSA_2048' });
  const wrapped = wrapMaterial(material, p.PublicKey, algorithm);
  const validTo = 'validTo' in o ? o.validTo : new Date(sim.clock.now().getTime() + 30 * DAY);
  return sim.importKeyMaterial({
    KeyId: keyId,
    ImportToken: p.ImportToken,
    EncryptedKeyMaterial: wrapped.encryptedKeyMaterial,
    ExpirationModel: o.model ?? (validTo ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE'),
    ...(validTo ? { ValidTo: validTo } : {}),
    ...(o.importType ? { ImportType: o.importType } : {}),
    ...(o.keyMaterialId ? { KeyMaterialId: o.keyMaterialId } : {}),
    ...(o.description !== undefined ? { KeyMaterialDescription: o.description } : {}),
  });
}

export const material32 = (): Buffer => randomBytes(32);

/** The AWS error name a call throws (fails the test when it does not throw a SimError). */
export async function awsError(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof SimError) return e.awsCode;
    throw e;
  }
  throw new Error('expected a SimError, but the call succeeded');
}
