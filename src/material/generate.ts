import { generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeySpec } from '../core/specs.js';
import { expectedMaterialSize } from './size.js';

const generatePair = promisify(generateKeyPair);

type PairRequest = { type: 'rsa'; modulusLength: number } | { type: 'ec'; namedCurve: string };

const ASYMMETRIC: Readonly<Partial<Record<KeySpec, PairRequest>>> = {
  RSA_2048: { type: 'rsa', modulusLength: 2048 },
  RSA_3072: { type: 'rsa', modulusLength: 3072 },
  RSA_4096: { type: 'rsa', modulusLength: 4096 },
  ECC_NIST_P256: { type: 'ec', namedCurve: 'prime256v1' },
  ECC_NIST_P384: { type: 'ec', namedCurve: 'secp384r1' },
  ECC_NIST_P521: { type: 'ec', namedCurve: 'secp521r1' },
  ECC_SECG_P256K1: { type: 'ec', namedCurve: 'secp256k1' },
  SM2: { type: 'ec', namedCurve: 'SM2' },
};

/**
 * Fresh material for a key spec: CSPRNG bytes of the exact size, or a new private key as PKCS#8
 * DER for asymmetric specs. The caller owns (and zeroes) the result.
 */
export async function generateMaterial(keySpec: KeySpec): Promise<Buffer> {
  const size = expectedMaterialSize(keySpec);
  if (size !== 'pkcs8') return randomBytes(size);
  const req = ASYMMETRIC[keySpec];
  if (!req) throw new Error(`no generator for ${keySpec}`);
  const { privateKey } = (req.type === 'rsa'
    ? await generatePair('rsa', { modulusLength: req.modulusLength })
    : await generatePair('ec', { namedCurve: req.namedCurve })) as { privateKey: KeyObject };
  return privateKey.export({ format: 'der', type: 'pkcs8' });
}
