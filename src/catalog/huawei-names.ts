/**
 * Huawei Cloud KMS (DEW) names and units against ours: key specs, numeric key states (strings on
 * the wire), and the key_alias that carries a key's ownership identity (tags come only after
 * create, so the alias given at create is what survives a crash between the two calls).
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

/** The identity a key carries in its key_alias: `byok/<manifest>/<key>/g<generation>/<kcv>`. */
export interface AliasIdentity {
  manifest: string;
  key: string;
  generation: number;
  kcv: string;
}

export const IDENTITY_ALIAS_PREFIX = 'byok/';

/** Characters outside key_alias's `[a-zA-Z0-9:/_-]` (and `/` inside a name) become `_xx` hex escapes. */
function escapePart(s: string): string {
  return s.replace(/[^a-zA-Z0-9:-]/g, (c) => `_${[...Buffer.from(c, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join('_')}`);
}

function unescapePart(s: string): string {
  const bytes: number[] = [];
  let out = '';
  const flush = () => {
    if (bytes.length) out += Buffer.from(bytes.splice(0)).toString('utf8');
  };
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '_' && /^[0-9a-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      flush();
      out += s[i];
    }
  }
  flush();
  return out;
}

export function identityAlias(id: AliasIdentity): string {
  return `${IDENTITY_ALIAS_PREFIX}${escapePart(id.manifest)}/${escapePart(id.key)}/g${id.generation}/${escapePart(id.kcv)}`;
}

export function parseIdentityAlias(alias: string): AliasIdentity | null {
  if (!alias.startsWith(IDENTITY_ALIAS_PREFIX)) return null;
  const parts = alias.slice(IDENTITY_ALIAS_PREFIX.length).split('/');
  if (parts.length !== 4) return null;
  const [m, k, g, kcv] = parts as [string, string, string, string];
  const gen = /^g(\d+)$/.exec(g);
  if (!gen) return null;
  return { manifest: unescapePart(m), key: unescapePart(k), generation: Number(gen[1]), kcv: unescapePart(kcv) };
}
