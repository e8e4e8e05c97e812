/** GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial. */
import { createPrivateKey } from 'node:crypto';
import { DAY_MS, WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS, type WrappingAlgorithm, type WrappingKeySpec } from '../core/specs.js';
import { checkCompatibility, unwrapMaterial } from '../wrapping/index.js';
import { SimError } from './sim-types.js';
import { enumError, unsupported, validation } from './errors.js';
import { newImportToken, tokenExpiry, tokenHash } from './import-token.js';
import { noteDeadline, requireState } from './key-state.js';
import { checkImportRequest, type ImportRequest } from './import-request.js';
import { fingerprint, keyMaterialId, materialProblem, newSalt, sameMaterial } from './material.js';
import { arnOf, resolveKey } from './resolve.js';
import type { SimContext } from './context.js';
import type { ImportParamsRecord, KeyRecord } from './model.js';

export const IMPORT_TOKEN_LIFETIME_MS = DAY_MS;

function external(ctx: SimContext, k: KeyRecord): KeyRecord {
  if (k.origin !== 'EXTERNAL') throw unsupported(`${arnOf(ctx, k.keyId)} origin is ${k.origin} which is not valid for this operation.`);
  return k;
}

export async function getParametersForImport(
  ctx: SimContext,
  req: { KeyId: string; WrappingAlgorithm: string; WrappingKeySpec: string },
): Promise<{ KeyId: string; ImportToken: Buffer; PublicKey: Buffer; ParametersValidTo: Date }> {
  if (!(WRAPPING_ALGORITHMS as readonly string[]).includes(req.WrappingAlgorithm)) {
    throw enumError(String(req.WrappingAlgorithm), 'wrappingAlgorithm', WRAPPING_ALGORITHMS);
  }
  if (!(WRAPPING_KEY_SPECS as readonly string[]).includes(req.WrappingKeySpec)) {
    throw enumError(String(req.WrappingKeySpec), 'wrappingKeySpec', WRAPPING_KEY_SPECS);
  }
  const algorithm = req.WrappingAlgorithm as WrappingAlgorithm;
  const spec = req.WrappingKeySpec as WrappingKeySpec;
  const key = external(ctx, resolveKey(ctx, req.KeyId, false));
  requireState(ctx, key, ['Enabled', 'Disabled', 'PendingImport']);
  const compat = checkCompatibility({ provider: ctx.rules.wrappingMatrix, regionClass: ctx.regionClass, keySpec: key.keySpec, algorithm, wrappingKeySpec: spec });
  if (!compat.ok) throw validation(compat.reason);

  const pair = await ctx.wrappingKeys.get(spec);
  // The key may have gone while the pair was generated (another call scheduled its deletion).
  requireState(ctx, resolveKey(ctx, key.keyId, false), ['Enabled', 'Disabled', 'PendingImport']);
  const expiresAt = new Date(ctx.clock.now().getTime() + IMPORT_TOKEN_LIFETIME_MS);
  const token = newImportToken(expiresAt);
  const record: ImportParamsRecord = {
    tokenSha256: tokenHash(token),
    keyId: key.keyId,
    algorithm,
    wrappingKeySpec: spec,
    privateKeyPkcs8: pair.privateKeyPkcs8,
    expiresAt,
  };
  ctx.model.importParams.set(record.tokenSha256, record);
  return { KeyId: arnOf(ctx, key.keyId), ImportToken: token, PublicKey: Buffer.from(pair.publicKeyDer), ParametersValidTo: expiresAt };
}

/** The parameters a token was issued with; valid for 24 h of simulated time (single use unless the rules say otherwise). */
function paramsFor(ctx: SimContext, key: KeyRecord, token: Buffer): ImportParamsRecord {
  if (!Buffer.isBuffer(token) || token.length === 0) throw validation('ImportToken is required');
  const now = ctx.clock.now().getTime();
  const record = ctx.model.importParams.get(tokenHash(token));
  const expiry = record?.expiresAt ?? tokenExpiry(token);
  if (expiry && expiry.getTime() <= now) {
    if (record) ctx.model.importParams.delete(record.tokenSha256);
    throw new SimError('ExpiredImportTokenException', 'The import token has expired. Call GetParametersForImport again.');
  }
  if (!record || record.keyId !== key.keyId) {
    throw new SimError('InvalidImportTokenException', `The import token is invalid or was issued for a different key than ${arnOf(ctx, key.keyId)}.`);
  }
  return record;
}

function unwrap(record: ImportParamsRecord, encrypted: Buffer): Buffer {
  try {
    record.privateKey ??= createPrivateKey({ key: Buffer.from(record.privateKeyPkcs8, 'base64'), format: 'der', type: 'pkcs8' });
    return unwrapMaterial({ encryptedKeyMaterial: encrypted }, record.privateKey, record.algorithm as WrappingAlgorithm);
  } catch {
    throw new SimError('InvalidCiphertextException', 'The EncryptedKeyMaterial could not be decrypted with the wrapping key and algorithm of this import token.');
  }
}

export function importKeyMaterial(ctx: SimContext, req: ImportRequest): { KeyId: string; KeyMaterialId: string } {
  const key = external(ctx, resolveKey(ctx, req.KeyId, false));
  // Import into a Disabled key is allowed (it resets the expiry) and leaves it Disabled; some
  // clouds (Huawei) accept an import only while the key is pending import.
  requireState(ctx, key, ctx.rules.importOnlyWhenPendingImport ? ['PendingImport'] : ['Enabled', 'Disabled', 'PendingImport']);
  const now = ctx.clock.now();
  const expiry = checkImportRequest(req, key, now, ctx.rules.maxValidForDays);
  const record = paramsFor(ctx, key, req.ImportToken);
  const material = unwrap(record, req.EncryptedKeyMaterial);
  try {
    const problem = materialProblem(key.keySpec, material);
    if (problem) throw new SimError('IncorrectKeyMaterialException', `The key material is invalid: ${problem}.`);
    const m = key.material;
    if (m && !sameMaterial(m.salt, m.fingerprint, material)) {
      throw new SimError(
        'IncorrectKeyMaterialException',
        `The key material does not match the key material previously imported into ${arnOf(ctx, key.keyId)}.`,
      );
    }
    const salt = m?.salt ?? newSalt();
    key.material = {
      salt,
      fingerprint: m?.fingerprint ?? fingerprint(salt, material),
      keyMaterialId: m?.keyMaterialId ?? keyMaterialId(key.keyId, material),
      imported: true,
      expirationModel: expiry.model,
      validTo: expiry.validTo,
      importedAt: now,
    };
  } finally {
    material.fill(0);
  }
  // AWS tokens are single use; Alibaba's stay valid for their 24 h.
  if (!ctx.rules.importTokenReusable) ctx.model.importParams.delete(record.tokenSha256);
  noteDeadline(ctx.model, key.material.validTo);
  return { KeyId: arnOf(ctx, key.keyId), KeyMaterialId: key.material.keyMaterialId };
}

/** No effect on a PendingImport key; a PendingDeletion key stays PendingDeletion. */
export function deleteImportedKeyMaterial(ctx: SimContext, req: { KeyId: string }): { KeyId: string } {
  const key = external(ctx, resolveKey(ctx, req.KeyId, false));
  if (key.material) key.material.imported = false;
  return { KeyId: arnOf(ctx, key.keyId) };
}
