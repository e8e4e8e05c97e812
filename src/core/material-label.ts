import type { LiveMaterial, MaterialState } from './types.js';

/**
 * The KeyMaterialDescription written with every material of an in-place key. It is how a later
 * read tells which manifest entry a material is: AWS derives the KeyMaterialId from the key and
 * the material, which the tool cannot compute without the provider, while the KCV it can.
 */
export function materialDescription(kcv: string): string {
  return `byok kcv ${kcv}`;
}

export function kcvOfDescription(description: string | undefined): string | null {
  const m = /^byok kcv ([0-9a-f]{6})$/.exec(description ?? '');
  return m ? m[1]! : null;
}

/** ListKeyRotations (IncludeKeyMaterial ALL_KEY_MATERIAL) entry -> LiveMaterial; shared by the AWS and local adapters. */
export function toLiveMaterial(r: {
  KeyMaterialId?: string | undefined;
  KeyMaterialDescription?: string | undefined;
  ImportState?: string | undefined;
  KeyMaterialState?: string | undefined;
  ExpirationModel?: string | undefined;
  ValidTo?: Date | undefined;
  RotationDate?: Date | undefined;
}): LiveMaterial | null {
  const state = r.KeyMaterialState as MaterialState | undefined;
  // Multi-Region import states are outside what this tool manages.
  if (!r.KeyMaterialId || (state !== 'CURRENT' && state !== 'NON_CURRENT' && state !== 'PENDING_ROTATION')) return null;
  return {
    keyMaterialId: r.KeyMaterialId,
    kcv: kcvOfDescription(r.KeyMaterialDescription),
    state,
    imported: r.ImportState !== 'PENDING_IMPORT',
    expirationModel: r.ExpirationModel === 'KEY_MATERIAL_EXPIRES' ? 'expires' : r.ExpirationModel === 'KEY_MATERIAL_DOES_NOT_EXPIRE' ? 'never' : null,
    validTo: r.ValidTo ? r.ValidTo.toISOString() : null,
    rotatedAt: r.RotationDate ? r.RotationDate.toISOString() : null,
  };
}
