/**
 * Three-way merge of local state files, for a store that holds unsaved changes ("ours") when it
 * finds that another process rewrote the file ("theirs") since the version both started from
 * ("base"). Entities (keys, aliases, import parameters, buckets, and objects within a bucket) merge
 * one by one: a side that did not touch an entity takes the other side's version of it (including
 * its deletion); when both changed the same entity, ours wins, as the later writer would anyway.
 * Without it, either our unsaved mutations or the other process's writes would silently vanish.
 */
import type { LocalStateFile, StoredBucket } from './state.js';

const same = (a: unknown, b: unknown): boolean => (a === undefined || b === undefined ? a === b : JSON.stringify(a) === JSON.stringify(b));

function mergeBy<T>(base: readonly T[], ours: readonly T[], theirs: readonly T[], id: (t: T) => string, both?: (b: T | undefined, o: T, t: T) => T): T[] {
  const b = new Map(base.map((x) => [id(x), x]));
  const o = new Map(ours.map((x) => [id(x), x]));
  const t = new Map(theirs.map((x) => [id(x), x]));
  const out = new Map(o);
  for (const k of new Set([...b.keys(), ...t.keys()])) {
    const bv = b.get(k);
    const ov = o.get(k);
    const tv = t.get(k);
    if (same(tv, bv)) continue;
    if (same(ov, bv)) {
      if (tv === undefined) out.delete(k);
      else out.set(k, tv);
    } else if (ov !== undefined && tv !== undefined && both) {
      out.set(k, both(bv, ov, tv));
    }
  }
  return [...out.values()];
}

const bucketMeta = (x: StoredBucket | undefined) => x && { name: x.name, createdAt: x.createdAt, encryption: x.encryption };

function mergeBucket(base: StoredBucket | undefined, ours: StoredBucket, theirs: StoredBucket): StoredBucket {
  const meta = same(bucketMeta(theirs), bucketMeta(base)) || !same(bucketMeta(ours), bucketMeta(base)) ? ours : theirs;
  return { ...bucketMeta(meta)!, objects: mergeBy(base?.objects ?? [], ours.objects, theirs.objects, (x) => x.key) };
}

export function mergeStates(base: LocalStateFile, ours: LocalStateFile, theirs: LocalStateFile): LocalStateFile {
  return {
    ...ours,
    keys: mergeBy(base.keys, ours.keys, theirs.keys, (k) => k.keyId),
    aliases: mergeBy(base.aliases, ours.aliases, theirs.aliases, (a) => a.name),
    importParameters: mergeBy(base.importParameters, ours.importParameters, theirs.importParameters, (p) => p.tokenSha256),
    buckets: mergeBy(base.buckets, ours.buckets, theirs.buckets, (x) => x.name, mergeBucket),
  };
}
