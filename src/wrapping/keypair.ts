import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { WrappingKeySpec } from '../core/specs.js';
import { wrappingError } from './errors.js';
import { generateSm2KeyPair } from './sm2.js';

const generate = promisify(generateKeyPair);

const BITS: Readonly<Partial<Record<WrappingKeySpec, number>>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };

/** A fresh RSA wrapping key pair (e = 65537), or an SM2 pair, as a provider issues per import-parameters call. */
export async function generateWrappingKeyPair(spec: WrappingKeySpec): Promise<{ publicKeyDer: Buffer; privateKey: KeyObject }> {
  if (spec === 'SM2') return generateSm2KeyPair();
  const modulusLength = BITS[spec];
  if (modulusLength === undefined) {
    throw wrappingError('wrapping.unsupported', `wrapping key spec ${spec} is not supported by byok-reconciler`, 'Use RSA_2048, RSA_3072 or RSA_4096.');
  }
  const { publicKey, privateKey } = await generate('rsa', { modulusLength, publicExponent: 0x10001 });
  return { publicKeyDer: publicKey.export({ format: 'der', type: 'spki' }), privateKey };
}
