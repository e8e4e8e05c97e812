/** Huawei's describe-key/list-keys `key_info` (all strings, times in ms) as our LiveKey. */
import { HUAWEI_KEY_STATES, keySpecFromHuawei } from '../../catalog/huawei-names.js';
import { parseIdentityLabel } from '../../core/identity.js';
import { TAG, type LiveKey } from '../../core/types.js';

export interface KeyInfo {
  key_id: string;
  domain_id?: string;
  key_alias?: string;
  realm?: string;
  key_spec?: string;
  key_description?: string;
  creation_date?: string;
  scheduled_deletion_date?: string;
  key_state?: string;
  expiration_time?: string;
  origin?: string;
}

const iso = (ms: string | undefined): string | null => (ms && /^\d+$/.test(ms) ? new Date(Number(ms)).toISOString() : null);

/** `region:domain:key/id`: how OBS names a KMS key, and our display ARN. */
export const keyUrn = (region: string, info: KeyInfo): string => `${region}:${info.domain_id ?? ''}:key/${info.key_id}`;

export function liveKeyOf(provider: string, region: string, info: KeyInfo, tags: Record<string, string>): LiveKey {
  // Untagged (a crash between create-key and tagging): the create-time alias says whose it is.
  const identity = info.key_alias && tags[TAG.manifest] === undefined ? parseIdentityLabel(info.key_alias) : null;
  const state = HUAWEI_KEY_STATES[info.key_state ?? ''] ?? 'Unavailable';
  const validTo = iso(info.expiration_time);
  return {
    provider,
    keyId: info.key_id,
    arn: keyUrn(region, info),
    state,
    keySpec: keySpecFromHuawei(info.key_spec ?? 'AES_256') ?? 'SYMMETRIC_DEFAULT',
    description: info.key_description ?? '',
    createdAt: iso(info.creation_date) ?? new Date(0).toISOString(),
    // Huawei keeps the expiry after deleting expired material: a past value on a pending-import key is a recovery.
    validTo: state === 'Enabled' || state === 'Disabled' || state === 'PendingImport' ? validTo : null,
    expirationModel: validTo === null ? null : 'expires',
    deletionDate: iso(info.scheduled_deletion_date),
    tags,
    ...(identity ? { identity } : {}),
  };
}
