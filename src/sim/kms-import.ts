/** GetParametersForImport, ImportKeyMaterial, DeleteImportedKeyMaterial. */
import { createPrivateKey } from 'node:crypto';
import { DAY_MS, WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS, type WrappingAlgorithm, type WrappingKeySpec } from '../core/specs.js';
import { checkCompatibility, unwrapMaterial } from '../wrapping/index.js';
import { SimError } from './sim-types.js';
import { enumError, invalidState, notFound, unsupported, validation } from './errors.js';
import { newImportToken, tokenExpiry, tokenHash } from './import-token.js';
import { noteDeadline, requireState } from './key-state.js';
import { checkImportRequest, type ImportRequest } from './import-request.js';
import { fingerprint, keyMaterialId, materialProblem, newSalt, sameMaterial } from './material.js';
import { arnOf, resolveKey } from './resolve.js';
import type { SimContext } from './context.js';
import type { ImportParamsRecord, KeyRecord, MaterialRecord } from './model.js';

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
  let stored: MaterialRecord;
  try {
    const problem = materialProblem(key.keySpec, material);
    if (problem) throw new SimError('IncorrectKeyMaterialException', `The key material is invalid: ${problem}.`);
    stored = req.ImportType === 'NEW_KEY_MATERIAL' && key.material ? importNew(ctx, key, material) : importExisting(ctx, key, material, req.KeyMaterialId);
    Object.assign(stored, { imported: true, expirationModel: expiry.model, validTo: expiry.validTo, importedAt: now });
    if (req.KeyMaterialDescription !== undefined) stored.description = req.KeyMaterialDescription;
  } finally {
    material.fill(0);
  }
  // AWS tokens are single use; Alibaba's stay valid for their 24 h.
  if (!ctx.rules.importTokenReusable) ctx.model.importParams.delete(record.tokenSha256);
  noteDeadline(ctx.model, stored.validTo);
  return { KeyId: arnOf(ctx, key.keyId), KeyMaterialId: stored.keyMaterialId };
}

/** Every material the key holds, pending one included. */
export function materialsOf(key: KeyRecord): MaterialRecord[] {
  return [...key.nonCurrent, ...(key.material ? [key.material] : []), ...(key.pending ? [key.pending] : [])];
}

/**
 * The first import, or the same material again (EXISTING): it must match the material with the
 * given KeyMaterialId, or without one any material of the key (the id is derived from the key
 * and the material, so the material alone identifies it).
 */
function importExisting(ctx: SimContext, key: KeyRecord, material: Buffer, id: string | undefined): MaterialRecord {
  if (!key.material) {
    const salt = newSalt();
    key.material = { salt, fingerprint: fingerprint(salt, material), keyMaterialId: keyMaterialId(key.keyId, material), imported: false, expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: null, importedAt: ctx.clock.now() };
    return key.material;
  }
  const all = materialsOf(key);
  if (id !== undefined) {
    const m = all.find((x) => x.keyMaterialId === id);
    if (!m) throw notFound(`Key material ${id} is not associated with ${arnOf(ctx, key.keyId)}.`);
    if (!sameMaterial(m.salt, m.fingerprint, material)) throw incorrect(ctx, key);
    return m;
  }
  const m = all.find((x) => sameMaterial(x.salt, x.fingerprint, material));
  if (!m) throw incorrect(ctx, key);
  return m;
}

/** NEW_KEY_MATERIAL on a key that has material: symmetric keys only; it waits as PENDING_ROTATION. */
function importNew(ctx: SimContext, key: KeyRecord, material: Buffer): MaterialRecord {
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw unsupported(`ImportType NEW_KEY_MATERIAL is only supported for symmetric encryption keys; ${arnOf(ctx, key.keyId)} is ${key.keySpec}.`);
  const id = keyMaterialId(key.keyId, material);
  if (materialsOf(key).some((m) => m !== key.pending && sameMaterial(m.salt, m.fingerprint, material))) {
    throw new SimError('IncorrectKeyMaterialException', `The key material (id: ${id}) is already associated with ${arnOf(ctx, key.keyId)}.`);
  }
  const p = key.pending;
  if (p && p.keyMaterialId !== id) {
    throw invalidState(`New key material (id: ${id}) cannot be imported into KMS key ${arnOf(ctx, key.keyId)}, because another key material (id: ${p.keyMaterialId}) is pending rotation.`);
  }
  if (p) return p;
  const salt = newSalt();
  key.pending = { salt, fingerprint: fingerprint(salt, material), keyMaterialId: id, imported: false, expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: null, importedAt: ctx.clock.now() };
  return key.pending;
}

function incorrect(ctx: SimContext, key: KeyRecord): SimError {
  return new SimError('IncorrectKeyMaterialException', `The key material does not match the key material previously imported into ${arnOf(ctx, key.keyId)}.`);
}

/**
 * Without KeyMaterialId the current material is deleted. A pending material is not permanently
 * associated: it goes away entirely. Any other goes to PENDING_IMPORT, and the key with it
 * (unless it is PendingDeletion).
 */
export function deleteImportedKeyMaterial(ctx: SimContext, req: { KeyId: string; KeyMaterialId?: string }): { KeyId: string; KeyMaterialId?: string } {
  const key = external(ctx, resolveKey(ctx, req.KeyId, false));
  const m = req.KeyMaterialId === undefined ? key.material : materialsOf(key).find((x) => x.keyMaterialId === req.KeyMaterialId);
  if (req.KeyMaterialId !== undefined && !m) throw notFound(`Key material ${req.KeyMaterialId} is not associated with ${arnOf(ctx, key.keyId)}.`);
  if (m && m === key.pending) key.pending = null;
  else if (m) m.imported = false;
  return { KeyId: arnOf(ctx, key.keyId), ...(m ? { KeyMaterialId: m.keyMaterialId } : {}) };
}
