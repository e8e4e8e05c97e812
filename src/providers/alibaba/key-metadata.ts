/**
 * Alibaba KeyMetadata <-> our LiveKey. Alibaba spells key specs `Aliyun_AES_256`, `Aliyun_SM4`,
 * `EC_P256`...; states are the same words as ours; MaterialExpireTime is an ISO time or empty
 * (never expires). DescribeKey does not say whether material was ever imported, so the adapter
 * marks a key with the `byok:imported` tag after its first import: a PendingImport key with that
 * tag is a recovery (same material), without it a first import.
 */
import type { KeySpec, KeyState } from '../../core/specs.js';
import type { LiveKey } from '../../core/types.js';
import { ALIBABA_KEY_SPEC_IN, ALIBABA_KEY_SPEC_OUT } from '../../catalog/alibaba.js';
import { ProviderError } from '../port.js';
import type { PopResult } from './clients.js';

export const IMPORTED_TAG = 'byok:imported';


export function alibabaKeySpec(spec: KeySpec): string {
  const s = ALIBABA_KEY_SPEC_OUT[spec];
  if (!s) throw new ProviderError('provider.rejected', 'UnsupportedKeySpec', `Alibaba Cloud KMS has no key spec for ${spec}`);
  return s;
}

export function keyUsageFor(spec: KeySpec): string {
  return spec.startsWith('ECC_') ? 'SIGN/VERIFY' : 'ENCRYPT/DECRYPT';
}

const STATES: Readonly<Record<string, KeyState>> = {
  Enabled: 'Enabled',
  Disabled: 'Disabled',
  PendingImport: 'PendingImport',
  PendingDeletion: 'PendingDeletion',
};

const iso = (s: unknown): string | null => (typeof s === 'string' && s !== '' && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : null);

export function toLiveKey(provider: string, md: PopResult, tags: Record<string, string>): LiveKey {
  if (typeof md?.KeyId !== 'string') throw new ProviderError('internal', 'MalformedResponse', 'DescribeKey returned no KeyId');
  const state = STATES[String(md.KeyState)] ?? 'Unavailable';
  const validTo = iso(md.MaterialExpireTime);
  const hasMaterial = state === 'Enabled' || state === 'Disabled' || validTo !== null || tags[IMPORTED_TAG] !== undefined;
  return {
    provider,
    keyId: md.KeyId,
    arn: typeof md.Arn === 'string' ? md.Arn : md.KeyId,
    state,
    keySpec: ALIBABA_KEY_SPEC_IN[String(md.KeySpec)] ?? 'SYMMETRIC_DEFAULT',
    description: typeof md.Description === 'string' ? md.Description : '',
    createdAt: iso(md.CreationDate) ?? new Date(0).toISOString(),
    validTo,
    expirationModel: !hasMaterial ? null : validTo !== null ? 'expires' : tags[IMPORTED_TAG] === 'expires' && state === 'PendingImport' ? 'expires' : 'never',
    deletionDate: iso(md.DeleteDate),
    tags,
  };
}

export function tagsToRecord(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(list)) return out;
  for (const t of list as { TagKey?: unknown; TagValue?: unknown }[]) {
    if (typeof t.TagKey === 'string') out[t.TagKey] = typeof t.TagValue === 'string' ? t.TagValue : '';
  }
  return out;
}

export function tagsJson(tags: Record<string, string>): string {
  return JSON.stringify(Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })));
}
