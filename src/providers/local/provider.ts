/** The `local` provider: the file-backed simulator behind the KeyService/BucketService port. */
import { resolve } from 'node:path';
import type { Clock, ProviderConfig } from '../../core/types.js';
import { ProviderError, type Provider } from '../port.js';
import { LocalBucketService } from './provider-buckets.js';
import { toProviderError } from './provider-errors.js';
import { LocalKeyService } from './provider-keys.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import { openLocalStore, type LocalStoreOptions } from '../../sim/store.js';

export const DEFAULT_LOCAL_STATE = '.reconcile/local-state.json';

/** `config.state` is the absolute state file path the manifest loader resolved; cwd-relative default otherwise. */
export async function createLocalProvider(config: ProviderConfig, clock: Clock, opts: LocalStoreOptions = {}): Promise<Provider> {
  if (config.type !== 'local') throw new ProviderError('provider.config', 'WrongType', `provider "${config.name}" is of type ${config.type}, not local`);
  let store;
  try {
    store = openLocalStore(resolve(config.state ?? DEFAULT_LOCAL_STATE), clock, { ...(config.region ? { region: config.region } : {}), ...opts });
  } catch (e) {
    throw toProviderError(e);
  }
  // Every mutating call is already saved by the store; nothing is buffered.
  return localProviderOver(config.name, store.sim);
}

/** The `local` provider over a simulator held in memory (simulations, benchmarks): no file I/O. */
export function localProviderOver(name: string, sim: LocalSimulator): Provider {
  return { name, keys: new LocalKeyService(name, sim), buckets: new LocalBucketService(sim), close: async () => {} };
}
