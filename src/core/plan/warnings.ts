import { warning } from '../../diagnostics/diagnostic.js';
import { DAY_MS } from '../specs.js';
import { TAG, type DesiredKey, type LiveKey } from '../types.js';
import type { PlanContext } from './context.js';
import { formatDuration, msUntil } from './format.js';
import type { ManagedKey } from './inventory.js';
import type { Use } from './usage.js';

/** Renewal window for old generations when the manifest's own model is `never`. */
const DEFAULT_RENEW_BEFORE_MS = 30 * DAY_MS;

/**
 * An old generation's material is no longer in the manifest, so the tool cannot renew it. While
 * something still uses it, its expiry is an outage in waiting: say so, and what to do.
 */
export function warnIfExpiring(ctx: PlanContext, d: DesiredKey, old: ManagedKey, uses: Use[]): void {
  if (uses.length === 0 || old.live.expirationModel !== 'expires') return;
  const left = msUntil(old.live.validTo, ctx.now);
  if (left === null) return;
  const window = d.expiration.model === 'expires' ? d.expiration.renewBeforeMs : DEFAULT_RENEW_BEFORE_MS;
  if (left > window) return;
  const expired = left <= 0 || old.live.state === 'PendingImport';
  const when = expired ? `expired at ${old.live.validTo}` : `expires in ${formatDuration(left)} (${old.live.validTo})`;
  ctx.diagnostics.push(
    warning('plan.old-generation-expiring', `key ${d.name} generation ${old.generation} (${old.live.keyId}) ${when} and is still used by ${uses.map((u) => u.what).join(', ')}`, {
      detail: expired
        ? 'Data under it cannot be read until its old material is imported again by hand; then let re-encryption finish.'
        : 'Move what still uses it to the current generation before then (re-encryption must finish), or put the old material back in the manifest to renew it.',
      path: `keys.${d.name}`,
      pos: d.pos,
    }),
  );
}

/** Keys tagged with this manifest that the manifest no longer declares (or declares elsewhere). */
export function warnOrphans(ctx: PlanContext): void {
  const declaredByName = new Map(ctx.desired.keys.map((d) => [d.name, d]));
  for (const k of ctx.ours) {
    if (k.state === 'PendingDeletion') continue;
    const name = k.tags[TAG.key] ?? '';
    const declared = declaredByName.get(name);
    if (declared && declared.provider === k.provider) continue;
    const gen = k.tags[TAG.generation] ?? '?';
    const why = declared
      ? `${name} is now declared in provider ${declared.provider}`
      : `the manifest no longer declares ${name || '(no byok:key tag)'}`;
    ctx.diagnostics.push(
      warning('plan.orphaned-key', `key ${k.keyId} (${name || '?'} generation ${gen}, provider ${k.provider}) is tagged for this manifest but ${why}`, {
        detail: 'Left as is; retire it by hand or put it back in the manifest.',
      }),
    );
  }
}

/** Keys of a declared key whose generation tag is missing or not a number: never guessed at. */
export function warnMalformed(ctx: PlanContext, d: DesiredKey, keys: LiveKey[]): void {
  for (const k of keys) {
    ctx.diagnostics.push(
      warning('plan.orphaned-key', `key ${k.keyId} is tagged for ${d.name} but its ${TAG.generation} tag is missing or invalid; left as is`, {
        detail: `Fix its ${TAG.generation} tag, or retire it by hand.`,
        path: `keys.${d.name}`,
        pos: d.pos,
      }),
    );
  }
}
