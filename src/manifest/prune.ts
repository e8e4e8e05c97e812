import { PROVIDER_TYPES } from '../core/specs.js';
import type { RawManifest } from './raw.js';
import type { SchemaProblem } from './schema-messages.js';

export interface Pruned {
  /** Only entries without schema problems: everything here matches the Raw* types. */
  raw: RawManifest;
  /** Every name the manifest declares, valid or not, so rules do not call a broken entry "unknown". */
  declared: { providers: ReadonlySet<string>; keys: ReadonlySet<string> };
  /** False when `name` itself is missing or invalid (rules about the name are then skipped). */
  nameValid: boolean;
}

const MAPS = ['providers', 'keys', 'buckets', 'defaults'] as const;

/**
 * Drops every provider, key, bucket and defaults entry that has a schema problem so the rules can
 * still check the rest: one run reports schema and rule problems together. Returns null when the
 * damage is structural (the document or one of its maps is not a mapping) and nothing can be checked.
 */
export function prune(data: unknown, problems: readonly SchemaProblem[]): Pruned | null {
  if (!isObject(data)) return null;
  const raw = structuredClone(data);
  let nameValid = typeof raw.name === 'string';
  for (const { path } of problems) {
    const [top, entry] = path;
    if (top === 'name') nameValid = false;
    if (!MAPS.includes(top as (typeof MAPS)[number])) continue;
    const map = raw[top as string];
    if (entry === undefined || !isObject(map)) return null;
    const key = String(entry);
    // A broken provider keeps its type (and region): the rules for its keys depend on nothing else.
    const kept = top === 'providers' ? skeleton(map[key]) : undefined;
    if (kept) map[key] = kept;
    else delete map[key];
  }
  const names = (m: unknown) => new Set(isObject(m) ? Object.keys(m) : []);
  const providers = names(data.providers);
  providers.add('local');
  return {
    raw: raw as unknown as RawManifest,
    declared: { providers, keys: names(data.keys) },
    nameValid,
  };
}

function skeleton(provider: unknown): Record<string, unknown> | undefined {
  if (!isObject(provider) || !PROVIDER_TYPES.includes(provider.type as never)) return undefined;
  return typeof provider.region === 'string' ? { type: provider.type, region: provider.region } : { type: provider.type };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
