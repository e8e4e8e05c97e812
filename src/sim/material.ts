/**
 * Checks on unwrapped material, and what is remembered of it: a salted fingerprint and the
 * KeyMaterialId. Neither allows recovering the material; the material itself is never kept.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { KeySpec } from '../core/specs.js';
import { materialProblem as sharedMaterialProblem } from '../material/size.js';

/** Why `material` cannot be `keySpec` key material (the manifest's own check); null when it can. Never echoes bytes. */
export function materialProblem(keySpec: KeySpec, material: Buffer): string | null {
  const found = sharedMaterialProblem(keySpec, material);
  return found === null ? null : `the material ${found.problem}`;
}

export function newSalt(): Buffer {
  return randomBytes(16);
}

export function fingerprint(salt: Buffer, material: Buffer): Buffer {
  return createHmac('sha256', salt).update(material).digest();
}

export function sameMaterial(salt: Buffer, stored: Buffer, material: Buffer): boolean {
  const fp = fingerprint(salt, material);
  return fp.length === stored.length && timingSafeEqual(fp, stored);
}

/** Like AWS: derived from the key id and the material, so the same material on the same key always gives the same id. */
export function keyMaterialId(keyId: string, material: Buffer): string {
  return createHmac('sha256', Buffer.from(keyId, 'utf8')).update(material).digest('hex');
}
