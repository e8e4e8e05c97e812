import type { Clock, DesiredState, ProviderConfig } from '../core/types.js';
import { UserError, error } from '../diagnostics/diagnostic.js';
import type { Provider } from '../providers/port.js';

export interface OpenProviderOptions {
  clock: Clock;
}

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

/**
 * Opens one Provider per instance in use. SDK-backed adapters are imported lazily so that a
 * local-only run never loads the AWS SDK.
 */
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

async function openProvider(config: ProviderConfig, opts: OpenProviderOptions): Promise<Provider> {
  switch (config.type) {
    case 'local': {
      const { createLocalProvider } = await import('../providers/local/provider.js');
      return createLocalProvider(config, opts.clock);
    }
    case 'aws': {
      const { createAwsProvider } = await import('../providers/aws/provider.js');
      return createAwsProvider(config, { clock: opts.clock });
    }
    case 'alibaba': {
      const { createAlibabaProvider } = await import('../providers/alibaba/provider.js');
      return createAlibabaProvider(config, { clock: opts.clock });
    }
    case 'huawei':
      throw new UserError(
        error('provider.config', `provider "${config.name}": type ${config.type} is not supported by this version yet`, {
          detail: 'Validation and wrapping already know its rules; the API adapter is planned. Use aws or local for now.',
        }),
      );
  }
}

export async function closeProviders(providers: Map<string, Provider>): Promise<void> {
  await Promise.allSettled([...providers.values()].map((p) => p.close()));
}
