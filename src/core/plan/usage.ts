import type { Action } from '../types.js';
import type { PlanContext } from './context.js';
import { at } from './live-index.js';

/** One thing that keeps a key in use, and the action of this plan that moves it away (if any). */
export interface Use {
  what: string;
  movedBy: string | null;
  /** What a person can do about it, when this plan cannot move it. */
  hint?: string;
}

/** Which planned actions move which usages; built from the alias and bucket actions of the plan. */
export interface Moves {
  alias: Map<string, Action>;
  put: Map<string, Action>;
  reencrypt: Map<string, Action>;
}

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
 * key it is, and objects encrypted under it in any managed bucket (whatever its `reencrypt` says:
 * disabling the key makes them unreadable). A bucket whose objects were not counted counts as
 * using it: retiring on a guess is how data is lost.
 */
export function usesOf(ctx: PlanContext, provider: string, keyId: string, moves: Moves, generation?: number): Use[] {
  const uses: Use[] = [];
  const here = at(provider, keyId);
  for (const a of ctx.ix.aliasesTo.get(here) ?? []) {
    uses.push({ what: `alias ${a.name}`, movedBy: moves.alias.get(at(provider, a.name))?.id ?? null });
  }
  for (const b of ctx.ix.bucketsWithDefault.get(here) ?? []) {
    uses.push({ what: `default encryption of bucket ${b.name}`, movedBy: moves.put.get(at(provider, b.name))?.id ?? null });
  }
  for (const bucket of ctx.ix.uncounted.get(provider) ?? []) {
    uses.push({ what: `objects in bucket ${bucket} (not counted)`, movedBy: null, hint: `The objects of bucket ${bucket} could not be counted; the next plan counts them again.` });
  }
  for (const { bucket, count, reencrypt } of ctx.ix.objectsUnder.get(here) ?? []) {
    const mv = moves.reencrypt.get(at(provider, bucket));
    const moved = mv?.kind === 'reencrypt-objects' && mv.fromKeyIds.includes(keyId);
    const objects = `${count} object${count === 1 ? '' : 's'} in bucket ${bucket}`;
    const under = generation === undefined ? 'this key' : `generation ${generation}`;
    const hint = reencrypt ? undefined : `${objects} ${count === 1 ? 'is' : 'are'} still under ${under}; set reencrypt: true on bucket ${bucket} or re-encrypt them.`;
    uses.push({ what: objects, movedBy: moved ? mv.id : null, ...(hint ? { hint } : {}) });
  }
  return uses;
}
