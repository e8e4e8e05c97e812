import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveKey } from '../../src/core/types.js';
import { enabledKey, startEnv, type Env } from './env.js';

let env: Env;
let keyA: LiveKey;
let keyB: LiveKey;

beforeAll(async () => {
  env = await startEnv();
  keyA = await enabledKey(env.provider, 'buckets', 'a');
  keyB = await enabledKey(env.provider, 'buckets', 'b');
});
afterAll(async () => {
  await env?.close();
});

function put(bucket: string, key: string, opts: { body?: Buffer; kmsKey?: string; storageClass?: string; tags?: Record<string, string>; metadata?: Record<string, string>; contentType?: string } = {}) {
  return env.sim.putObject({
    Bucket: bucket,
    Key: key,
    Body: opts.body ?? Buffer.from(`body of ${key}`),
    ContentType: opts.contentType ?? 'text/plain',
    Metadata: opts.metadata ?? {},
    ...(opts.storageClass ? { StorageClass: opts.storageClass } : {}),
    ...(opts.tags ? { Tagging: opts.tags } : {}),
    ...(opts.kmsKey ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: opts.kmsKey } : { ServerSideEncryption: 'AES256' }),
  });
}

describe('BucketService default encryption', () => {
  it('null for a missing bucket, no key for SSE-S3 or no configuration', async () => {
    const { provider, sim } = env;
    expect(await provider.buckets.getBucketEncryption('no-such-bucket')).toBeNull();
    sim.createBucket({ Bucket: 'enc-none' });
    expect(await provider.buckets.getBucketEncryption('enc-none')).toEqual({ kmsKeyId: null, kmsKeyRaw: null, bucketKey: false });
    sim.createBucket({ Bucket: 'enc-s3' });
    sim.putBucketEncryption({ Bucket: 'enc-s3', SSEAlgorithm: 'AES256' });
    expect(await provider.buckets.getBucketEncryption('enc-s3')).toEqual({ kmsKeyId: null, kmsKeyRaw: null, bucketKey: false });
  });

  it('writes the full key ARN and reads it back as the key id', async () => {
    const { provider, sim } = env;
    sim.createBucket({ Bucket: 'enc-kms' });
    await provider.buckets.putBucketEncryption('enc-kms', keyA.keyId, true);
    expect(sim.getBucketEncryption({ Bucket: 'enc-kms' })).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyA.arn, BucketKeyEnabled: true });
    expect(await provider.buckets.getBucketEncryption('enc-kms')).toEqual({ kmsKeyId: keyA.keyId, kmsKeyRaw: keyA.arn, bucketKey: true });
  });

  it('resolves a bare key id it has not seen to its ARN with one DescribeKey', async () => {
    const other = await env.newProvider();
    env.sim.createBucket({ Bucket: 'enc-fresh' });
    await other.buckets.putBucketEncryption('enc-fresh', keyB.keyId, false);
    expect(env.sim.getBucketEncryption({ Bucket: 'enc-fresh' }).KMSMasterKeyID).toBe(keyB.arn);
    expect(other.stats().requests).toEqual({ DescribeKey: 1, PutBucketEncryption: 1 });
  });

  it('resolves alias and alias-ARN defaults to the key id', async () => {
    const { provider, sim } = env;
    await provider.keys.createAlias('alias/buckets-b', keyB.keyId);
    sim.createBucket({ Bucket: 'enc-alias' });
    sim.putBucketEncryption({ Bucket: 'enc-alias', SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/buckets-b' });
    expect(await provider.buckets.getBucketEncryption('enc-alias')).toEqual({ kmsKeyId: keyB.keyId, kmsKeyRaw: 'alias/buckets-b', bucketKey: false });
    const aliasArn = `arn:aws:kms:us-east-1:000000000000:alias/buckets-b`;
    sim.putBucketEncryption({ Bucket: 'enc-alias', SSEAlgorithm: 'aws:kms', KMSMasterKeyID: aliasArn });
    expect((await provider.buckets.getBucketEncryption('enc-alias'))?.kmsKeyId).toBe(keyB.keyId);
    sim.putBucketEncryption({ Bucket: 'enc-alias', SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/dangling' });
    expect(await provider.buckets.getBucketEncryption('enc-alias')).toEqual({ kmsKeyId: null, kmsKeyRaw: 'alias/dangling', bucketKey: false });
  });
});

describe('BucketService objects', () => {
  it('counts objects per KMS key across list pages (one HeadObject each)', async () => {
    const { sim } = env;
    sim.createBucket({ Bucket: 'count' });
    for (let i = 0; i < 23; i++) put('count', `o/${i}`, { kmsKey: keyA.keyId });
    put('count', 'b1', { kmsKey: keyB.arn });
    put('count', 'b2', { kmsKey: keyB.keyId });
    put('count', 'plain');
    // Pages of 10 instead of S3's 1,000, to walk several pages cheaply.
    const provider = await env.newProvider({ listPageSize: 10 });
    expect(await provider.buckets.countObjectsByKey('count')).toEqual({ [keyA.keyId]: 23, [keyB.keyId]: 2 });
    expect(provider.stats().requests).toEqual({ ListObjectsV2: 3, HeadObject: 26 });
  });

  it('re-encrypts in place, keeping metadata, content type, storage class and tags', async () => {
    const { sim } = env;
    const provider = await env.newProvider({ listPageSize: 2 });
    sim.createBucket({ Bucket: 'reenc' });
    const body = randomBytes(2048);
    put('reenc', 'docs/report one.pdf', { body, kmsKey: keyA.keyId, storageClass: 'STANDARD_IA', tags: { team: 'payments', tier: 'gold' }, metadata: { owner: 'alice' }, contentType: 'application/pdf' });
    put('reenc', 'std', { kmsKey: keyA.keyId });
    put('reenc', 'already', { kmsKey: keyB.keyId, storageClass: 'ONEZONE_IA' });
    put('reenc', 'sse-s3');
    const progress: number[] = [];
    expect(await provider.buckets.reencryptObjects('reenc', keyB.keyId, true, (n) => progress.push(n))).toBe(2);
    expect(progress.sort()).toEqual([1, 2]);

    const head = sim.headObject({ Bucket: 'reenc', Key: 'docs/report one.pdf' });
    expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyB.arn, BucketKeyEnabled: true, StorageClass: 'STANDARD_IA', ContentType: 'application/pdf', Metadata: { owner: 'alice' } });
    expect(sim.getObjectTagging({ Bucket: 'reenc', Key: 'docs/report one.pdf' }).TagSet).toEqual(expect.arrayContaining([{ Key: 'team', Value: 'payments' }, { Key: 'tier', Value: 'gold' }]));
    expect(sim.getObject({ Bucket: 'reenc', Key: 'docs/report one.pdf' }).Body.equals(body)).toBe(true);
    expect(sim.headObject({ Bucket: 'reenc', Key: 'std' })).toMatchObject({ SSEKMSKeyId: keyB.arn, StorageClass: 'STANDARD' });
    // Untouched: already under the target, and not SSE-KMS at all.
    expect(sim.headObject({ Bucket: 'reenc', Key: 'already' })).toMatchObject({ StorageClass: 'ONEZONE_IA', BucketKeyEnabled: false });
    expect(sim.headObject({ Bucket: 'reenc', Key: 'sse-s3' }).ServerSideEncryption).toBe('AES256');

    expect(await provider.buckets.countObjectsByKey('reenc')).toEqual({ [keyB.keyId]: 3 });
    expect(await provider.buckets.reencryptObjects('reenc', keyB.keyId, true)).toBe(0);
  });

  it('re-reads an object that changed between HeadObject and CopyObject (CopySourceIfMatch)', async () => {
    const { sim } = env;
    sim.createBucket({ Bucket: 'racy' });
    put('racy', 'obj', { kmsKey: keyA.keyId, body: Buffer.from('v1') });
    const original = sim.copyObject.bind(sim);
    let copies = 0;
    sim.copyObject = (req) => {
      copies++;
      // A writer slips in after our HeadObject, before the copy lands.
      if (copies === 1) put('racy', 'obj', { kmsKey: keyA.keyId, body: Buffer.from('v2 written concurrently'), storageClass: 'STANDARD_IA' });
      return original(req);
    };
    try {
      expect(await env.provider.buckets.reencryptObjects('racy', keyB.keyId, false)).toBe(1);
    } finally {
      sim.copyObject = original;
    }
    expect(copies).toBe(2);
    const now = sim.getObject({ Bucket: 'racy', Key: 'obj' });
    expect(now.Body.toString()).toBe('v2 written concurrently');
    expect(now).toMatchObject({ SSEKMSKeyId: keyB.arn, StorageClass: 'STANDARD_IA' });
  });

  it('uses multipart copy above the threshold, carrying metadata, tags and storage class', async () => {
    const provider = await env.newProvider({ multipartThreshold: 1024 * 1024, partBytes: 5 * 1024 * 1024 });
    const { sim } = env;
    sim.createBucket({ Bucket: 'big' });
    const body = randomBytes(11 * 1024 * 1024);
    put('big', 'large.bin', { body, kmsKey: keyA.keyId, storageClass: 'STANDARD_IA', tags: { keep: 'me' }, metadata: { origin: 'test' }, contentType: 'application/x-big' });
    put('big', 'small.txt', { kmsKey: keyA.keyId, body: Buffer.from('small') });
    expect(await provider.buckets.reencryptObjects('big', keyB.keyId, true)).toBe(1 + 0 + 1);
    const got = sim.getObject({ Bucket: 'big', Key: 'large.bin' });
    expect(got.Body.equals(body)).toBe(true);
    expect(got).toMatchObject({ SSEKMSKeyId: keyB.arn, BucketKeyEnabled: true, StorageClass: 'STANDARD_IA', ContentType: 'application/x-big', Metadata: { origin: 'test' } });
    expect(sim.getObjectTagging({ Bucket: 'big', Key: 'large.bin' }).TagSet).toEqual([{ Key: 'keep', Value: 'me' }]);
    // 11 MiB in 5 MiB parts (S3's minimum): 3 ranged copies.
    expect(provider.stats().requests).toMatchObject({ CreateMultipartUpload: 1, UploadPartCopy: 3, CompleteMultipartUpload: 1, GetObjectTagging: 1, CopyObject: 1 });
  });

  it('reports failures after trying every object, and a rerun finishes the job', async () => {
    const { provider, sim } = env;
    sim.createBucket({ Bucket: 'partial' });
    put('partial', 'ok-1', { kmsKey: keyA.keyId });
    put('partial', 'archived', { kmsKey: keyA.keyId, storageClass: 'GLACIER' });
    put('partial', 'ok-2', { kmsKey: keyA.keyId });
    const err = await provider.buckets.reencryptObjects('partial', keyB.keyId, false).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ProviderError' });
    expect((err as Error).message).toMatch(/1 object\(s\) failed, 2 rewritten/);
    expect(sim.headObject({ Bucket: 'partial', Key: 'ok-1' }).SSEKMSKeyId).toBe(keyB.arn);
    expect(sim.headObject({ Bucket: 'partial', Key: 'ok-2' }).SSEKMSKeyId).toBe(keyB.arn);
  });
});
