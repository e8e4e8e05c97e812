/**
 * How S3 uses KMS for SSE-KMS: PutObject/CopyObject call GenerateDataKey and GetObject calls
 * Decrypt, so each needs the key Enabled; S3 passes KMS's refusal on with a `KMS.` prefix.
 */
import { s3Error } from './errors.js';
import { keyStateOf, stateMessage } from './key-state.js';
import { arnOf, resolveKey } from './resolve.js';
import { SimError } from './sim-types.js';
import type { SimContext } from './context.js';

/**
 * Resolves `ref` (id, key ARN, alias, alias ARN) to the key ARN if the key can be used right now.
 * `use` records the cryptographic operation S3 asked KMS for (GetKeyLastUsage reports it).
 */
export function usableKeyArn(ctx: SimContext, ref: string, use?: 'Decrypt' | 'GenerateDataKey'): string {
  let key;
  try {
    key = resolveKey(ctx, ref, true);
  } catch (e) {
    if (e instanceof SimError) {
      throw s3Error('KMS.NotFoundException', `Key '${ref}' does not exist or is not accessible from this Region and account.`, 400);
    }
    throw e;
  }
  const state = keyStateOf(key);
  if (state === 'Disabled') throw s3Error('KMS.DisabledException', stateMessage(ctx, key), 400);
  if (state !== 'Enabled') throw s3Error('KMS.KMSInvalidStateException', stateMessage(ctx, key), 400);
  if (key.keySpec !== 'SYMMETRIC_DEFAULT' || key.keyUsage !== 'ENCRYPT_DECRYPT') {
    throw s3Error('KMS.InvalidKeyUsageException', `${arnOf(ctx, key.keyId)} is not a symmetric encryption key; S3 needs one.`, 400);
  }
  if (use) key.lastUsage = { at: ctx.clock.now(), operation: use };
  return arnOf(ctx, key.keyId);
}
