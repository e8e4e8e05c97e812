/** ImportKeyMaterial's parameter rules (ExpirationModel, ValidTo, ImportType), checked before the token. */
import { DAY_MS } from '../core/specs.js';
import { enumError, validation } from './errors.js';
import type { KeyRecord } from './model.js';
import type { KmsSimulator } from './sim-types.js';
import type { ExpirationModel } from './state.js';

export type ImportRequest = Parameters<KmsSimulator['importKeyMaterial']>[0];

export const MAX_VALID_FOR_DAYS = 365;
const MODELS = ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'] as const;
const IMPORT_TYPES = ['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL'] as const;

/** `maxValidForDays` null: no upper bound on ValidTo (Alibaba). */
export function checkImportRequest(
  req: ImportRequest,
  key: KeyRecord,
  now: Date,
  maxValidForDays: number | null = MAX_VALID_FOR_DAYS,
): { model: ExpirationModel; validTo: Date | null } {
  const blob = req.EncryptedKeyMaterial;
  if (!Buffer.isBuffer(blob) || blob.length < 1 || blob.length > 6144) {
    throw validation('EncryptedKeyMaterial must be between 1 and 6144 bytes');
  }
  // AWS's default model is EXPIRES, which is why omitting both fields fails.
  const model = (req.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES') as ExpirationModel;
  if (!MODELS.includes(model)) throw enumError(model, 'expirationModel', MODELS);
  if (req.ImportType !== undefined) {
    if (!(IMPORT_TYPES as readonly string[]).includes(req.ImportType)) throw enumError(req.ImportType, 'importType', IMPORT_TYPES);
    if (req.ImportType === 'EXISTING_KEY_MATERIAL' && !key.material) {
      throw validation('ImportType EXISTING_KEY_MATERIAL needs a key that already has key material');
    }
  }
  if (req.KeyMaterialId !== undefined) {
    if (req.ImportType === 'NEW_KEY_MATERIAL') throw validation('KeyMaterialId must not be set with ImportType NEW_KEY_MATERIAL');
    if (!/^[0-9a-f]{64}$/.test(req.KeyMaterialId)) throw validation('KeyMaterialId must be 64 lowercase hexadecimal characters');
  }
  if (req.KeyMaterialDescription !== undefined && !/^[a-zA-Z0-9:/_\s.-]{0,256}$/.test(req.KeyMaterialDescription)) {
    throw validation('KeyMaterialDescription must be at most 256 characters of letters, digits, spaces and :/_.-');
  }
  if (model === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (req.ValidTo !== undefined) throw validation('A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
    return { model, validTo: null };
  }
  const validTo = req.ValidTo;
  if (validTo === undefined) throw validation('A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
  if (!(validTo instanceof Date) || Number.isNaN(validTo.getTime())) throw validation('ValidTo must be a timestamp');
  if (validTo.getTime() <= now.getTime()) throw validation('The validTo date must be in the future');
  if (maxValidForDays !== null && validTo.getTime() > now.getTime() + maxValidForDays * DAY_MS) {
    throw validation(`The validTo date must be at most ${maxValidForDays} days in the future`);
  }
  return { model, validTo: new Date(validTo) };
}
