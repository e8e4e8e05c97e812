/** The `local` provider: the file-backed simulator behind the KeyService/BucketService port. */
import { resolve } from 'node:path';
import type { Clock, ProviderConfig } from '../../core/types.js';
import { ProviderError, type BucketService, type Provider } from '../port.js';
import { localCapabilities } from './config.js';
import { LocalBucketService } from './provider-buckets.js';
import { toProviderError } from './provider-errors.js';
import { LocalKeyService } from './provider-keys.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import { openLocalStore, type LocalStoreOptions } from '../../sim/store.js';

export { DEFAULT_LOCAL_STATE } from './config.js';

/** The simulator always has object storage. */
export type LocalProvider = Provider & { readonly buckets: BucketService };

/** `config.state` is the absolute state file path the manifest loader resolved; cwd-relative default otherwise. */
export async function createLocalProvider(config: ProviderConfig, clock: Clock, opts: LocalStoreOptions = {}): Promise<LocalProvider> {
  if (config.type !== 'local') throw new ProviderError('provider.config', 'WrongType', `provider "${config.name}" is of type ${config.type}, not local`);
  let store;
  try {
    store = openLocalStore(resolve(config.state), clock, opts);
  } catch (e) {
    throw toProviderError(e);
  }
  // Every mutating call is already saved by the store; nothing is buffered.
  return localProviderOver(config.name, store.sim, localCapabilities(config));
}

/** The `local` provider over a simulator held in memory (simulations, benchmarks): no file I/O. */
export function localProviderOver(name: string, sim: LocalSimulator, capabilities = localCapabilities({})): LocalProvider {
  return { name, keys: new LocalKeyService(name, sim, capabilities), buckets: new LocalBucketService(sim), close: async () => {} };
}
