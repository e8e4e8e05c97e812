import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/port.js';
import { acquireLease, type LeaseOptions } from '../../src/providers/aws/lease-lock.js';
import { startEnv, type Env } from './env.js';

let env: Env;
let n = 0;
beforeAll(async () => {
  env = await startEnv();
  env.sim.createBucket({ Bucket: 'locks' });
});
afterAll(async () => {
  await env?.close();
});

/** A fresh lock object per test; automatic renewal off unless a test turns it on. */
function opts(owner: string, extra: Partial<LeaseOptions> = {}): LeaseOptions {
  return { s3: env.provider.clients.s3, bucket: 'locks', key: `scope-${n}.lease`, owner, ttlMs: 60_000, clock: env.clock, renewEveryMs: false, ...extra };
}

function body(): { owner: string; expiresAt: string; acquiredAt: string } {
  return JSON.parse(env.sim.getObject({ Bucket: 'locks', Key: `scope-${n}.lease` }).Body.toString());
}

async function heldError(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  expect((err as ProviderError).code).toBe('lock.held');
  return err as ProviderError;
}

describe('S3 lease lock', () => {
  it('a second contender is refused with the holder and expiry named', async () => {
    n++;
    const a = await acquireLease(opts('host-a/pid-1'));
    expect(body().owner).toBe('host-a/pid-1');
    const err = await heldError(acquireLease(opts('host-b/pid-2')));
    expect(err.message).toContain('host-a/pid-1');
    expect(err.message).toContain(a.expiresAt().toISOString());
    await a.release();
  });

  it('exactly one of several simultaneous contenders wins', async () => {
    n++;
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => acquireLease(opts(`c${i}`))));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'lock.held' });
    await (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireLease>>>).value.release();
  });

  it('release lets the next contender in at once', async () => {
    n++;
    const a = await acquireLease(opts('a'));
    await a.release();
    expect(() => env.sim.headObject({ Bucket: 'locks', Key: `scope-${n}.lease` })).toThrow();
    const b = await acquireLease(opts('b'));
    expect(body().owner).toBe('b');
    await b.release();
  });

  it('renew pushes the expiry out, so a contender after the original expiry is still refused', async () => {
    n++;
    const a = await acquireLease(opts('a'));
    const first = a.expiresAt().getTime();
    env.clock.advance(40_000);
    try {
      await a.renew();
      expect(a.expiresAt().getTime()).toBeGreaterThanOrEqual(first + 40_000);
      expect(a.expiresAt().getTime()).toBeLessThan(first + 45_000);
      expect(Date.parse(body().expiresAt)).toBe(a.expiresAt().getTime());
      env.clock.advance(30_000); // past the first expiry, before the renewed one
      await heldError(acquireLease(opts('b')));
    } finally {
      env.clock.advance(-70_000);
    }
    await a.release();
  });

  it('an expired lease is taken over; the old holder loses it and cannot delete the new one', async () => {
    n++;
    const a = await acquireLease(opts('a'));
    env.clock.advance(61_000);
    try {
      const b = await acquireLease(opts('b'));
      expect(body().owner).toBe('b');
      const err = await heldError(a.renew());
      expect(err.providerCode).toBe('LeaseLost');
      await expect(a.lost).resolves.toMatchObject({ code: 'lock.held' });
      await a.release(); // must not remove b's lease
      expect(body().owner).toBe('b');
      await b.release();
    } finally {
      env.clock.advance(-61_000);
    }
  });

  it('renews on its own while held', async () => {
    n++;
    const a = await acquireLease(opts('a', { renewEveryMs: 20 }));
    const first = Date.parse(body().expiresAt);
    env.clock.advance(5_000);
    try {
      await new Promise((r) => setTimeout(r, 150));
      expect(Date.parse(body().expiresAt)).toBeGreaterThanOrEqual(first + 5_000);
      expect(body().acquiredAt).toBe(new Date(first - 60_000).toISOString());
    } finally {
      env.clock.advance(-5_000);
      await a.release();
    }
  });

  it('acquireApplyLock uses the provider lock config, and refuses without one', async () => {
    await expect(env.provider.acquireApplyLock('x')).rejects.toMatchObject({ code: 'provider.config' });
    const locked = await env.newProvider({}, { lock: { bucket: 'locks', key: 'apply/payments.lease' } });
    const lease = await locked.acquireApplyLock('cli@host', 30_000);
    expect(JSON.parse(env.sim.getObject({ Bucket: 'locks', Key: 'apply/payments.lease' }).Body.toString()).owner).toBe('cli@host');
    await heldError(locked.acquireApplyLock('daemon@host'));
    await lease.release();
  });

  it('confirm reads the lease back: a deleted or taken-over lease is lost at once, not at the next renewal', async () => {
    n++;
    const a = await acquireLease(opts('a'));
    await a.confirm();
    env.sim.deleteObject({ Bucket: 'locks', Key: `scope-${n}.lease` });
    const err = await heldError(a.confirm());
    expect(err.message).toContain('deleted');
    await expect(a.lost).resolves.toMatchObject({ code: 'lock.held' });
    await a.release();

    n++;
    const b = await acquireLease(opts('b'));
    // Someone rewrote the object (a different ETag): b no longer holds it.
    env.sim.putObject({ Bucket: 'locks', Key: `scope-${n}.lease`, Body: Buffer.from(JSON.stringify({ owner: 'intruder', acquiredAt: '', expiresAt: new Date(Date.now() + 60_000).toISOString() })) });
    expect((await heldError(b.confirm())).message).toContain('taken over');
    await b.release();
    expect(body().owner).toBe('intruder');
  });

  it('the same host takes over at once a lease whose holder process is dead; a live holder or another host keeps it', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const write = (record: object) =>
      env.sim.putObject({ Bucket: 'locks', Key: `scope-${n}.lease`, Body: Buffer.from(JSON.stringify({ acquiredAt: '', expiresAt: new Date(env.clock.now().getTime() + 60_000).toISOString(), ...record })) });

    n++;
    write({ owner: 'crashed', host: hostname(), pid: deadPid });
    const taken = await acquireLease(opts('after-crash'));
    expect(body()).toMatchObject({ owner: 'after-crash', host: hostname(), pid: process.pid });
    await taken.release();

    n++;
    write({ owner: 'alive', host: hostname(), pid: process.ppid });
    expect((await heldError(acquireLease(opts('c')))).message).toContain('alive');

    n++;
    write({ owner: 'elsewhere', host: `not-${hostname()}`, pid: deadPid });
    expect((await heldError(acquireLease(opts('d')))).message).toContain('elsewhere');
  });
});
