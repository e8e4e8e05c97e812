import type { Clock, DesiredState } from '../core/types.js';
import { DAY_MS } from '../core/specs.js';
import { UserError, error } from '../diagnostics/diagnostic.js';
import type { Provider } from '../providers/port.js';

/** `retire.quietFor` when the manifest says nothing (and for plans of keys no longer listed). */
export const DEFAULT_QUIET_FOR_MS = 7 * DAY_MS;

export type LastUseVerdict = { checked: true; lastUsedAt: Date | null } | { checked: false };

/**
 * On top of the alias, bucket and object checks (retire-guard.ts): where the provider records
 * when a key was last used for cryptography (AWS GetKeyLastUsage), a key used within
 * `retire.quietFor` is not disabled or scheduled for deletion. Something we cannot see (another
 * account's bucket, an application holding the key id) is still using it. The action is held
 * (reported with a waiting code, retried by the daemon's next run). Where the provider cannot
 * tell, the verdict says so and the other checks stand alone.
 */
export async function assertQuiet(keyId: string, keyName: string | undefined, provider: Provider, desired: DesiredState, clock: Clock): Promise<LastUseVerdict> {
  if (!provider.keys.keyLastUsage) return { checked: false };
  const usage = await provider.keys.keyLastUsage(keyId);
  if (usage === null) return { checked: false };
  const quietFor = desired.keys.find((k) => k.name === keyName)?.retire.quietForMs ?? DEFAULT_QUIET_FOR_MS;
  const last = usage.lastUsedAt;
  if (last && clock.now().getTime() - last.getTime() < quietFor) {
    const ago = Math.max(0, Math.floor((clock.now().getTime() - last.getTime()) / 60_000));
    const free = new Date(last.getTime() + quietFor).toISOString();
    throw new UserError(
      error('apply.recently-used', `holding retirement of key ${keyId}: it was used ${ago < 120 ? `${ago} minute(s)` : `${Math.floor(ago / 60)} hour(s)`} ago (${usage.operation ?? 'a cryptographic operation'} at ${last.toISOString()}), within retire.quietFor`, {
        detail: `Nothing was changed for this key. Something still uses it; it can be retired from ${free} if it stays unused (the daemon retries).`,
      }),
    );
  }
  return { checked: true, lastUsedAt: last };
}
