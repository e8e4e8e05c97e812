/** Token-bucket quotas: the table, the gate, and throttling answers through the real SDK clients. */
import { afterEach, describe, expect, it } from 'vitest';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { PutObjectCommand, CreateBucketCommand } from '@aws-sdk/client-s3';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import { AWS_KMS_QUOTAS } from '../../src/wire/aws/index.js';
import { QuotaGate, rateLookup } from '../../src/wire/aws/quotas.js';
import { clientConfig, startFixture, stopFixture, type Fixture } from './helpers.js';

describe('rate lookup', () => {
  it('reads the AWS table, scales it, overrides per operation or class, and treats none/0/Infinity as unlimited', () => {
    const aws = rateLookup('aws');
    expect(aws('GetParametersForImport')).toEqual({ key: 'GetParametersForImport', rate: AWS_KMS_QUOTAS.GetParametersForImport });
    expect(aws('DescribeKey')!.rate).toBe(2000);
    expect(aws('PutObject', 'S3Write')).toEqual({ key: 'S3Write', rate: 3500 });
    expect(aws('GetObject', 'S3Read')).toEqual({ key: 'S3Read', rate: 5500 });
    expect(rateLookup({ scale: 0.5 })('CreateKey')!.rate).toBe(2.5);
    const custom = rateLookup({ CreateKey: 1, S3Write: 7, DescribeKey: 0 });
    expect(custom('CreateKey')!.rate).toBe(1);
    expect(custom('PutObject', 'S3Write')!.rate).toBe(7);
    expect(custom('DescribeKey')).toBeNull();
    expect(custom('ImportKeyMaterial')!.rate).toBe(15);
    expect(rateLookup('none')('CreateKey')).toBeNull();
    expect(rateLookup(undefined)('CreateKey')).toBeNull();
  });

  it('keeps the import operations far slower than DescribeKey', () => {
    expect(AWS_KMS_QUOTAS.GetParametersForImport).toBeLessThan(AWS_KMS_QUOTAS.DescribeKey / 100);
    expect(AWS_KMS_QUOTAS.CreateKey).toBeLessThan(AWS_KMS_QUOTAS.DescribeKey / 100);
  });
});

describe('token bucket', () => {
  it('allows one second of burst, then refills at the rate', () => {
    let t = 0;
    const gate = new QuotaGate(rateLookup({ CreateKey: 2, GetParametersForImport: 0.25 }), () => t);
    expect([gate.take('CreateKey'), gate.take('CreateKey'), gate.take('CreateKey')]).toEqual([true, true, false]);
    t = 499;
    expect(gate.take('CreateKey')).toBe(false);
    t = 501;
    expect(gate.take('CreateKey')).toBe(true);
    // Below one per second the burst is still one request; the next comes after 1/rate seconds.
    expect(gate.take('GetParametersForImport')).toBe(true);
    t = 3_000;
    expect(gate.take('GetParametersForImport')).toBe(false);
    t = 4_600;
    expect(gate.take('GetParametersForImport')).toBe(true);
    // Operations are counted separately.
    expect(gate.take('DescribeKey')).toBe(true);
  });
});

describe('throttling over the wire', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await stopFixture(f);
    f = undefined;
  });

  it('answers ThrottlingException (400) beyond the quota and applies nothing', async () => {
    f = await startFixture({ quotas: { CreateKey: 3 } });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => f!.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(3);
    for (const r of rejected) expect(r.reason).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    expect(f.sim.listKeys({}).Keys).toHaveLength(3);
    expect(f.sb.stats().throttled).toEqual({ CreateKey: 3 });
    expect(f.sb.stats().calls.CreateKey).toBe(6);
  });

  it('lets an SDK client with retries get every call through', async () => {
    f = await startFixture({ quotas: { CreateKey: 4 } });
    const kms = new KMSClient(clientConfig(f.sb.url, 10));
    const results = await Promise.all(Array.from({ length: 6 }, () => kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))));
    kms.destroy();
    expect(results).toHaveLength(6);
    expect(f.sim.listKeys({}).Keys).toHaveLength(6);
    expect(f.sb.stats().totals.throttled).toBeGreaterThan(0);
  });

  it('answers S3 with 503 SlowDown and the tagging API with ThrottledException', async () => {
    f = await startFixture({ quotas: { S3Write: 1, GetResources: 1 } });
    await f.s3.send(new CreateBucketCommand({ Bucket: 'quota-bucket' }));
    await expect(f.s3.send(new PutObjectCommand({ Bucket: 'quota-bucket', Key: 'k', Body: 'x' }))).rejects.toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    await f.tagging.send(new GetResourcesCommand({}));
    await expect(f.tagging.send(new GetResourcesCommand({}))).rejects.toMatchObject({ name: 'ThrottledException', $metadata: { httpStatusCode: 400 } });
  });

  it('switches the enforced quotas at run time through POST /_sandbox/quotas, keeping the simulator', async () => {
    f = await startFixture({ quotas: 'none' });
    const burst = () => Promise.allSettled(Array.from({ length: 8 }, () => f!.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }))));
    expect((await burst()).filter((r) => r.status === 'rejected')).toHaveLength(0);
    const admin = `${f.sb.url}/_sandbox/quotas`;
    expect(await (await fetch(admin)).json()).toEqual({ quotas: 'none' });

    const set = await fetch(admin, { method: 'POST', body: JSON.stringify('aws') });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ quotas: 'aws' });
    // AWS's CreateKey quota is 5 per second: a burst of 8 gets 5 through, 3 throttled.
    const rejected = (await burst()).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(8 - AWS_KMS_QUOTAS.CreateKey);
    for (const r of rejected) expect(r.reason).toMatchObject({ name: 'ThrottlingException' });
    expect(f.sim.listKeys({}).Keys).toHaveLength(8 + AWS_KMS_QUOTAS.CreateKey);

    // A bad setting is refused with a reason and changes nothing.
    for (const body of ['{"scale": 0}', '{"CreateKey": "fast"}', 'not json', '[1]']) {
      const bad = await fetch(admin, { method: 'POST', body });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(/scale|CreateKey|JSON|expected/);
    }
    expect(await (await fetch(admin)).json()).toEqual({ quotas: 'aws' });
    expect((await fetch(admin, { method: 'DELETE' })).status).toBe(405);

    expect((await fetch(admin, { method: 'POST', body: '{"scale": 100}' })).status).toBe(200);
    expect((await burst()).filter((r) => r.status === 'rejected')).toHaveLength(0);
  });
});
