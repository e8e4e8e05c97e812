import { describe, expect, it } from 'vitest';
import { AlibabaCaller } from '../../src/providers/alibaba/caller.js';
import { AwsCaller } from '../../src/providers/aws/caller.js';
import { StatsRecorder } from '../../src/providers/aws/stats.js';
import { HuaweiKmsClient, type KmsCall } from '../../src/providers/huawei/kms-client.js';
import { RateLimiter, Semaphore, departureLimiter } from '../../src/providers/limiter.js';
import { QuotaGate } from '../../src/wire/aws/quotas.js';
import { FakeTimer } from '../aws/fake-timer.js';

const RATE = 100;
const OP = 'DescribeKey';
const lookup = (op: string) => (op === OP ? { key: op, rate: RATE } : null);

/** One request to the service; the first holds its slot through a 2 s stall. Counts throttled answers. */
type Send = () => Promise<void>;

/** How each provider's caller makes one call of OP with its limiter, one slot and (maybe) departures. */
const CALLERS: Record<string, (limiter: RateLimiter, slots: Semaphore, timer: FakeTimer, departures: RateLimiter | undefined) => (send: Send) => Promise<unknown>> = {
  aws: (limiter, slots, _timer, departures) => {
    const caller = new AwsCaller(limiter, slots, new StatsRecorder(), undefined, undefined, departures);
    return (send) => caller.call(OP, undefined, send);
  },
  alibaba: (limiter, slots, timer, departures) => {
    const caller = new AlibabaCaller(limiter, slots, 1, timer, departures);
    return (send) => caller.call(OP, undefined, send);
  },
  huawei: (limiter, slots, timer, departures) => {
    // The client's one request (`once`) is where the service answers: here the stalling one.
    let current: Send = async () => undefined;
    class Stalling extends HuaweiKmsClient {
      protected override async once(): Promise<{ ok: true; body: unknown }> {
        await current();
        return { ok: true, body: {} };
      }
    }
    const settings = { name: 'h', region: 'r', projectId: 'p', kmsEndpoint: 'http://127.0.0.1:9', obsEndpoint: 'http://127.0.0.1:9', ak: 'a', sk: 's' };
    const client = new Stalling(settings, limiter, slots, { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, sleep: (ms) => timer.sleep(ms) }, departures);
    const call: KmsCall = { op: OP, method: 'POST', path: 'describe-key', data: {} };
    // Every call of this test passes the same `send`; `once` runs the one last given.
    return (send) => {
      current = send;
      return client.call(call);
    };
  },
};

/**
 * 300 calls through one concurrency slot, which the first holds through a 2 s stall while the others
 * take their rate tokens and wait for it; the service's side is the sandbox's own quota gate (a
 * bucket of RATE per second, full at start), on the same virtual clock.
 */
async function stalled(provider: string, withDepartures: boolean): Promise<{ throttled: number; endMs: number }> {
  const timer = new FakeTimer();
  const departures = withDepartures ? departureLimiter(lookup, timer) : undefined;
  const call = CALLERS[provider]!(new RateLimiter(lookup, timer), new Semaphore(1), timer, departures);
  const service = new QuotaGate(lookup, () => timer.now());
  let throttled = 0;
  let first = true;
  const send: Send = async () => {
    if (first) {
      first = false;
      await timer.sleep(2000);
    }
    if (!service.take(OP)) throttled++;
  };
  const calls = Array.from({ length: 300 }, () => call(send));
  await timer.runAll();
  await Promise.all(calls);
  return { throttled, endMs: timer.now() };
}

describe.each(Object.keys(CALLERS))('departure pacing in the %s caller (a bunch of requests that waited for their slot)', (provider) => {
  it('without it, requests that took their tokens during a stall leave together and the service throttles', async () => {
    const { throttled } = await stalled(provider, false);
    expect(throttled).toBeGreaterThan(50);
  });

  it('with it, what leaves stays within the quota, and no later than the quota requires', async () => {
    const { throttled, endMs } = await stalled(provider, true);
    expect(throttled).toBe(0);
    // 300 requests at 100/s with a full bucket of 100 need 2 s; the stall and the headroom add to it.
    expect(endMs).toBeLessThan(4_500);
  });
});
