import { ProviderError, type BucketService, type KeyService, type Provider } from '../../../src/providers/port.js';

export type FaultKind = 'throttled' | 'unavailable' | 'response-lost' | 'crash';

export interface FaultStats {
  calls: number;
  byKind: Record<FaultKind, number>;
}

/** Calls an apply makes; a crash ("kill between actions") is only injected there. */
const APPLY_CALLS = new Set(['createKey', 'getImportParameters', 'importMaterial', 'createAlias', 'updateAlias', 'enableKey', 'disableKey', 'scheduleKeyDeletion', 'tagKey', 'putBucketEncryption', 'reencryptObjects']);

/**
 * Calls whose lost response the engine cannot tell from a failure without a duplicate: AWS
 * CreateKey has no idempotency token, so a retried create makes a second key. The planner keeps
 * one and reports the other (plan.duplicate-key); the simulation asserts there are none, so it
 * injects only failures that happen before such a call reaches the provider.
 */
const NOT_IDEMPOTENT = new Set(['createKey']);

export interface FaultPlan {
  rate: number;
  random: () => number;
  /** Called on a crash: the tick's abort (no new action starts), as a kill would stop the process. */
  onCrash: () => void;
}

/**
 * Wraps a provider so that `rate` of its calls fail: throttling and 5xx before the call, a 5xx
 * after it succeeded (the response was lost), or a crash in the middle of an apply (the call may
 * or may not have reached the provider, and no further action starts).
 */
export function withFaults(inner: Provider, plan: FaultPlan, stats: FaultStats): Provider {
  const wrap = <T extends object>(service: T): T =>
    new Proxy(service, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        return async (...args: unknown[]) => {
          stats.calls++;
          const kind = plan.random() < plan.rate ? pick(prop, plan.random()) : null;
          if (kind) stats.byKind[kind]++;
          const run = () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          switch (kind) {
            case null:
              return run();
            case 'throttled':
              throw new ProviderError('provider.throttled', 'ThrottlingException', `${prop}: rate exceeded (injected)`, true);
            case 'unavailable':
              throw new ProviderError('provider.unavailable', 'KMSInternalException', `${prop}: internal error (injected)`, true);
            case 'response-lost':
              await run();
              throw new ProviderError('provider.unavailable', 'KMSInternalException', `${prop}: response lost after the call succeeded (injected)`, true);
            case 'crash':
              plan.onCrash();
              if (!NOT_IDEMPOTENT.has(prop) && plan.random() < 0.5) await run();
              throw new ProviderError('apply.interrupted', 'Killed', `${prop}: the process was killed (injected)`, true);
          }
        };
      },
    });
  return { name: inner.name, keys: wrap<KeyService>(inner.keys), ...(inner.buckets ? { buckets: wrap<BucketService>(inner.buckets) } : {}), close: () => inner.close() };
}

function pick(op: string, r: number): FaultKind {
  const apply = APPLY_CALLS.has(op);
  if (apply && r < 0.2) return 'crash';
  if (r < 0.5) return 'throttled';
  if (r < 0.8 || NOT_IDEMPOTENT.has(op)) return 'unavailable';
  return 'response-lost';
}

export function emptyStats(): FaultStats {
  return { calls: 0, byKind: { throttled: 0, unavailable: 0, 'response-lost': 0, crash: 0 } };
}
