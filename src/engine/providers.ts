import type { DesiredState } from '../core/types.js';
import { UserError, error } from '../diagnostics/diagnostic.js';
import { ProviderError, type BucketService, type Provider } from '../providers/port.js';
import { openProvider, type OpenProviderOptions } from '../providers/registry.js';

export type { OpenProviderOptions };

/** Instance names used by any key or bucket of the manifest, in manifest order. */
export function providersInUse(desired: DesiredState): string[] {
  const names = new Set<string>();
  for (const k of desired.keys) names.add(k.provider);
  for (const b of desired.buckets) names.add(b.provider);
  return [...names];
}

/** The manifest aliases that live in one provider instance. */
export function aliasesIn(desired: DesiredState, provider: string): string[] {
  return desired.keys.filter((k) => k.provider === provider).flatMap((k) => k.aliases);
}

/** Opens one Provider per instance in use, through the registry (adapters load lazily). */
export async function openProviders(desired: DesiredState, opts: OpenProviderOptions): Promise<Map<string, Provider>> {
  const out = new Map<string, Provider>();
  try {
    for (const name of providersInUse(desired)) {
      const config = desired.providers[name];
      if (!config) throw new UserError(error('manifest.unknown-provider', `provider "${name}" is not defined`));
      out.set(name, await openProvider(config, opts));
    }
  } catch (e) {
    await closeProviders(out);
    throw e;
  }
  return out;
}

export async function closeProviders(providers: Map<string, Provider>): Promise<void> {
  await Promise.allSettled([...providers.values()].map((p) => p.close()));
}

/** The provider's object storage; validation keeps buckets off providers without one, so this is a guard. */
export function bucketsOf(provider: Provider): BucketService {
  if (!provider.buckets) throw new ProviderError('provider.config', 'NoObjectStorage', `provider ${provider.name} has no object storage`);
  return provider.buckets;
}
