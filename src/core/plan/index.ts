import { liveDigest } from '../digest.js';
import { PLAN_FORMAT_VERSION, type DesiredState, type LiveState, type PlanDocument } from '../types.js';
import { planAliases } from './aliases.js';
import { planBucket } from './buckets.js';
import { contextOf, type KeyGroup } from './context.js';
import { noteLastUse } from './last-use.js';
import { planRetirement } from './retire.js';
import { planOwnershipTags } from './ownership.js';
import { planSetup } from './setup.js';
import { countActions, summarizeKey } from './summary.js';
import { dependencyOrder } from './order.js';
import { movesOf } from './usage.js';
import { warnMalformed, warnOrphans } from './warnings.js';

export interface PlanOptions {
  toolVersion: string;
}

/**
 * The pure planner: desired state + live state + a time → the plan document. No I/O, no clock,
 * no randomness; the same inputs (in any listing order) give the same document.
 *
 * Per manifest key, in manifest order: ownership tags a crash left out → create-key → import → enable → aliases → buckets →
 * re-encryption → cut-over stamps → retirement (destructive actions last).
 */
export function plan(desired: DesiredState, live: LiveState, now: Date, opts: PlanOptions): PlanDocument {
  const ctx = contextOf(desired, live, now);
  const groups: KeyGroup[] = ctx.inventories.map((inv) => {
    warnMalformed(ctx, inv.desired, inv.malformed);
    const s = planSetup(ctx, inv);
    return {
      inv,
      setup: [...planOwnershipTags(ctx, inv), ...s.setup],
      readyDeps: s.readyDeps,
      aliases: planAliases(ctx, inv, s.readyDeps),
      buckets: [],
      reencrypt: [],
      cutover: s.cutover,
      retire: [],
    };
  });
  const byName = new Map(groups.map((g) => [g.inv.desired.name, g]));
  for (const b of desired.buckets) planBucket(ctx, b, byName.get(b.key));

  const moves = movesOf(groups.flatMap((g) => [...g.aliases, ...g.buckets, ...g.reencrypt]));
  for (const g of groups) planRetirement(ctx, g, moves);
  noteLastUse(ctx, groups, live);
  warnOrphans(ctx);

  const actions = dependencyOrder(
    groups.flatMap((g) => [...g.setup, ...g.aliases, ...g.buckets, ...g.reencrypt, ...g.cutover, ...g.retire]),
  );
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: { name: 'byok-reconciler', version: opts.toolVersion },
    manifest: { name: desired.name, file: desired.file, digest: desired.digest },
    liveDigest: liveDigest(live),
    at: now.toISOString(),
    actions,
    keys: ctx.inventories.map((inv) => summarizeKey(inv, now)),
    diagnostics: ctx.diagnostics,
    summary: countActions(actions),
  };
}

export { liveDigest } from '../digest.js';
