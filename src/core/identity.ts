import { TAG } from './types.js';

/**
 * Who owns a key the tool created: the same four facts as the ownership tags. Clouds that cannot
 * tag in the create call carry it in something set at create (a create-time alias where the cloud requires one, the
 * description marker on `local` with `tagsAtCreate: false`), so a crash between create and tag
 * never leaves a key nobody can find: discovery reads the identity back and the plan tags the key.
 */
export interface KeyIdentity {
  manifest: string;
  key: string;
  generation: number;
  kcv: string;
}

const PREFIX = 'byok/';
// Manifest and key names allow `.` (tagSafeName), which alias patterns refuse; `:` never occurs in
// those names, so it stands in for `.` without ambiguity.
const LABEL = /^byok\/([a-zA-Z0-9][a-zA-Z0-9:_-]{0,62})\/([a-zA-Z0-9][a-zA-Z0-9:_-]{0,62})\/g([1-9][0-9]{0,8})\/([0-9a-f]{6})$/;

/** `byok/<manifest>/<key>/g<generation>/<kcv>`: valid as an alias on every cloud (`[a-zA-Z0-9:/_-]`, < 160 chars). */
export function identityLabel(id: KeyIdentity): string {
  return `${PREFIX}${id.manifest.replaceAll('.', ':')}/${id.key.replaceAll('.', ':')}/g${id.generation}/${id.kcv}`;
}

export function parseIdentityLabel(label: string): KeyIdentity | null {
  const m = LABEL.exec(label);
  if (!m) return null;
  return { manifest: m[1]!.replaceAll(':', '.'), key: m[2]!.replaceAll(':', '.'), generation: Number(m[3]), kcv: m[4]! };
}

/** The ownership tags an identity stands for (what `create-key` tags a key with). */
export function identityTags(id: KeyIdentity): Record<string, string> {
  return { [TAG.manifest]: id.manifest, [TAG.key]: id.key, [TAG.generation]: String(id.generation), [TAG.kcv]: id.kcv };
}

/** The identity a `create-key` action's tags describe, or null when a tag is missing or malformed. */
export function identityFromTags(tags: Readonly<Record<string, string>>): KeyIdentity | null {
  const manifest = tags[TAG.manifest];
  const key = tags[TAG.key];
  const gen = tags[TAG.generation];
  const kcv = tags[TAG.kcv];
  if (manifest === undefined || key === undefined || gen === undefined || kcv === undefined) return null;
  if (!/^[1-9][0-9]{0,8}$/.test(gen)) return null;
  return { manifest, key, generation: Number(gen), kcv };
}
