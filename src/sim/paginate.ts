/**
 * AWS-style Limit/Marker pagination over items ordered by a string sort key. The marker is the
 * (opaque, base64url) sort key of the last item returned, so deleting items between pages neither
 * skips nor repeats the others.
 */
import { SimError } from './sim-types.js';
import { validation } from './errors.js';

export interface Page<T> {
  items: T[];
  nextMarker?: string;
  truncated: boolean;
}

const MARKER_PREFIX = 'm1:';

export function checkLimit(limit: number | undefined, fallback: number, max: number, field = 'limit'): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw validation(`1 validation error detected: Value '${limit}' at '${field}' failed to satisfy constraint: Member must have value between 1 and ${max}`);
  }
  return limit;
}

function decodeMarker(marker: string, errorName: string): string {
  const raw = Buffer.from(marker, 'base64url').toString('utf8');
  if (!raw.startsWith(MARKER_PREFIX)) throw new SimError(errorName, 'The marker is invalid');
  return raw.slice(MARKER_PREFIX.length);
}

export function encodeMarker(sortKey: string): string {
  return Buffer.from(MARKER_PREFIX + sortKey, 'utf8').toString('base64url');
}

/**
 * One page: the `limit` items with the smallest sort keys after the marker, in order. One pass that
 * keeps the `limit` smallest keys seen (most items are rejected by one comparison with the largest
 * kept), not a sort of everything per page: a 10,000-alias account is listed in 100 pages, and the
 * sandbox shares the benchmark machine's cores with the client it measures.
 */
export function paginate<T>(
  items: Iterable<T>,
  sortKey: (t: T) => string,
  limit: number,
  marker: string | undefined,
  markerError = 'InvalidMarkerException',
): Page<T> {
  const after = marker === undefined ? undefined : decodeMarker(marker, markerError);
  const keys: string[] = [];
  const kept: T[] = [];
  let rest = 0;
  for (const item of items) {
    const key = sortKey(item);
    if (after !== undefined && key <= after) continue;
    rest++;
    if (keys.length === limit && key >= keys[limit - 1]!) continue;
    // Binary search for its place among the kept keys, then drop the largest if over the limit.
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    keys.splice(lo, 0, key);
    kept.splice(lo, 0, item);
    if (keys.length > limit) {
      keys.pop();
      kept.pop();
    }
  }
  const truncated = rest > limit;
  const last = keys[keys.length - 1];
  return truncated && last !== undefined ? { items: kept, nextMarker: encodeMarker(last), truncated } : { items: kept, truncated };
}
