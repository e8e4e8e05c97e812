import { createHash, type Hash } from 'node:crypto';
import type { LiveState } from './types.js';

/**
 * Canonical JSON: object keys sorted, and arrays sorted by their elements' canonical text, so that
 * the order a provider lists things in never changes a digest. Only for values whose arrays are
 * sets (live state); a list whose order means something must not go through here.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).sort().join(',')}]`;
  }
  const obj = value as Record<string, unknown>;
  const fields = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
  return `{${fields.join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Digest of the live state a plan was computed from; a saved plan is stale when it differs.
 * sha256 of canonicalJson(live), fed to the hash piece by piece: at 10,000 keys the whole text
 * is megabytes that would only exist to be hashed.
 */
export function liveDigest(live: LiveState): string {
  const hash = createHash('sha256');
  feedCanonical(hash, live);
  return `sha256:${hash.digest('hex')}`;
}

/** Writes canonicalJson(value) into `hash`; an array's elements are still each rendered to be sorted. */
function feedCanonical(hash: Hash, value: unknown): void {
  if (value === null || typeof value !== 'object') {
    hash.update(JSON.stringify(value) ?? 'null', 'utf8');
    return;
  }
  if (Array.isArray(value)) {
    const parts = value.map(canonicalJson).sort();
    hash.update('[');
    parts.forEach((p, i) => hash.update(i === 0 ? p : `,${p}`, 'utf8'));
    hash.update(']');
    return;
  }
  const obj = value as Record<string, unknown>;
  hash.update('{');
  Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .forEach((k, i) => {
      hash.update(`${i === 0 ? '' : ','}${JSON.stringify(k)}:`, 'utf8');
      feedCanonical(hash, obj[k]);
    });
  hash.update('}');
}
