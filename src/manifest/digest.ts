import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import type { DesiredState } from '../core/types.js';

/**
 * sha256 of the canonical JSON of the desired state, without `pos` and `file`, with local state
 * paths relative to the manifest: a plan saved in one checkout stays fresh in another checkout of
 * the same commit. The KCV is included (material changes make plans stale), the material never is.
 */
export function desiredDigest(state: Omit<DesiredState, 'digest'>, manifestDir: string): string {
  const providers = Object.fromEntries(
    Object.entries(state.providers).map(([name, p]) => [name, 'state' in p ? { ...p, state: relative(manifestDir, p.state).split(sep).join('/') } : p]),
  );
  const { file: _file, ...rest } = state;
  return createHash('sha256').update(canonicalJson({ ...rest, providers })).digest('hex');
}

/**
 * JSON with object keys sorted at every level, `pos` fields and undefined values left out: exactly
 * `JSON.stringify` of a key-sorted copy (digests of saved plans must not change), written out
 * directly instead of building that copy first (10,000 keys: a third of the time, no garbage).
 */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'undefined';
}

/** undefined where JSON.stringify leaves a value out (undefined, functions, symbols). */
function write(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) as string | undefined;
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (write(value[i]) ?? 'null');
    return out + ']';
  }
  let out = '{';
  let first = true;
  for (const k of jsonKeyOrder(Object.keys(value))) {
    if (k === 'pos') continue;
    const v = write((value as Record<string, unknown>)[k]);
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + v;
    first = false;
  }
  return out + '}';
}

/**
 * Sorted keys in the order an object built from them enumerates them, as JSON.stringify would
 * see it: array-index keys ("0", "17") first in numeric order, then the rest in sort order.
 */
function jsonKeyOrder(keys: string[]): string[] {
  keys.sort();
  if (!keys.some(isArrayIndex)) return keys;
  const indices = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...indices, ...keys.filter((k) => !isArrayIndex(k))];
}

function isArrayIndex(k: string): boolean {
  const n = Number(k);
  return Number.isInteger(n) && n >= 0 && n < 4294967295 && String(n) === k;
}
