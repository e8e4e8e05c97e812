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

/**
 * State file writes are coalesced to at most one per this many ms (see store.ts): a 1,000-key apply
 * makes thousands of calls, and rewriting the whole file after each made it quadratic. A kill -9
 * loses at most this much, which rolls the simulated world back to an earlier consistent point.
 */
export const LOCAL_SAVE_INTERVAL_MS = 200;

/** `config.state` is the absolute state file path the manifest loader resolved; cwd-relative default otherwise. */
export async function createLocalProvider(config: ProviderConfig, clock: Clock, opts: LocalStoreOptions = {}): Promise<LocalProvider> {
  if (config.type !== 'local') throw new ProviderError('provider.config', 'WrongType', `provider "${config.name}" is of type ${config.type}, not local`);
  let store;
  try {
    store = openLocalStore(resolve(config.state), clock, { saveIntervalMs: LOCAL_SAVE_INTERVAL_MS, ...opts });
  } catch (e) {
    throw toProviderError(e);
  }
  const opened = store;
  const written = (fn: () => void) => async (): Promise<void> => {
    try {
      fn();
    } catch (e) {
      throw toProviderError(e);
    }
  };
  return { ...localProviderOver(config.name, opened.sim, localCapabilities(config)), flush: written(opened.flush), close: written(opened.close) };
}

/** The `local` provider over a simulator held in memory (simulations, benchmarks): no file I/O. */
export function localProviderOver(name: string, sim: LocalSimulator, capabilities = localCapabilities({})): LocalProvider {
  return { name, keys: new LocalKeyService(name, sim, capabilities), buckets: new LocalBucketService(sim), close: async () => {} };
}
