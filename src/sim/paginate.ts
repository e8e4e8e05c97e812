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

export function paginate<T>(
  items: readonly T[],
  sortKey: (t: T) => string,
  limit: number,
  marker: string | undefined,
  markerError = 'InvalidMarkerException',
): Page<T> {
  const sorted = [...items].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const after = marker === undefined ? undefined : decodeMarker(marker, markerError);
  const rest = after === undefined ? sorted : sorted.filter((t) => sortKey(t) > after);
  const page = rest.slice(0, limit);
  const truncated = rest.length > limit;
  const last = page[page.length - 1];
  return truncated && last !== undefined ? { items: page, nextMarker: encodeMarker(sortKey(last)), truncated } : { items: page, truncated };
}
