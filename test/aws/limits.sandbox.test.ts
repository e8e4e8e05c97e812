import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/port.js';
import { AWS_REQUEST_QUOTAS } from '../../src/providers/aws/quotas.js';
import { keyInput, startEnv, type Env } from './env.js';

/** The sandbox enforces AWS's published quotas; the adapter paces itself by the same table. */
let env: Env;
beforeAll(async () => {
  env = await startEnv({ quotas: 'aws' });
});
afterAll(async () => {
  await env?.close();
});

describe('request-rate limiter against enforced AWS quotas', () => {
  it('a burst of 50 CreateKey calls completes at the quota with nothing surfaced and (almost) no throttling', async () => {
    // AWS defaults: the provider's own config carries no overrides.
    const provider = await env.newProvider({}, { quotas: {} });
    env.sandbox.resetStats();
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => provider.keys.createKey(keyInput('burst', `k${i}`))));
    const elapsed = performance.now() - started;
    // Nothing surfaced, and no duplicate keys.
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const keys = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(50);
    expect(env.sim.listKeys({ Limit: 1000 }).Keys).toHaveLength(50);
    // Paced, the service hardly ever throttles (jitter on a loaded machine may cost a retry).
    expect(env.sandbox.stats().totals.throttled).toBeLessThanOrEqual(2);
    expect(provider.stats().totals.throttled).toBe(env.sandbox.stats().totals.throttled);
    expect(provider.stats().totals.errors).toBe(0);
    // 4 at once, then 4.75 per second (5 rps less 5% headroom): about 9.5 s.
    expect(AWS_REQUEST_QUOTAS.CreateKey).toBe(5);
    expect(elapsed).toBeGreaterThan(9_000);
    expect(elapsed).toBeLessThan(13_000);
  }, 30_000);

  it('without pacing the same burst is throttled (and surfaces when retries are off)', async () => {
    const unpaced = await env.newProvider({ maxAttempts: 1 }, { quotas: { CreateKey: 0 } });
    await new Promise((r) => setTimeout(r, 1100)); // let the sandbox bucket refill
    env.sandbox.resetStats();
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => unpaced.keys.createKey(keyInput('storm', `k${i}`))));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.reason).toBeInstanceOf(ProviderError);
    expect(failed[0]!.reason).toMatchObject({ code: 'provider.throttled', providerCode: 'ThrottlingException', retryable: true });
    expect(unpaced.stats().throttled.CreateKey).toBe(failed.length);
    expect(env.sandbox.stats().throttled.CreateKey).toBe(failed.length);
  });
});
