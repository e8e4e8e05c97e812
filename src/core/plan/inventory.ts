import { TAG } from '../types.js';
import type { DesiredKey, DesiredState, LiveKey } from '../types.js';

/** A live key carrying our manifest tag and a valid generation. */
export interface ManagedKey {
  live: LiveKey;
  keyName: string;
  generation: number;
  kcv: string | null;
  /** Parsed `byok:superseded-at`; null when absent, empty or unparsable (then it is stamped again). */
  supersededAt: Date | null;
}

/** Everything the planner knows about one manifest key's live generations. */
export interface KeyInventory {
  desired: DesiredKey;
  /** Managed keys of this manifest key in its provider, PendingDeletion excluded; by generation. */
  active: ManagedKey[];
  /** The generation that carries the manifest's material, or null when one must be created. */
  current: ManagedKey | null;
  /** Generation a `create-key` would get: above every generation ever seen, PendingDeletion included. */
  nextGeneration: number;
  /** One key per generation other than the current one (the keeper of its duplicates). */
  previous: ManagedKey[];
  /** Keys sharing a generation with a keeper (interrupted applies). */
  duplicates: ManagedKey[];
  /** Tagged for this key but without a usable generation tag; left alone and reported. */
  malformed: LiveKey[];
  /** Keys of this manifest key already scheduled for deletion: only reported. */
  pendingDeletion: ManagedKey[];
}

const GENERATION = /^[1-9][0-9]{0,8}$/;

export function hasMaterial(k: LiveKey): boolean {
  return k.expirationModel !== null;
}

export function toManaged(live: LiveKey): ManagedKey | null {
  const gen = live.tags[TAG.generation];
  const keyName = live.tags[TAG.key];
  if (gen === undefined || !GENERATION.test(gen) || keyName === undefined) return null;
  const stamp = live.tags[TAG.supersededAt];
  const t = stamp ? Date.parse(stamp) : Number.NaN;
  return {
    live,
    keyName,
    generation: Number(gen),
    kcv: live.tags[TAG.kcv] ?? null,
    supersededAt: Number.isNaN(t) ? null : new Date(t),
  };
}

/**
 * Which of several keys of one generation to keep: one with material (it may hold data), then an
 * Enabled one, then the earliest created, then the smallest key id (so the choice is total).
 */
export function compareKeeper(a: ManagedKey, b: ManagedKey): number {
  return (
    Number(hasMaterial(b.live)) - Number(hasMaterial(a.live)) ||
    Number(b.live.state === 'Enabled') - Number(a.live.state === 'Enabled') ||
    cmp(a.live.createdAt, b.live.createdAt) ||
    cmp(a.live.keyId, b.live.keyId)
  );
}

/**
 * A key can be the current generation when it carries the desired KCV and key spec (a key's spec
 * never changes, so a new spec needs a new generation) and can serve, or be made to serve: not
 * PendingDeletion, and a Disabled key only with material (enable-key brings it back).
 */
export function canBeCurrent(k: ManagedKey, desired: DesiredKey): boolean {
  if (!carriesDesired(k, desired) || k.live.keySpec !== desired.keySpec) return false;
  if (k.live.state === 'PendingDeletion') return false;
  return k.live.state !== 'Disabled' || hasMaterial(k.live);
}

/**
 * new-key: the key's material is the manifest's. in-place: the key holds (or started with) any of
 * the listed materials, so new ones are added to it rather than to a new key.
 */
function carriesDesired(k: ManagedKey, desired: DesiredKey): boolean {
  if (desired.rotation !== 'in-place' || !desired.materials) return k.kcv === desired.kcv;
  const listed = new Set(desired.materials.map((m) => m.kcv));
  return (k.kcv !== null && listed.has(k.kcv)) || (k.live.materials ?? []).some((m) => m.kcv !== null && listed.has(m.kcv));
}

export function isOurs(desired: DesiredState, k: LiveKey): boolean {
  return k.tags[TAG.manifest] === desired.name;
}

/** `mine`: this manifest's live keys tagged `byok:key = desired.name` in the key's provider. */
export function inventoryOf(desired: DesiredKey, mine: readonly LiveKey[]): KeyInventory {
  const managed: ManagedKey[] = [];
  const malformed: LiveKey[] = [];
  for (const k of mine) {
    const m = toManaged(k);
    if (m) managed.push(m);
    else if (k.state !== 'PendingDeletion') malformed.push(k);
  }
  const nextGeneration = 1 + managed.reduce((max, k) => Math.max(max, k.generation), 0);
  const active = managed
    .filter((k) => k.live.state !== 'PendingDeletion')
    .sort((a, b) => a.generation - b.generation || compareKeeper(a, b));

  const current =
    active
      .filter((k) => canBeCurrent(k, desired))
      .sort((a, b) => b.generation - a.generation || compareKeeper(a, b))[0] ?? null;

  const previous: ManagedKey[] = [];
  const duplicates: ManagedKey[] = [];
  const seen = new Set<number>();
  // The current key is its generation's keeper even if another key of that generation sorts first.
  if (current) seen.add(current.generation);
  for (const k of active) {
    if (k === current) continue;
    if (seen.has(k.generation)) duplicates.push(k);
    else {
      seen.add(k.generation);
      previous.push(k);
    }
  }
  const pendingDeletion = managed.filter((k) => k.live.state === 'PendingDeletion').sort((a, b) => a.generation - b.generation);
  return { desired, active, current, nextGeneration, previous, duplicates, malformed, pendingDeletion };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
