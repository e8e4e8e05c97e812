import { TAG, type DesiredState, type LiveAlias, type LiveBucket, type LiveKey } from '../types.js';

/**
 * Lookups the planning steps need, built once so that a plan over many thousands of keys stays
 * linear: every map is keyed by `provider NUL name` because names are only unique per provider.
 * Lists inside come in the sorted order of the inputs given to `indexLive`.
 */
export interface LiveIndex {
  /** Our keys by `provider, byok:key`. */
  keysOf: Map<string, LiveKey[]>;
  alias: Map<string, LiveAlias>;
  aliasesTo: Map<string, LiveAlias[]>;
  bucket: Map<string, LiveBucket>;
  /** Existing buckets by `provider, default key id`. */
  bucketsWithDefault: Map<string, LiveBucket[]>;
  /** For every managed bucket whose objects were counted: object counts by `provider, key id`. */
  objectsUnder: Map<string, { bucket: string; count: number; reencrypt: boolean }[]>;
  /** Per provider, existing managed buckets whose objects were not counted. */
  uncounted: Map<string, string[]>;
}

export const at = (provider: string, name: string): string => `${provider}\u0000${name}`;

export function indexLive(desired: DesiredState, ours: LiveKey[], aliases: LiveAlias[], buckets: LiveBucket[]): LiveIndex {
  const ix: LiveIndex = {
    keysOf: new Map(),
    alias: new Map(),
    aliasesTo: new Map(),
    bucket: new Map(),
    bucketsWithDefault: new Map(),
    objectsUnder: new Map(),
    uncounted: new Map(),
  };
  for (const k of ours) push(ix.keysOf, at(k.provider, k.tags[TAG.key] ?? ''), k);
  for (const a of aliases) {
    ix.alias.set(at(a.provider, a.name), a);
    push(ix.aliasesTo, at(a.provider, a.targetKeyId), a);
  }
  // Every managed bucket counts, whatever `reencrypt` says: objects under a key keep it in use.
  const managed = new Map(desired.buckets.map((b) => [at(b.provider, b.name), b.reencrypt]));
  for (const b of buckets) {
    ix.bucket.set(at(b.provider, b.name), b);
    if (!b.exists) continue;
    if (b.kmsKeyId !== null) push(ix.bucketsWithDefault, at(b.provider, b.kmsKeyId), b);
    const reencrypt = managed.get(at(b.provider, b.name));
    if (reencrypt === undefined) continue;
    if (b.objectsByKey === null) {
      push(ix.uncounted, b.provider, b.name);
      continue;
    }
    for (const [keyId, count] of Object.entries(b.objectsByKey).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
      if (count > 0) push(ix.objectsUnder, at(b.provider, keyId), { bucket: b.name, count, reencrypt });
    }
  }
  return ix;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
