import { warning } from '../../diagnostics/diagnostic.js';
import { DAY_MS } from '../specs.js';
import type { LiveState } from '../types.js';
import type { KeyGroup, PlanContext } from './context.js';
import { formatDuration } from './format.js';

const DEFAULT_QUIET_FOR_MS = 7 * DAY_MS;

/**
 * The last-use guard runs at apply time (the plan cannot know what happens before then); the
 * plan says which retirements it will cover, and where the provider cannot tell when a key was
 * last used (emulators without GetKeyLastUsage), that the other checks stand alone there.
 */
export function noteLastUse(ctx: PlanContext, groups: readonly KeyGroup[], live: LiveState): void {
  if (!live.lastUsage) return;
  const blind = new Map<string, string[]>();
  for (const g of groups) {
    const quietFor = g.inv.desired.retire.quietForMs ?? DEFAULT_QUIET_FOR_MS;
    for (const a of g.retire) {
      if (a.kind !== 'disable-key' && a.kind !== 'schedule-key-deletion') continue;
      const available = live.lastUsage[a.provider];
      if (available === true) a.reason = `${a.reason}; held at apply if used within ${formatDuration(quietFor)} (last-use check)`;
      else if (available === false) blind.set(a.provider, [...(blind.get(a.provider) ?? []), a.target]);
    }
  }
  for (const [provider, keys] of blind) {
    ctx.diagnostics.push(
      warning('plan.last-use-unknown', `provider ${provider} cannot tell when a key was last used (GetKeyLastUsage is unavailable); retiring ${keys.join(', ')} relies on the alias, bucket and object checks only`, {
        detail: 'Emulators often lack GetKeyLastUsage. Against AWS itself the apply holds a retirement while the key was used within retire.quietFor.',
      }),
    );
  }
}
