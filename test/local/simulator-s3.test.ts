import { describe, expect, it } from 'vitest';
import { awsError, externalKey, importInto, material32, newSim } from './helpers.js';
import type { LocalSimulator } from '../../src/sim/simulator.js';

async function enabledKey(sim: LocalSimulator): Promise<string> {
  const k = externalKey(sim);
  await importInto(sim, k, material32(), { validTo: undefined });
  return k;
}

async function bucketWithKey() {
  const { sim, clock } = newSim();
  const k = await enabledKey(sim);
  sim.createBucket({ Bucket: 'data' });
  sim.putBucketEncryption({ Bucket: 'data', SSEAlgorithm: 'aws:kms', KMSMasterKeyID: k, BucketKeyEnabled: true });
  const arn = sim.describeKey({ KeyId: k }).KeyMetadata.Arn;
  return { sim, clock, k, arn };
}

describe('buckets', () => {
  it('creates, refuses duplicates and bad names, reports missing ones', async () => {
    const { sim } = newSim();
    sim.createBucket({ Bucket: 'my-bucket' });
    expect(await awsError(() => sim.createBucket({ Bucket: 'my-bucket' }))).toBe('BucketAlreadyOwnedByYou');
    expect(await awsError(() => sim.createBucket({ Bucket: 'My_Bucket' }))).toBe('InvalidBucketName');
    expect(await awsError(() => sim.headBucket({ Bucket: 'nope' }))).toBe('NoSuchBucket');
    expect(await awsError(() => sim.putObject({ Bucket: 'nope', Key: 'k', Body: Buffer.alloc(1) }))).toBe('NoSuchBucket');
    expect(sim.listBuckets().Buckets.map((b) => b.Name)).toEqual(['my-bucket']);
  });

  it('Put/GetBucketEncryption; none set is ServerSideEncryptionConfigurationNotFoundError; the key id is not validated', async () => {
    const { sim } = newSim();
    sim.createBucket({ Bucket: 'bk1' });
    expect(await awsError(() => sim.getBucketEncryption({ Bucket: 'bk1' }))).toBe('ServerSideEncryptionConfigurationNotFoundError');
    sim.putBucketEncryption({ Bucket: 'bk1', SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/not-yet' });
    expect(sim.getBucketEncryption({ Bucket: 'bk1' })).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/not-yet', BucketKeyEnabled: false });
    expect(await awsError(() => sim.putBucketEncryption({ Bucket: 'bk1', SSEAlgorithm: 'AES256', KMSMasterKeyID: 'x' }))).toBe('InvalidArgument');
    expect(await awsError(() => sim.putBucketEncryption({ Bucket: 'bk1', SSEAlgorithm: 'rot13' }))).toBe('MalformedXML');
  });
});

describe('objects and their keys', () => {
  it('PutObject applies the bucket default key and records it as an ARN', async () => {
    const { sim, arn } = await bucketWithKey();
    const r = sim.putObject({ Bucket: 'data', Key: 'a', Body: Buffer.from('A'), Metadata: { Owner: 'me' }, ContentType: 'text/plain' });
    expect(r).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: arn });
    expect(sim.headObject({ Bucket: 'data', Key: 'a' })).toMatchObject({
      SSEKMSKeyId: arn,
      BucketKeyEnabled: true,
      Metadata: { owner: 'me' },
      ContentType: 'text/plain',
      StorageClass: 'STANDARD',
      ContentLength: 1,
      ETag: '"7fc56270e7a70fa81a5935b72eacbe29"',
    });
  });

  it('a bucket default given as an alias records the key ARN the alias pointed to', async () => {
    const { sim } = newSim();
    const k = await enabledKey(sim);
    sim.createAlias({ AliasName: 'alias/data', TargetKeyId: k });
    sim.createBucket({ Bucket: 'data' });
    sim.putBucketEncryption({ Bucket: 'data', SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/data' });
    expect(sim.putObject({ Bucket: 'data', Key: 'a', Body: Buffer.from('A') }).SSEKMSKeyId).toBe(`arn:aws:kms:us-east-1:000000000000:key/${k}`);
  });

  it('without SSE-KMS, objects get SSE-S3 and no key', () => {
    const { sim } = newSim();
    sim.createBucket({ Bucket: 'plain' });
    sim.putObject({ Bucket: 'plain', Key: 'a', Body: Buffer.from('A') });
    const h = sim.headObject({ Bucket: 'plain', Key: 'a' });
    expect(h.ServerSideEncryption).toBe('AES256');
    expect(h.SSEKMSKeyId).toBeUndefined();
  });

  it.each([
    ['Disabled', (s: LocalSimulator, k: string) => s.disableKey({ KeyId: k }), 'KMS.DisabledException'],
    ['PendingImport', (s: LocalSimulator, k: string) => s.deleteImportedKeyMaterial({ KeyId: k }), 'KMS.KMSInvalidStateException'],
    ['PendingDeletion', (s: LocalSimulator, k: string) => s.scheduleKeyDeletion({ KeyId: k }), 'KMS.KMSInvalidStateException'],
  ])('GetObject and PutObject fail like S3 when the key is %s; HeadObject does not', async (_n, breakKey, code) => {
    const { sim, k } = await bucketWithKey();
    sim.putObject({ Bucket: 'data', Key: 'a', Body: Buffer.from('A') });
    breakKey(sim, k);
    expect(await awsError(() => sim.getObject({ Bucket: 'data', Key: 'a' }))).toBe(code);
    expect(await awsError(() => sim.putObject({ Bucket: 'data', Key: 'b', Body: Buffer.from('B') }))).toBe(code);
    expect(sim.headObject({ Bucket: 'data', Key: 'a' }).ContentLength).toBe(1);
  });

  it('GetObject fails with KMS.NotFoundException once the key is deleted', async () => {
    const { sim, clock, k } = await bucketWithKey();
    sim.putObject({ Bucket: 'data', Key: 'a', Body: Buffer.from('A') });
    sim.scheduleKeyDeletion({ KeyId: k, PendingWindowInDays: 7 });
    clock.advance(8 * 86_400_000);
    expect(await awsError(() => sim.getObject({ Bucket: 'data', Key: 'a' }))).toBe('KMS.NotFoundException');
  });

  it('GetObject of a missing object is NoSuchKey; archived objects are InvalidObjectState', async () => {
    const { sim } = await bucketWithKey();
    expect(await awsError(() => sim.getObject({ Bucket: 'data', Key: 'none' }))).toBe('NoSuchKey');
    sim.putObject({ Bucket: 'data', Key: 'cold', Body: Buffer.from('C'), StorageClass: 'GLACIER' });
    expect(await awsError(() => sim.getObject({ Bucket: 'data', Key: 'cold' }))).toBe('InvalidObjectState');
    expect(await awsError(() => sim.putObject({ Bucket: 'data', Key: 'x', Body: Buffer.from('C'), StorageClass: 'COLD' }))).toBe('InvalidStorageClass');
  });

  it('conditional writes: If-None-Match * creates only, If-Match needs the current ETag (lease lock)', async () => {
    const { sim } = await bucketWithKey();
    const first = sim.putObject({ Bucket: 'data', Key: 'lock', Body: Buffer.from('owner-1'), IfNoneMatch: '*' });
    expect(await awsError(() => sim.putObject({ Bucket: 'data', Key: 'lock', Body: Buffer.from('owner-2'), IfNoneMatch: '*' }))).toBe('PreconditionFailed');
    expect(await awsError(() => sim.putObject({ Bucket: 'data', Key: 'lock', Body: Buffer.from('x'), IfMatch: '"0000"' }))).toBe('PreconditionFailed');
    expect(await awsError(() => sim.putObject({ Bucket: 'data', Key: 'none', Body: Buffer.from('x'), IfMatch: first.ETag }))).toBe('NoSuchKey');
    const second = sim.putObject({ Bucket: 'data', Key: 'lock', Body: Buffer.from('owner-1 renewed'), IfMatch: first.ETag });
    expect(await awsError(() => sim.deleteObject({ Bucket: 'data', Key: 'lock', IfMatch: first.ETag }))).toBe('PreconditionFailed');
    sim.deleteObject({ Bucket: 'data', Key: 'lock', IfMatch: second.ETag });
    expect(await awsError(() => sim.headObject({ Bucket: 'data', Key: 'lock' }))).toBe('NoSuchKey');
    sim.deleteObject({ Bucket: 'data', Key: 'lock' });
  });

  it('ListObjectsV2 pages with continuation tokens in key order, with Prefix and StartAfter', async () => {
    const { sim } = await bucketWithKey();
    for (const key of ['b/2', 'a', 'b/1', 'c', 'b/3']) sim.putObject({ Bucket: 'data', Key: key, Body: Buffer.from(key) });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const p = sim.listObjectsV2({ Bucket: 'data', MaxKeys: 2, ...(token ? { ContinuationToken: token } : {}) });
      expect(p.KeyCount).toBe(p.Contents.length);
      seen.push(...p.Contents.map((c) => c.Key));
      token = p.IsTruncated ? p.NextContinuationToken : undefined;
      pages += 1;
    } while (token);
    expect(seen).toEqual(['a', 'b/1', 'b/2', 'b/3', 'c']);
    expect(pages).toBe(3);
    expect(sim.listObjectsV2({ Bucket: 'data', Prefix: 'b/', StartAfter: 'b/1' }).Contents.map((c) => c.Key)).toEqual(['b/2', 'b/3']);
    expect(await awsError(() => sim.listObjectsV2({ Bucket: 'data', ContinuationToken: 'bogus' }))).toBe('InvalidArgument');
  });

  it('object tagging round-trips and is limited to 10 tags', async () => {
    const { sim } = await bucketWithKey();
    sim.putObject({ Bucket: 'data', Key: 'a', Body: Buffer.from('A'), Tagging: { team: 'x' } });
    expect(sim.getObjectTagging({ Bucket: 'data', Key: 'a' }).TagSet).toEqual([{ Key: 'team', Value: 'x' }]);
    sim.putObjectTagging({ Bucket: 'data', Key: 'a', TagSet: [{ Key: 'env', Value: 'prod' }] });
    expect(sim.getObjectTagging({ Bucket: 'data', Key: 'a' }).TagSet).toEqual([{ Key: 'env', Value: 'prod' }]);
    const many = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(await awsError(() => sim.putObjectTagging({ Bucket: 'data', Key: 'a', TagSet: many }))).toBe('BadRequest');
  });
});

describe('CopyObject', () => {
  async function withObject() {
    const env = await bucketWithKey();
    env.sim.putObject({
      Bucket: 'data', Key: 'doc', Body: Buffer.from('D'), ContentType: 'text/csv',
      Metadata: { a: '1' }, StorageClass: 'STANDARD_IA', Tagging: { t: '1' },
    });
    return env;
  }

  it('onto itself without a change is InvalidRequest "This copy request is illegal..."', async () => {
    const { sim } = await withObject();
    const self = { Bucket: 'data', Key: 'doc', CopySource: { Bucket: 'data', Key: 'doc' } };
    await expect(async () => sim.copyObject(self)).rejects.toMatchObject({ awsCode: 'InvalidRequest', message: expect.stringMatching(/^This copy request is illegal/) });
    expect(await awsError(() => sim.copyObject({ ...self, StorageClass: 'STANDARD_IA' }))).toBe('InvalidRequest');
  });

  it('re-encrypts in place under another key, keeping metadata, content type, tags and (when given) storage class', async () => {
    const { sim } = await withObject();
    const k2 = await enabledKey(sim);
    const arn2 = sim.describeKey({ KeyId: k2 }).KeyMetadata.Arn;
    const r = sim.copyObject({
      Bucket: 'data', Key: 'doc', CopySource: { Bucket: 'data', Key: 'doc' },
      ServerSideEncryption: 'aws:kms', SSEKMSKeyId: k2, StorageClass: 'STANDARD_IA',
    });
    expect(r.SSEKMSKeyId).toBe(arn2);
    expect(sim.headObject({ Bucket: 'data', Key: 'doc' })).toMatchObject({ SSEKMSKeyId: arn2, ContentType: 'text/csv', Metadata: { a: '1' }, StorageClass: 'STANDARD_IA' });
    expect(sim.getObjectTagging({ Bucket: 'data', Key: 'doc' }).TagSet).toEqual([{ Key: 't', Value: '1' }]);
    expect(sim.getObject({ Bucket: 'data', Key: 'doc' }).Body.toString()).toBe('D');
  });

  it('storage class becomes STANDARD unless given; REPLACE directives replace', async () => {
    const { sim } = await withObject();
    sim.copyObject({
      Bucket: 'data', Key: 'doc', CopySource: { Bucket: 'data', Key: 'doc' }, MetadataDirective: 'REPLACE',
      Metadata: { b: '2' }, ContentType: 'text/plain', TaggingDirective: 'REPLACE', Tagging: { u: '2' },
    });
    expect(sim.headObject({ Bucket: 'data', Key: 'doc' })).toMatchObject({ StorageClass: 'STANDARD', Metadata: { b: '2' }, ContentType: 'text/plain' });
    expect(sim.getObjectTagging({ Bucket: 'data', Key: 'doc' }).TagSet).toEqual([{ Key: 'u', Value: '2' }]);
  });

  it('needs the source key usable and the target key Enabled; honours CopySourceIfMatch', async () => {
    const { sim, k } = await withObject();
    const k2 = await enabledKey(sim);
    const reenc = { Bucket: 'data', Key: 'doc', CopySource: { Bucket: 'data', Key: 'doc' }, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: k2 };
    expect(await awsError(() => sim.copyObject({ ...reenc, CopySourceIfMatch: '"beef"' }))).toBe('PreconditionFailed');
    sim.disableKey({ KeyId: k2 });
    expect(await awsError(() => sim.copyObject(reenc))).toBe('KMS.DisabledException');
    sim.enableKey({ KeyId: k2 });
    sim.disableKey({ KeyId: k });
    expect(await awsError(() => sim.copyObject(reenc))).toBe('KMS.DisabledException');
    sim.enableKey({ KeyId: k });
    sim.copyObject(reenc);
    sim.disableKey({ KeyId: k });
    expect(sim.getObject({ Bucket: 'data', Key: 'doc' }).Body.toString()).toBe('D');
  });

  it('copies to another key name under the destination bucket default', async () => {
    const { sim, arn } = await withObject();
    sim.copyObject({ Bucket: 'data', Key: 'copy', CopySource: { Bucket: 'data', Key: 'doc' } });
    expect(sim.headObject({ Bucket: 'data', Key: 'copy' })).toMatchObject({ SSEKMSKeyId: arn, StorageClass: 'STANDARD', Metadata: { a: '1' } });
  });
});
