import type { KeySpec } from '../core/specs.js';

export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC';

/**
 * The usage an imported key of each spec is created with (every cloud has the same three).
 * RSA and SM2 could also sign; the manifest has no usage field, so encryption is the default.
 */
export function keyUsageFor(spec: KeySpec): KeyUsage {
  if (spec.startsWith('HMAC_')) return 'GENERATE_VERIFY_MAC';
  if (spec.startsWith('ECC_')) return 'SIGN_VERIFY';
  return 'ENCRYPT_DECRYPT';
}
