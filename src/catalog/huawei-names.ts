/**
 * Huawei Cloud KMS (DEW) names against ours: key specs and numeric key states (strings on the wire).
 * Source: huaweicloud-sdk-python-v3 kms models, huaweicloud-sdk-go-v3 kms_meta.go.
 */
import type { KeySpec, KeyState } from '../core/specs.js';

export const HUAWEI_KEY_SPECS: Readonly<Partial<Record<KeySpec, string>>> = {
  SYMMETRIC_DEFAULT: 'AES_256',
  SM4: 'SM4',
  RSA_2048: 'RSA_2048',
  RSA_3072: 'RSA_3072',
  RSA_4096: 'RSA_4096',
  ECC_NIST_P256: 'EC_P256',
  ECC_NIST_P384: 'EC_P384',
  ECC_SECG_P256K1: 'SECP256K1',
  SM2: 'SM2',
  HMAC_256: 'HMAC_256',
  HMAC_384: 'HMAC_384',
  HMAC_512: 'HMAC_512',
};

export function keySpecFromHuawei(spec: string): KeySpec | null {
  for (const [ours, theirs] of Object.entries(HUAWEI_KEY_SPECS)) if (theirs === spec) return ours as KeySpec;
  return null;
}

/** 1 pending activation, 2 enabled, 3 disabled, 4 pending deletion, 5 pending import (7 frozen). */
export const HUAWEI_KEY_STATES: Readonly<Record<string, KeyState>> = {
  '1': 'Creating',
  '2': 'Enabled',
  '3': 'Disabled',
  '4': 'PendingDeletion',
  '5': 'PendingImport',
  '7': 'Unavailable',
};

export function huaweiKeyState(state: KeyState): string {
  for (const [code, ours] of Object.entries(HUAWEI_KEY_STATES)) if (ours === state) return code;
  return '7';
}
