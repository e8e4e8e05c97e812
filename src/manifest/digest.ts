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

/** JSON with object keys sorted at every level, `pos` fields and undefined values left out. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (k !== 'pos' && v !== undefined) out[k] = sortKeys(v);
  }
  return out;
}
