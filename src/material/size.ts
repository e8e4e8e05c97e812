import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { KeySpec } from '../core/specs.js';
import type { MaterialSource } from '../core/types.js';
import { looksLikeText } from './decode.js';
import { materialError } from './errors.js';

/** Bytes of raw key material per key spec; asymmetric keys import their private key as PKCS#8 DER. */
const SIZES: Readonly<Record<KeySpec, number | 'pkcs8'>> = {
  SYMMETRIC_DEFAULT: 32,
  SM4: 16,
  HMAC_224: 28,
  HMAC_256: 32,
  HMAC_384: 48,
  HMAC_512: 64,
  RSA_2048: 'pkcs8',
  RSA_3072: 'pkcs8',
  RSA_4096: 'pkcs8',
  ECC_NIST_P256: 'pkcs8',
  ECC_NIST_P384: 'pkcs8',
  ECC_NIST_P521: 'pkcs8',
  ECC_SECG_P256K1: 'pkcs8',
  SM2: 'pkcs8',
};

/** What each asymmetric key spec must parse to: Node's asymmetricKeyType plus modulus or curve. */
const PRIVATE_KEY_SHAPE: Readonly<Partial<Record<KeySpec, { type: 'rsa'; bits: number } | { type: 'ec'; curve: string; label: string }>>> = {
  RSA_2048: { type: 'rsa', bits: 2048 },
  RSA_3072: { type: 'rsa', bits: 3072 },
  RSA_4096: { type: 'rsa', bits: 4096 },
  ECC_NIST_P256: { type: 'ec', curve: 'prime256v1', label: 'P-256 (prime256v1)' },
  ECC_NIST_P384: { type: 'ec', curve: 'secp384r1', label: 'P-384 (secp384r1)' },
  ECC_NIST_P521: { type: 'ec', curve: 'secp521r1', label: 'P-521 (secp521r1)' },
  ECC_SECG_P256K1: { type: 'ec', curve: 'secp256k1', label: 'secp256k1' },
  SM2: { type: 'ec', curve: 'SM2', label: 'SM2' },
};

export function expectedMaterialSize(keySpec: KeySpec): number | 'pkcs8' {
  return SIZES[keySpec];
}

export interface MaterialProblem {
  code: 'material.size' | 'material.malformed';
  /** Words without key content, e.g. "holds 31 bytes, but SYMMETRIC_DEFAULT key material is exactly 32 bytes". */
  problem: string;
}

/**
 * Why `material` cannot be `keySpec` key material; null when it can. Pure and shared: the manifest
 * checks material with it before any API call, and the local simulator checks unwrapped material
 * with it, so both agree on what fits.
 */
export function materialProblem(keySpec: KeySpec, material: Buffer): MaterialProblem | null {
  const expected = SIZES[keySpec];
  if (expected !== 'pkcs8') {
    return material.length === expected ? null : { code: 'material.size', problem: `holds ${material.length} bytes, but ${keySpec} key material is exactly ${expected} bytes` };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
  } catch {
    return { code: 'material.malformed', problem: `is not an unencrypted PKCS#8 DER private key (${keySpec} material must be one)` };
  }
  const problem = shapeProblem(keySpec, key);
  return problem === null ? null : { code: 'material.size', problem: `${problem}, which does not match key spec ${keySpec}` };
}

/** Throws a material.size / material.malformed UserError unless `material` fits `keySpec`. */
export function checkMaterial(keySpec: KeySpec, material: Buffer, source: MaterialSource): void {
  const found = materialProblem(keySpec, material);
  if (found === null) return;
  if (SIZES[keySpec] !== 'pkcs8') {
    const textHint =
      source.type === 'file' && source.encoding === 'raw' && looksLikeText(material)
        ? 'The file looks like base64 or hex text: set `encoding: base64` (or `hex`) on the material, or store the raw bytes. '
        : '';
    throw materialError(found.code, source, found.problem, `${textHint}Generate fitting material with \`reconcile material generate --key-spec ${keySpec} --out FILE\`.`);
  }
  const hint =
    found.code === 'material.malformed'
      ? 'Convert the key with `openssl pkcs8 -topk8 -nocrypt -outform DER -in key.pem -out key.der`.'
      : 'Point the material at the private key generated for this key spec, or change the key spec.';
  throw materialError(found.code, source, found.problem, hint);
}

/** Why the parsed key does not fit the spec, in words without key content; null when it fits. */
function shapeProblem(keySpec: KeySpec, key: KeyObject): string | null {
  const want = PRIVATE_KEY_SHAPE[keySpec];
  const details = key.asymmetricKeyDetails ?? {};
  const have =
    key.asymmetricKeyType === 'rsa'
      ? `holds a ${details.modulusLength ?? '?'}-bit RSA private key`
      : key.asymmetricKeyType === 'ec'
        ? `holds an EC private key on curve ${details.namedCurve ?? '?'}`
        : `holds a ${key.asymmetricKeyType ?? 'unknown'} private key`;
  if (!want) return have;
  if (want.type === 'rsa') return key.asymmetricKeyType === 'rsa' && details.modulusLength === want.bits ? null : `${have} (expected RSA ${want.bits}-bit)`;
  return key.asymmetricKeyType === 'ec' && details.namedCurve === want.curve ? null : `${have} (expected ${want.label})`;
}
