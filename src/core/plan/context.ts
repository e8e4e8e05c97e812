import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Action, DesiredState, KeyRef, LiveKey, LiveState } from '../types.js';
import { inventoryOf, isOurs, toManaged, type KeyInventory, type ManagedKey } from './inventory.js';
import { at, indexLive, type LiveIndex } from './live-index.js';
import { adoptUntagged, isUntagged } from './ownership.js';

/**
 * What every planning step reads. Built once from the inputs; live lists are sorted by identity
 * here so that no step can leak the provider's listing order into the plan.
 */
export interface PlanContext {
  desired: DesiredState;
  now: Date;
  /** Live keys tagged with this manifest's name, by key id. */
  ours: LiveKey[];
  ix: LiveIndex;
  inventories: KeyInventory[];
  /** Every key of this manifest with a valid generation, by key id (for labels). */
  managedById: Map<string, ManagedKey>;
  /** Keys known only by their create-time identity (no ownership tags yet), by `provider, key id`. */
  untagged: Map<string, LiveKey>;
  diagnostics: Diagnostic[];
}

export function contextOf(desired: DesiredState, live: LiveState, now: Date): PlanContext {
  const untagged = new Map(live.keys.filter(isUntagged).map((k) => [at(k.provider, k.keyId), k]));
  const ours = live.keys.map(adoptUntagged).filter((k) => isOurs(desired, k)).sort(byString((k) => at(k.provider, k.keyId)));
  const aliases = [...live.aliases].sort(byString((a) => at(a.provider, a.name)));
  const buckets = [...live.buckets].sort(byString((b) => at(b.provider, b.name)));
  const ix = indexLive(desired, ours, aliases, buckets);
  const inventories = desired.keys.map((k) => inventoryOf(k, ix.keysOf.get(at(k.provider, k.name)) ?? []));
  const managedById = new Map<string, ManagedKey>();
  for (const k of ours) {
    const m = toManaged(k);
    if (m) managedById.set(k.keyId, m);
  }
  return {
    desired,
    now,
    ours,
    ix,
    inventories,
    managedById,
    untagged,
    diagnostics: [],
  };
}

/** The key that serves a manifest key after this plan: the current one, or the one it creates. */
export function refOf(inv: KeyInventory): KeyRef {
  return inv.current
    ? { keyId: inv.current.live.keyId }
    : { created: { keyName: inv.desired.name, generation: inv.nextGeneration } };
}

export function currentGeneration(inv: KeyInventory): number {
  return inv.current ? inv.current.generation : inv.nextGeneration;
}

/**
 * `generation 2 (1234abcd)`; with the manifest key's name when it is not `forKey`'s own key; a plain
 * id with a note when the key is not this manifest's.
 */
export function labelOf(ctx: PlanContext, keyId: string, forKey: string): string {
  const m = ctx.managedById.get(keyId);
  if (!m) return `${keyId} (not managed by this manifest)`;
  const owner = m.keyName === forKey ? '' : `${m.keyName} `;
  return `${owner}generation ${m.generation} (${keyId})`;
}

/** Per manifest key, the actions of the plan in their display and execution order. */
export interface KeyGroup {
  inv: KeyInventory;
  /** create-key, import/reimport, enable-key, clearing a stale cut-over stamp. */
  setup: Action[];
  /** Ids the key's traffic moves must wait for: the key has material and is Enabled afterwards. */
  readyDeps: string[];
  aliases: Action[];
  buckets: Action[];
  reencrypt: Action[];
  cutover: Action[];
  retire: Action[];
}

export function byString<T>(key: (t: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}
