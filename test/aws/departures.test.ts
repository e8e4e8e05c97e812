import { describe, expect, it } from 'vitest';
import { AwsCaller } from '../../src/providers/aws/caller.js';
import { StatsRecorder } from '../../src/providers/aws/stats.js';
import { DEPARTURE_HEADROOM, RateLimiter, Semaphore } from '../../src/providers/limiter.js';
import { QuotaGate } from '../../src/wire/aws/quotas.js';
import { FakeTimer } from './fake-timer.js';

const RATE = 100;
const lookup = (op: string) => (op === 'DescribeKey' ? { key: op, rate: RATE } : null);

/**
 * 300 DescribeKeys through one concurrency slot, which the first holds through a 2 s stall while the
 * others take their rate tokens and wait for it; the service's side is the sandbox's own quota gate
 * (a bucket of RATE per second, full at start), on the same virtual clock.
 */
async function stalled(withDepartures: boolean): Promise<{ throttled: number; endMs: number }> {
  const timer = new FakeTimer();
  const limiter = new RateLimiter(lookup, timer);
  const departures = withDepartures ? new RateLimiter(lookup, timer, { headroom: DEPARTURE_HEADROOM }) : undefined;
  const caller = new AwsCaller(limiter, new Semaphore(1), new StatsRecorder(), undefined, undefined, departures);
  const service = new QuotaGate(lookup, () => timer.now());
  let throttled = 0;
  let first = true;
  const send = async () => {
    if (first) {
      first = false;
      await timer.sleep(2000);
    }
    if (!service.take('DescribeKey')) throttled++;
  };
  const calls = Array.from({ length: 300 }, () => caller.call('DescribeKey', undefined, send));
  await timer.runAll();
  await Promise.all(calls);
  return { throttled, endMs: timer.now() };
}

describe('departure pacing (a bunch of requests that waited for their slot)', () => {
  it('without it, requests that took their tokens during a stall leave together and the service throttles', async () => {
    const { throttled } = await stalled(false);
    expect(throttled).toBeGreaterThan(50);
  });

  it('with it, what leaves stays within the quota, and no later than the quota requires', async () => {
    const { throttled, endMs } = await stalled(true);
    expect(throttled).toBe(0);
    // 300 requests at 100/s with a full bucket of 100 need 2 s; the stall and the headroom add to it.
    expect(endMs).toBeLessThan(4_500);
  });
});
