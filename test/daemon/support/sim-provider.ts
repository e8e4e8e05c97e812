import { LocalBucketService } from '../../../src/providers/local/provider-buckets.js';
import { LocalKeyService } from '../../../src/providers/local/provider-keys.js';
import type { LocalSimulator } from '../../../src/providers/local/simulator.js';
import type { Provider } from '../../../src/providers/port.js';

/**
 * The `local` provider over a simulator instance held in memory (createLocalProvider always opens
 * a state file and saves after every call, which two simulated years cannot afford).
 */
export function providerOver(name: string, sim: LocalSimulator): Provider {
  return { name, keys: new LocalKeyService(name, sim), buckets: new LocalBucketService(sim), close: async () => {} };
}
