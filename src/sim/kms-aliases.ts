/** CreateAlias, UpdateAlias, DeleteAlias, ListAliases with AWS's name rules. */
import { SimError } from './sim-types.js';
import { notFound, validation } from './errors.js';
import { aliasArn } from './ids.js';
import { requireState } from './key-state.js';
import { checkLimit, paginate } from './paginate.js';
import { resolveKey } from './resolve.js';
import type { SimContext } from './context.js';
import type { AliasRecord, KeyRecord } from './model.js';

const ALIAS_CHARS = /^[a-zA-Z0-9:/_-]+$/;

function checkAliasName(ctx: SimContext, name: string): void {
  const { aliasPrefix: prefix, aliasMaxLength: max } = ctx.rules;
  if (typeof name !== 'string' || name.length < 1 || name.length > max) {
    throw validation(`1 validation error detected: Value at 'aliasName' failed to satisfy constraint: Member must have length between 1 and ${max}`);
  }
  if (!ALIAS_CHARS.test(name)) {
    throw validation(
      `1 validation error detected: Value '${name}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$`,
    );
  }
  const reserved = ctx.rules.reservedAliasPrefixes.find((p) => name.startsWith(p));
  if (reserved) throw new SimError('NotAuthorizedException', `Cannot create alias with prefix '${reserved}'`);
  if (prefix === null) return;
  if (!name.startsWith(prefix)) throw validation(`Alias must start with the prefix "${prefix}". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html`);
  if (name === prefix) throw new SimError('InvalidAliasNameException', `Alias name must have at least one character after "${prefix}"`);
}

/** Key type as UpdateAlias compares it: symmetric encryption, asymmetric, or HMAC, plus usage. */
function kindOf(k: KeyRecord): string {
  const family = k.keySpec === 'SYMMETRIC_DEFAULT' ? 'symmetric' : k.keySpec.startsWith('HMAC_') ? 'hmac' : 'asymmetric';
  return `${family}/${k.keyUsage}`;
}

function target(ctx: SimContext, targetKeyId: string): KeyRecord {
  const key = resolveKey(ctx, targetKeyId, false);
  requireState(ctx, key, ['Enabled', 'Disabled', 'PendingImport']);
  return key;
}

export function createAlias(ctx: SimContext, req: { AliasName: string; TargetKeyId: string }): void {
  checkAliasName(ctx, req.AliasName);
  if (ctx.model.aliases.has(req.AliasName)) {
    throw new SimError('AlreadyExistsException', `An alias with the name ${aliasArn(ctx, req.AliasName)} already exists`);
  }
  const key = target(ctx, req.TargetKeyId);
  const now = ctx.clock.now();
  ctx.model.aliases.set(req.AliasName, { name: req.AliasName, targetKeyId: key.keyId, createdAt: now, updatedAt: now });
}

export function updateAlias(ctx: SimContext, req: { AliasName: string; TargetKeyId: string }): void {
  checkAliasName(ctx, req.AliasName);
  const alias = ctx.model.aliases.get(req.AliasName);
  if (!alias) throw notFound(`Alias ${aliasArn(ctx, req.AliasName)} is not found.`);
  const key = target(ctx, req.TargetKeyId);
  const current = ctx.model.keys.get(alias.targetKeyId);
  if (current && kindOf(current) !== kindOf(key)) {
    throw validation(`${req.AliasName} cannot be moved to a key of a different type or key usage`);
  }
  alias.targetKeyId = key.keyId;
  alias.updatedAt = ctx.clock.now();
}

export function deleteAlias(ctx: SimContext, req: { AliasName: string }): void {
  if (!ctx.model.aliases.delete(req.AliasName)) throw notFound(`Alias ${aliasArn(ctx, req.AliasName)} is not found.`);
}

export function listAliases(ctx: SimContext, req: { KeyId?: string; Limit?: number; Marker?: string }) {
  const limit = checkLimit(req.Limit, 50, 100);
  const keyId = req.KeyId === undefined ? undefined : resolveKey(ctx, req.KeyId, false).keyId;
  const page = paginate(aliasesTargeting(ctx, keyId), (a) => a.name, limit, req.Marker);
  return {
    Aliases: page.items.map((a) => ({
      AliasName: a.name,
      AliasArn: aliasArn(ctx, a.name),
      TargetKeyId: a.targetKeyId,
      CreationDate: new Date(a.createdAt),
      LastUpdatedDate: new Date(a.updatedAt),
    })),
    Truncated: page.truncated,
    ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}),
  };
}

/** Every alias, or those of one key, straight from the model: a page takes one pass, no copy of them all. */
function* aliasesTargeting(ctx: SimContext, keyId: string | undefined): Iterable<AliasRecord> {
  for (const a of ctx.model.aliases.values()) if (keyId === undefined || a.targetKeyId === keyId) yield a;
}
