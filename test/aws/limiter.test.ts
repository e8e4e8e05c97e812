import { describe, expect, it } from 'vitest';
import { RateLimiter, Semaphore } from '../../src/providers/limiter.js';
import { awsQuotaLookup } from '../../src/providers/aws/quotas.js';
import { FakeTimer } from './fake-timer.js';

async function grantTimes(limiter: RateLimiter, timer: FakeTimer, ops: string[]): Promise<Array<{ op: string; at: number; i: number }>> {
  const grants: Array<{ op: string; at: number; i: number }> = [];
  const all = ops.map((op, i) => limiter.take(op).then(() => grants.push({ op, at: timer.now(), i })));
  await timer.runAll();
  await Promise.all(all);
  return grants;
}

/** Largest number of grants inside any window [t, t + windowMs). */
function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0; i < times.length; i++) {
    const n = times.filter((t) => t >= times[i]! && t < times[i]! + windowMs).length;
    best = Math.max(best, n);
  }
  return best;
}

describe('RateLimiter', () => {
  it('lets a one-second burst through, then paces at the quota, in FIFO order', async () => {
    const timer = new FakeTimer();
    const limiter = new RateLimiter(awsQuotaLookup(), timer, { headroom: 1 });
    const grants = await grantTimes(limiter, timer, Array.from({ length: 50 }, () => 'CreateKey'));
    expect(grants.map((g) => g.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const times = grants.map((g) => g.at);
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    // CreateKey is 5 rps: after the burst, one every 200 ms.
    for (let i = 5; i < 50; i++) expect(times[i]).toBeGreaterThanOrEqual((i - 4) * 200);
    expect(times[49]).toBeLessThanOrEqual(45 * 200 + 5);
    // Steady state (after the initial burst): never more than the quota in any second.
    expect(maxInWindow(times.slice(5), 1000)).toBeLessThanOrEqual(5);
  });

  it('says how long n more requests would wait (etaMs), and untilFree waits for a token without taking it', async () => {
    const timer = new FakeTimer();
    const limiter = new RateLimiter(awsQuotaLookup({ GetResources: 5, DescribeKey: 0 }), timer, { headroom: 1 });
    // A full bucket of 5: five go at once, the sixth waits 200 ms, fifteen more 3 s.
    expect(limiter.etaMs('GetResources', 5)).toBe(0);
    expect(limiter.etaMs('GetResources', 6)).toBeCloseTo(200);
    expect(limiter.etaMs('GetResources', 20)).toBeCloseTo(3000);
    expect(limiter.etaMs('DescribeKey', 1e6)).toBe(0); // unpaced
    for (let i = 0; i < 5; i++) await limiter.take('GetResources');
    // Queued callers count: one waiting means the next is 400 ms away.
    const queued = limiter.take('GetResources');
    expect(limiter.etaMs('GetResources', 1)).toBeCloseTo(400);
    await timer.runAll();
    await queued;
    expect(timer.now()).toBe(200);
    let free = false;
    const waiting = limiter.untilFree('GetResources').then(() => (free = true));
    await timer.runAll();
    await waiting;
    expect(free).toBe(true);
    expect(timer.now()).toBe(400);
    // untilFree took nothing: the token it waited for is still there for take.
    expect(limiter.etaMs('GetResources', 1)).toBe(0);
  });

  it('paces sub-1 rps and keeps operations independent', async () => {
    const timer = new FakeTimer();
    const limiter = new RateLimiter(awsQuotaLookup({ GetParametersForImport: 0.25 }), timer, { headroom: 1 });
    const grants = await grantTimes(limiter, timer, ['GetParametersForImport', 'GetParametersForImport', 'GetParametersForImport', 'DescribeKey', 'DescribeKey']);
    const gpi = grants.filter((g) => g.op === 'GetParametersForImport').map((g) => g.at);
    expect(gpi).toEqual([0, 4000, 8000]);
    // DescribeKey never waits behind the slow operation.
    expect(grants.filter((g) => g.op === 'DescribeKey').map((g) => g.at)).toEqual([0, 0]);
  });

  it('takes overrides from config.quotas, treats 0 as unpaced, and shares S3 class buckets', async () => {
    const lookup = awsQuotaLookup({ CreateKey: 2, EnableKey: 0, S3Write: 3 });
    expect(lookup('CreateKey')).toEqual({ key: 'CreateKey', rate: 2 });
    expect(lookup('EnableKey')).toBeNull();
    expect(lookup('CopyObject')).toEqual({ key: 'S3Write', rate: 3 });
    expect(lookup('HeadObject')).toEqual({ key: 'S3Read', rate: 5500 });
    expect(lookup('SomethingUnknown')).toBeNull();

    const timer = new FakeTimer();
    const limiter = new RateLimiter(lookup, timer, { headroom: 1 });
    const grants = await grantTimes(limiter, timer, ['CopyObject', 'PutBucketEncryption', 'CopyObject', 'CreateMultipartUpload', 'EnableKey']);
    // Three S3 writes share one bucket of 3: the fourth waits a third of a second.
    expect(grants.filter((g) => g.op !== 'EnableKey').map((g) => g.at)).toEqual([0, 0, 0, 334]);
    expect(grants.find((g) => g.op === 'EnableKey')?.at).toBe(0);
  });

  it('by default keeps 5% below the quota (slack for network jitter)', async () => {
    const timer = new FakeTimer();
    const limiter = new RateLimiter(awsQuotaLookup(), timer);
    const times = (await grantTimes(limiter, timer, Array.from({ length: 24 }, () => 'CreateKey'))).map((g) => g.at);
    // 4.75 rps: a burst of 4, then one every 1000/4.75 = 210.5 ms.
    expect(times.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(times[4]).toBe(211);
    expect(times[23]).toBeGreaterThanOrEqual(20 * 210.5);
    expect(maxInWindow(times.slice(4), 1000)).toBeLessThanOrEqual(5);
    expect(() => new RateLimiter(awsQuotaLookup(), timer, { headroom: 1.5 })).toThrow(RangeError);
  });

  it('refills over time: an idle bucket allows a new burst', async () => {
    const timer = new FakeTimer();
    const limiter = new RateLimiter(awsQuotaLookup({ CreateAlias: 2 }), timer, { headroom: 1 });
    await grantTimes(limiter, timer, ['CreateAlias', 'CreateAlias', 'CreateAlias']);
    expect(timer.now()).toBe(500);
    timer.advance(5000);
    const start = timer.now();
    const grants = await grantTimes(limiter, timer, ['CreateAlias', 'CreateAlias', 'CreateAlias']);
    expect(grants.map((g) => g.at - start)).toEqual([0, 0, 500]);
  });
});

describe('Semaphore', () => {
  it('never exceeds the limit and serves waiters in order', async () => {
    const sem = new Semaphore(3);
    let inFlight = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sem.run(async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          order.push(i);
          await new Promise((r) => setTimeout(r, 1));
          inFlight--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(sem.inFlight).toBe(0);
  });

  it('rejects a non-positive limit', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
