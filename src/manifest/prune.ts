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
  // Copy on write: only the top level and the maps that lose an entry are copied (a deep clone of
  // 10,000 keys cost 50 ms and doubled the data held). Nothing below them is ever changed.
  const raw: Record<string, unknown> = { ...data };
  const copied = new Set<string>();
  let nameValid = typeof raw.name === 'string';
  for (const { path } of problems) {
    const [top, entry] = path;
    if (top === 'name') nameValid = false;
    if (!MAPS.includes(top as (typeof MAPS)[number])) continue;
    if (entry === undefined || !isObject(raw[top as string])) return null;
    const map = copied.has(top as string) ? (raw[top as string] as Record<string, unknown>) : { ...(raw[top as string] as Record<string, unknown>) };
    raw[top as string] = map;
    copied.add(top as string);
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
