import type { SandboxOptions } from './aws/types.js';

type Common = Pick<SandboxOptions, 'port' | 'latencyMs' | 'faultRate' | 'faultAfterApplyRate' | 'seed' | 'onMutate'>;

/**
 * The options every cloud's sandbox takes as they are from `reconcile sandbox`, without the ones
 * left unset (quotas differ per cloud and are mapped by each).
 */
export function commonStartOptions(o: Omit<SandboxOptions, 'sim'>): Common {
  return {
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.latencyMs !== undefined ? { latencyMs: o.latencyMs } : {}),
    ...(o.faultRate !== undefined ? { faultRate: o.faultRate } : {}),
    ...(o.faultAfterApplyRate !== undefined ? { faultAfterApplyRate: o.faultAfterApplyRate } : {}),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.onMutate !== undefined ? { onMutate: o.onMutate } : {}),
  };
}
