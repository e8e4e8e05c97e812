import type { ProviderConfig } from '../core/types.js';
import { normalizeLocalConfig } from '../providers/local/config.js';
import { normalizeProviderConfig } from '../providers/registry.js';
import type { RawProvider } from './raw.js';

export { regionClassOf } from '../providers/config-helpers.js';
export { DEFAULT_LOCAL_STATE } from '../providers/local/config.js';

/** The instance that exists even when `providers:` does not mention it. */
export const IMPLICIT_LOCAL = 'local';

/** `providers:` plus the implicit `local` instance; each type's own fields normalised by the registry. */
export function normalizeProviders(raw: Record<string, RawProvider> | undefined, manifestDir: string, manifestName: string): Record<string, ProviderConfig> {
  const ctx = { manifestDir, manifestName };
  // Instance names are data: `constructor` or `toString` must not find Object.prototype's members.
  const out: Record<string, ProviderConfig> = Object.create(null) as Record<string, ProviderConfig>;
  if (!raw || !Object.hasOwn(raw, IMPLICIT_LOCAL)) out[IMPLICIT_LOCAL] = normalizeLocalConfig(IMPLICIT_LOCAL, undefined, ctx);
  for (const [name, p] of Object.entries(raw ?? {})) out[name] = normalizeProviderConfig(name, p, ctx);
  return out;
}
