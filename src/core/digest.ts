import { createHash } from 'node:crypto';
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

/** Digest of the live state a plan was computed from; a saved plan is stale when it differs. */
export function liveDigest(live: LiveState): string {
  return `sha256:${sha256Hex(canonicalJson(live))}`;
}
