/** Key lookup by id, key ARN, alias name or alias ARN, with AWS's error names. */
import { SimError } from './sim-types.js';
import { notFound } from './errors.js';
import { aliasArn, keyArn, parseKmsArn, UUID_RE } from './ids.js';
import type { SimContext } from './context.js';
import type { KeyRecord } from './model.js';

export const arnOf = (ctx: SimContext, keyId: string): string => keyArn(ctx, keyId);

function sameScope(ctx: SimContext, s: { partition: string; region: string; accountId: string }): boolean {
  return s.partition === ctx.partition && s.region === ctx.region && s.accountId === ctx.accountId;
}

function byAlias(ctx: SimContext, alias: string): KeyRecord {
  const a = ctx.model.aliases.get(alias);
  const key = a ? ctx.model.keys.get(a.targetKeyId) : undefined;
  if (!key) throw notFound(`Alias ${aliasArn(ctx, alias)} is not found.`);
  return key;
}

function byId(ctx: SimContext, keyId: string): KeyRecord {
  const key = ctx.model.keys.get(keyId);
  if (!key) throw notFound(`Key '${keyArn(ctx, keyId)}' does not exist`);
  return key;
}

/**
 * `allowAlias` mirrors AWS: DescribeKey (and S3's use of a key) take alias names and alias ARNs;
 * management operations (EnableKey, ImportKeyMaterial, TagResource, ...) take only a key id or key ARN.
 */
export function resolveKey(ctx: SimContext, ref: string, allowAlias: boolean): KeyRecord {
  if (typeof ref !== 'string' || ref.length === 0) throw new SimError('ValidationException', 'KeyId is required');
  if (ref.startsWith('arn:')) {
    const arn = parseKmsArn(ref);
    if (!arn) throw new SimError('InvalidArnException', `Invalid arn ${ref}`);
    if (arn.kind === 'alias' && !allowAlias) throw notFound(`Invalid keyId '${ref}'`);
    if (!sameScope(ctx, arn.scope)) throw notFound(`Key '${ref}' does not exist`);
    return arn.kind === 'key' ? byId(ctx, arn.keyId) : byAlias(ctx, arn.alias);
  }
  if (ref.startsWith('alias/')) {
    if (!allowAlias) throw notFound(`Invalid keyId '${ref}'`);
    return byAlias(ctx, ref);
  }
  if (!UUID_RE.test(ref)) throw notFound(`Invalid keyId '${ref}'`);
  return byId(ctx, ref);
}
