import type { Action } from '../types.js';
import type { PlanContext } from './context.js';

/** One thing that keeps a key in use, and the action of this plan that moves it away (if any). */
export interface Use {
  what: string;
  movedBy: string | null;
}

/** Which planned actions move which usages; built from the alias and bucket actions of the plan. */
export interface Moves {
  alias: Map<string, Action>;
  put: Map<string, Action>;
  reencrypt: Map<string, Action>;
}

const at = (provider: string, name: string): string => `${provider}\u0000${name}`;

export function movesOf(actions: readonly Action[]): Moves {
  const m: Moves = { alias: new Map(), put: new Map(), reencrypt: new Map() };
  for (const a of actions) {
    if (a.kind === 'update-alias') m.alias.set(at(a.provider, a.alias), a);
    else if (a.kind === 'put-bucket-encryption') m.put.set(at(a.provider, a.bucket), a);
    else if (a.kind === 'reencrypt-objects') m.reencrypt.set(at(a.provider, a.bucket), a);
  }
  return m;
}

/**
 * Everything that uses `keyId` in the live state: an alias pointing at it, a bucket whose default
 * key it is, and (for managed buckets with `reencrypt` on) objects encrypted under it. A bucket
 * whose objects were not counted counts as using it: retiring on a guess is how data is lost.
 */
export function usesOf(ctx: PlanContext, provider: string, keyId: string, moves: Moves): Use[] {
  const uses: Use[] = [];
  for (const a of ctx.aliases) {
    if (a.provider !== provider || a.targetKeyId !== keyId) continue;
    const mv = moves.alias.get(at(provider, a.name));
    uses.push({ what: `alias ${a.name}`, movedBy: mv ? mv.id : null });
  }
  for (const b of ctx.buckets) {
    if (b.provider !== provider || !b.exists) continue;
    if (b.kmsKeyId === keyId) {
      const mv = moves.put.get(at(provider, b.name));
      uses.push({ what: `default encryption of bucket ${b.name}`, movedBy: mv ? mv.id : null });
    }
    const declared = ctx.desired.buckets.find((d) => d.provider === provider && d.name === b.name);
    if (!declared?.reencrypt) continue;
    if (b.objectsByKey === null) {
      uses.push({ what: `objects in bucket ${b.name} (not counted)`, movedBy: null });
      continue;
    }
    const n = b.objectsByKey[keyId] ?? 0;
    if (n > 0) {
      const mv = moves.reencrypt.get(at(provider, b.name));
      const moved = mv && mv.kind === 'reencrypt-objects' && mv.fromKeyIds.includes(keyId);
      uses.push({ what: `${n} object${n === 1 ? '' : 's'} in bucket ${b.name}`, movedBy: moved ? mv.id : null });
    }
  }
  return uses;
}
