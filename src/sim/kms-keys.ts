/** CreateKey, DescribeKey, ListKeys, EnableKey/DisableKey, ScheduleKeyDeletion/CancelKeyDeletion. */
import { DAY_MS, KEY_SPECS, type KeySpec } from '../core/specs.js';
import { SimError, type KmsSimulator, type SimKeyMetadata } from './sim-types.js';
import { enumError, unsupported, validation } from './errors.js';
import { newKeyId } from './ids.js';
import { invalidState } from './errors.js';
import { keyStateOf, noteDeadline, requireState } from './key-state.js';
import { checkTags } from './kms-tags.js';
import { checkLimit, paginate } from './paginate.js';
import { arnOf, resolveKey } from './resolve.js';
import type { SimContext } from './context.js';
import type { KeyRecord, MaterialRecord } from './model.js';
import type { KeyOrigin, KeyUsage } from './state.js';

const KEY_USAGES = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC'] as const;
const ORIGINS = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const;

/** Key usages AWS accepts per key spec (KEY_AGREEMENT is outside the simulator's surface). */
const USAGES_BY_SPEC: Partial<Record<KeySpec, readonly KeyUsage[]>> = {
  SYMMETRIC_DEFAULT: ['ENCRYPT_DECRYPT'],
  SM4: ['ENCRYPT_DECRYPT'],
  HMAC_224: ['GENERATE_VERIFY_MAC'],
  HMAC_256: ['GENERATE_VERIFY_MAC'],
  HMAC_384: ['GENERATE_VERIFY_MAC'],
  HMAC_512: ['GENERATE_VERIFY_MAC'],
  RSA_2048: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_3072: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  RSA_4096: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  ECC_NIST_P256: ['SIGN_VERIFY'],
  ECC_NIST_P384: ['SIGN_VERIFY'],
  ECC_NIST_P521: ['SIGN_VERIFY'],
  ECC_SECG_P256K1: ['SIGN_VERIFY'],
  SM2: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
};

export function metadataOf(ctx: SimContext, k: KeyRecord): SimKeyMetadata {
  const state = keyStateOf(k);
  const md: SimKeyMetadata = {
    AWSAccountId: ctx.accountId,
    KeyId: k.keyId,
    Arn: arnOf(ctx, k.keyId),
    CreationDate: new Date(k.createdAt),
    Enabled: state === 'Enabled',
    Description: k.description,
    KeyUsage: k.keyUsage,
    KeyState: state,
    Origin: k.origin,
    KeyManager: 'CUSTOMER',
    KeySpec: k.keySpec,
    MultiRegion: false,
  };
  if (k.keyAlias !== undefined) md.KeyAlias = k.keyAlias;
  if (k.instanceId !== undefined) md.InstanceId = k.instanceId;
  if (k.protectionLevel !== undefined) md.ProtectionLevel = k.protectionLevel;
  if (k.deletion) {
    md.DeletionDate = new Date(k.deletion.date);
    md.PendingDeletionWindowInDays = k.deletion.windowDays;
  }
  const m = k.material;
  if (k.origin === 'EXTERNAL' && m) {
    // Kept after expiry or deletion: it tells "recover" (same material) from "first import".
    md.ExpirationModel = m.expirationModel;
    // ValidTo: the earliest expiry among the permanently associated materials still imported;
    // once the current one is deleted, its last expiry stays visible (Huawei's describe-key keeps it).
    const validTo = earliestValidTo([m, ...k.nonCurrent]);
    if (validTo) md.ValidTo = validTo;
    else if (m.validTo) md.LastValidTo = new Date(m.validTo);
    if (k.keySpec === 'SYMMETRIC_DEFAULT') md.CurrentKeyMaterialId = m.keyMaterialId;
  }
  return md;
}

function earliestValidTo(materials: readonly MaterialRecord[]): Date | null {
  const times = materials.filter((x) => x.imported && x.validTo).map((x) => x.validTo!.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

function pick<T extends string>(value: string | undefined, field: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw enumError(value, field, allowed);
  return value as T;
}

export type CreateKeyRequest = Parameters<KmsSimulator['createKey']>[0];

export function createKey(
  ctx: SimContext,
  req: CreateKeyRequest,
): { KeyMetadata: SimKeyMetadata } {
  const extra = ctx.rules.extraSymmetricSpecs.filter((x) => !x.chinaOnly || ctx.regionClass === 'china').map((x) => x.spec);
  const keySpec = pick(req.KeySpec, 'keySpec', KEY_SPECS.filter((s) => s !== 'SM4' || extra.includes(s)), 'SYMMETRIC_DEFAULT');
  const keyUsage = pick(req.KeyUsage, 'keyUsage', KEY_USAGES, 'ENCRYPT_DECRYPT');
  const origin = pick(req.Origin, 'origin', ORIGINS, 'AWS_KMS');
  const description = req.Description ?? '';
  if (description.length > 8192) throw validation('Description must be at most 8192 characters');
  if (keySpec === 'SM2' && ctx.regionClass !== 'china') throw validation('KeySpec SM2 is only available in China Regions');
  if (!USAGES_BY_SPEC[keySpec]?.includes(keyUsage)) {
    throw validation(
      req.KeyUsage === undefined
        ? 'You must specify a KeyUsage value for all KMS keys other than symmetric encryption keys.'
        : `KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}`,
    );
  }
  if (origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE') {
    throw unsupported(`Origin ${origin} needs a custom key store, which the local simulator does not have`);
  }
  const tags = req.Tags ?? [];
  checkTags(ctx.rules, tags);
  if (req.KeyAlias !== undefined) checkKeyAlias(ctx, req.KeyAlias);
  const key: KeyRecord = {
    keyId: newKeyId(),
    createdAt: ctx.clock.now(),
    description,
    keyUsage,
    keySpec,
    origin: origin as KeyOrigin,
    enabled: true,
    deletion: null,
    tags: new Map(tags.map((t) => [t.TagKey, t.TagValue])),
    ...(req.KeyAlias !== undefined ? { keyAlias: req.KeyAlias } : {}),
    material: null,
    ...(req.InstanceId !== undefined ? { instanceId: req.InstanceId } : {}),
    ...(req.ProtectionLevel !== undefined ? { protectionLevel: req.ProtectionLevel } : {}),
    nonCurrent: [],
    pending: null,
    lastUsage: null,
  };
  ctx.model.keys.set(key.keyId, key);
  return { KeyMetadata: metadataOf(ctx, key) };
}

const KEY_ALIAS = /^[a-zA-Z0-9:/_-]{1,255}$/;

/** Huawei's key_alias: 1-255 of `[a-zA-Z0-9:/_-]`, not ending in `/default`, unique in the account. */
function checkKeyAlias(ctx: SimContext, alias: string): void {
  if (typeof alias !== 'string' || !KEY_ALIAS.test(alias) || alias.endsWith('/default')) {
    throw validation(`Invalid key alias '${String(alias).slice(0, 300)}': 1-255 characters of [a-zA-Z0-9:/_-], not ending in /default`);
  }
  for (const k of ctx.model.keys.values()) {
    if (k.keyAlias === alias) throw new SimError('AlreadyExistsException', `A key with the alias ${alias} already exists`);
  }
}

export function describeKey(ctx: SimContext, req: { KeyId: string }): { KeyMetadata: SimKeyMetadata } {
  return { KeyMetadata: metadataOf(ctx, resolveKey(ctx, req.KeyId, true)) };
}

export function listKeys(ctx: SimContext, req: { Limit?: number; Marker?: string }) {
  const limit = checkLimit(req.Limit, 100, 1000);
  const page = paginate(ctx.model.keys.values(), (k) => k.keyId, limit, req.Marker);
  return {
    Keys: page.items.map((k) => ({ KeyId: k.keyId, KeyArn: arnOf(ctx, k.keyId) })),
    Truncated: page.truncated,
    ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
  };
}

/** EnableKey on a PendingImport key fails: there is no material to enable. */
export function setEnabled(ctx: SimContext, keyId: string, enabled: boolean): void {
  const key = resolveKey(ctx, keyId, false);
  requireState(ctx, key, ['Enabled', 'Disabled']);
  key.enabled = enabled;
}

export function scheduleKeyDeletion(ctx: SimContext, req: { KeyId: string; PendingWindowInDays?: number }) {
  const key = resolveKey(ctx, req.KeyId, false);
  const w = ctx.rules.deletionWindowDays;
  const days = req.PendingWindowInDays ?? w.defaultDays;
  if (days === null) throw validation('PendingWindowInDays is required');
  if (!Number.isInteger(days) || days < w.min || days > w.max) {
    throw validation(`PendingWindowInDays value ${days} is out of range: it must be between ${w.min} and ${w.max}`);
  }
  requireState(ctx, key, ['Enabled', 'Disabled', 'PendingImport']);
  const date = new Date(ctx.clock.now().getTime() + days * DAY_MS);
  key.deletion = { date, windowDays: days };
  noteDeadline(ctx.model, date);
  return { KeyId: arnOf(ctx, key.keyId), DeletionDate: new Date(date), KeyState: keyStateOf(key), PendingWindowInDays: days };
}

/** The key comes back Disabled (AWS) or Enabled (the rules say), or PendingImport when it has no imported material. */
export function cancelKeyDeletion(ctx: SimContext, req: { KeyId: string }): { KeyId: string } {
  const key = resolveKey(ctx, req.KeyId, false);
  if (!key.deletion) throw invalidState(`${arnOf(ctx, key.keyId)} is not pending deletion.`);
  key.deletion = null;
  key.enabled = ctx.rules.cancelDeletionTo === 'Enabled';
  return { KeyId: arnOf(ctx, key.keyId) };
}
