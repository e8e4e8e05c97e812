import type { KeyMetadata, Tag } from '@aws-sdk/client-kms';
import type { KeySpec, KeyState } from '../../core/specs.js';
import type { LiveKey } from '../../core/types.js';
import { ProviderError } from '../port.js';

/** Translation between KMS KeyMetadata and our LiveKey. */

const STATES: Record<string, KeyState> = {
  Creating: 'Creating',
  Enabled: 'Enabled',
  Disabled: 'Disabled',
  PendingImport: 'PendingImport',
  PendingDeletion: 'PendingDeletion',
  // A multi-Region primary waiting for its replicas to go: for us it is on its way out.
  PendingReplicaDeletion: 'PendingDeletion',
  Unavailable: 'Unavailable',
  Updating: 'Updating',
};

export function toLiveKey(provider: string, meta: KeyMetadata, tags: Record<string, string>): LiveKey {
  if (!meta.KeyId || !meta.Arn) throw new ProviderError('internal', 'MalformedResponse', 'DescribeKey returned no KeyId/Arn');
  return {
    provider,
    keyId: meta.KeyId,
    arn: meta.Arn,
    state: STATES[meta.KeyState ?? ''] ?? 'Unavailable',
    keySpec: (meta.KeySpec ?? 'SYMMETRIC_DEFAULT') as KeySpec,
    description: meta.Description ?? '',
    createdAt: (meta.CreationDate ?? new Date(0)).toISOString(),
    validTo: meta.ValidTo ? meta.ValidTo.toISOString() : null,
    // ExpirationModel is present only once material was imported, so absent = first import due.
    expirationModel: meta.ExpirationModel === 'KEY_MATERIAL_EXPIRES' ? 'expires' : meta.ExpirationModel === 'KEY_MATERIAL_DOES_NOT_EXPIRE' ? 'never' : null,
    deletionDate: meta.DeletionDate ? meta.DeletionDate.toISOString() : null,
    tags,
  };
}

export function tagsToRecord(tags: ReadonlyArray<{ TagKey?: string | undefined; TagValue?: string | undefined } | { Key?: string | undefined; Value?: string | undefined }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) {
    const key = 'TagKey' in tag ? tag.TagKey : 'Key' in tag ? tag.Key : undefined;
    const value = 'TagValue' in tag ? tag.TagValue : 'Value' in tag ? tag.Value : undefined;
    if (key !== undefined) out[key] = value ?? '';
  }
  return out;
}

export function recordToTags(tags: Record<string, string>): Tag[] {
  return Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

/** Our spec names that AWS spells differently or lacks. */
export function awsKeySpec(spec: KeySpec): string {
  if (spec === 'SM4') {
    throw new ProviderError('provider.rejected', 'UnsupportedKeySpec', 'AWS has no SM4 key spec: in China Regions an SM4 key is SYMMETRIC_DEFAULT; use that in the manifest.');
  }
  return spec;
}
