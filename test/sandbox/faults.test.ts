/** Injected faults, latency and the stats endpoint, seen through the real SDK clients. */
import { afterEach, describe, expect, it } from 'vitest';
import { CreateKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { faultDice, seededRandom } from '../../src/wire/aws/faults.js';
import { clientConfig, startFixture, stopFixture, type Fixture } from './helpers.js';

let f: Fixture | undefined;
afterEach(async () => {
  await stopFixture(f);
  f = undefined;
});

type Outcome = 'ok' | 'KMSInternalException:500' | 'ServiceUnavailableException:503' | 'dropped';

async function outcome(p: Promise<unknown>): Promise<Outcome> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as Error & { code?: string; $metadata?: { httpStatusCode?: number } };
    if (err.$metadata?.httpStatusCode) return `${err.name}:${err.$metadata.httpStatusCode}` as Outcome;
    expect(err.code ?? err.message).toMatch(/ECONNRESET|socket hang up/);
    return 'dropped';
  }
}

describe('fault dice', () => {
  it('is reproducible from its random seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(new Set(xs).size).toBe(5);
    const d1 = faultDice({ faultRate: 0.5, seed: 9 });
    const d2 = faultDice({ faultRate: 0.5, seed: 9 });
    const seq = Array.from({ length: 20 }, () => d1.before().kind);
    expect(Array.from({ length: 20 }, () => d2.before().kind)).toEqual(seq);
    expect(seq).toContain('none');
  });
});

describe('faults before apply', () => {
  it('answers 500 / 503 or drops the connection, and never applies the operation', async () => {
    f = await startFixture({ faultRate: 1, seed: 7 });
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 24; i++) outcomes.push(await outcome(f.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))));
    expect(outcomes).not.toContain('ok');
    expect(outcomes).toContain('KMSInternalException:500');
    expect(outcomes).toContain('ServiceUnavailableException:503');
    expect(outcomes).toContain('dropped');
    expect(f.sim.listKeys({}).Keys).toHaveLength(0);
    const s = f.sb.stats();
    expect(s.faults.CreateKey).toBe(24);
    expect(s.faultsByKind.drop).toBe(outcomes.filter((o) => o === 'dropped').length);
    expect(s.faultsByKind.error).toBe(24 - s.faultsByKind.drop);
  });

  it('gives S3 InternalError / SlowDown', async () => {
    f = await startFixture({ faultRate: 1, seed: 3 });
    const names = new Set<string>();
    for (let i = 0; i < 12; i++) {
      try {
        await f.s3.send(new CreateBucketCommand({ Bucket: `bucket-${i}` }));
      } catch (e) {
        const err = e as Error & { $metadata?: { httpStatusCode?: number } };
        if (err.$metadata?.httpStatusCode) names.add(`${err.name}:${err.$metadata.httpStatusCode}`);
      }
    }
    expect([...names].sort()).toEqual(['InternalError:500', 'SlowDown:503']);
    expect(f.sim.listBuckets().Buckets).toHaveLength(0);
  });

  it('is ridden out by an SDK client with retries', async () => {
    f = await startFixture({ faultRate: 0.3, seed: 11 });
    const kms = new KMSClient(clientConfig(f.sb.url, 8));
    for (let i = 0; i < 10; i++) await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
    kms.destroy();
    expect(f.sim.listKeys({}).Keys).toHaveLength(10);
    expect(f.sb.stats().totals.faults).toBeGreaterThan(0);
  });
});

describe('faults after apply', () => {
  it('applies the operation, then drops the answer (a lost CreateKey response)', async () => {
    let mutations = 0;
    f = await startFixture({ faultAfterApplyRate: 1, onMutate: () => mutations++ });
    expect(await outcome(f.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' })))).toBe('dropped');
    expect(f.sim.listKeys({}).Keys).toHaveLength(1);
    expect(mutations).toBe(1);
    expect(f.sb.stats().faultsByKind['drop-after-apply']).toBe(1);
    // Reads are dropped too, but change nothing.
    expect(await outcome(f.kms.send(new ListKeysCommand({})))).toBe('dropped');
    expect(mutations).toBe(1);
  });
});

describe('latency and stats', () => {
  it('delays every request by latencyMs', async () => {
    f = await startFixture({ latencyMs: 120 });
    const t0 = performance.now();
    await f.kms.send(new ListKeysCommand({}));
    await f.kms.send(new ListKeysCommand({}));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(235);
  });

  it('serves stats as JSON and resets them', async () => {
    f = await startFixture();
    await f.kms.send(new ListKeysCommand({}));
    const s3 = new S3Client({ ...clientConfig(f.sb.url), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'stats-bucket' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'stats-bucket' })).catch(() => undefined);
    s3.destroy();
    const stats = (await (await fetch(`${f.sb.url}/_sandbox/stats`)).json()) as { calls: Record<string, number>; errors: Record<string, number> };
    expect(stats.calls).toEqual({ ListKeys: 1, CreateBucket: 2 });
    expect(Object.keys(stats.errors)).toHaveLength(1);
    expect((await fetch(`${f.sb.url}/_sandbox/reset`, { method: 'POST' })).status).toBe(204);
    expect(f.sb.stats().totals).toEqual({ calls: 0, throttled: 0, faults: 0 });
  });
});
