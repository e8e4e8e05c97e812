/** S3 operations through the real @aws-sdk/client-s3 (path style) over HTTP, with real KMS keys behind them. */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateKeyCommand, DisableKeyCommand, GetParametersForImportCommand, ImportKeyMaterialCommand } from '@aws-sdk/client-kms';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketEncryptionCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketEncryptionCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { inDays, material32, startFixture, stopFixture, wrapOaep256, type Fixture } from './helpers.js';

let f: Fixture;
let keyA: string;
let keyB: string;

async function enabledKey(): Promise<string> {
  const { KeyMetadata } = await f.kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
  const KeyId = KeyMetadata!.KeyId!;
  const p = await f.kms.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
  await f.kms.send(
    new ImportKeyMaterialCommand({ KeyId, ImportToken: p.ImportToken!, EncryptedKeyMaterial: wrapOaep256(p.PublicKey!, material32()), ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: inDays(90) }),
  );
  return KeyMetadata!.Arn!;
}

beforeAll(async () => {
  f = await startFixture();
  keyA = await enabledKey();
  keyB = await enabledKey();
  await f.s3.send(new CreateBucketCommand({ Bucket: 'enc-bucket' }));
  await f.s3.send(
    new PutBucketEncryptionCommand({
      Bucket: 'enc-bucket',
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyA }, BucketKeyEnabled: true }] },
    }),
  );
});
afterAll(() => stopFixture(f));

async function failure(p: Promise<unknown>): Promise<{ name: string; status: number | undefined }> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

const text = async (bucket: string, key: string) => (await (await f.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString());

describe('buckets', () => {
  it('creates, heads and lists buckets; missing buckets are 404', async () => {
    await f.s3.send(new CreateBucketCommand({ Bucket: 'plain-bucket' }));
    expect((await f.s3.send(new HeadBucketCommand({ Bucket: 'plain-bucket' }))).$metadata.httpStatusCode).toBe(200);
    const names = (await f.s3.send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name);
    expect(names).toEqual(expect.arrayContaining(['plain-bucket', 'enc-bucket']));
    expect(await failure(f.s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' })))).toMatchObject({ name: 'NotFound', status: 404 });
    expect(await failure(f.s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'k', Body: 'x' })))).toMatchObject({ name: 'NoSuchBucket', status: 404 });
  });

  it('reads back default encryption, and 404s where there is none', async () => {
    const enc = await f.s3.send(new GetBucketEncryptionCommand({ Bucket: 'enc-bucket' }));
    expect(enc.ServerSideEncryptionConfiguration!.Rules![0]).toEqual({
      ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyA },
      BucketKeyEnabled: true,
    });
    await f.s3.send(new CreateBucketCommand({ Bucket: 'no-enc-bucket' }));
    expect(await failure(f.s3.send(new GetBucketEncryptionCommand({ Bucket: 'no-enc-bucket' })))).toMatchObject({
      name: 'ServerSideEncryptionConfigurationNotFoundError',
      status: 404,
    });
  });
});

describe('objects', () => {
  it('puts under the bucket key and reports it on HEAD and GET', async () => {
    const put = await f.s3.send(
      new PutObjectCommand({ Bucket: 'enc-bucket', Key: 'dir/a b+ü.txt', Body: 'hello', ContentType: 'text/plain', Metadata: { owner: 'team' }, Tagging: 'env=prod&tier=1', StorageClass: 'STANDARD_IA' }),
    );
    expect(put.ETag).toBe('"5d41402abc4b2a76b9719d911017c592"');
    expect(put.SSEKMSKeyId).toBe(keyA);
    const head = await f.s3.send(new HeadObjectCommand({ Bucket: 'enc-bucket', Key: 'dir/a b+ü.txt' }));
    expect(head).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyA, BucketKeyEnabled: true, ContentLength: 5, ContentType: 'text/plain', StorageClass: 'STANDARD_IA', Metadata: { owner: 'team' } });
    const get = await f.s3.send(new GetObjectCommand({ Bucket: 'enc-bucket', Key: 'dir/a b+ü.txt' }));
    expect(get.TagCount).toBe(2);
    expect(await get.Body!.transformToString()).toBe('hello');
    expect(await failure(f.s3.send(new HeadObjectCommand({ Bucket: 'enc-bucket', Key: 'absent' })))).toMatchObject({ name: 'NotFound', status: 404 });
    expect(await failure(f.s3.send(new GetObjectCommand({ Bucket: 'enc-bucket', Key: 'absent' })))).toMatchObject({ name: 'NoSuchKey', status: 404 });
  });

  it('decodes aws-chunked streaming uploads (trailing checksum)', async () => {
    const body = Readable.from([Buffer.from('chunk-one|'), Buffer.from('chunk-two')]);
    await f.s3.send(new PutObjectCommand({ Bucket: 'enc-bucket', Key: 'streamed', Body: body, ContentLength: 19 }));
    expect(await text('enc-bucket', 'streamed')).toBe('chunk-one|chunk-two');
  });

  it('honours If-None-Match and If-Match (412 PreconditionFailed)', async () => {
    const first = await f.s3.send(new PutObjectCommand({ Bucket: 'enc-bucket', Key: 'lease', Body: 'v1', IfNoneMatch: '*' }));
    expect(await failure(f.s3.send(new PutObjectCommand({ Bucket: 'enc-bucket', Key: 'lease', Body: 'v2', IfNoneMatch: '*' })))).toMatchObject({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(await failure(f.s3.send(new PutObjectCommand({ Bucket: 'enc-bucket', Key: 'lease', Body: 'v2', IfMatch: '"0000"' })))).toMatchObject({ status: 412 });
    await f.s3.send(new PutObjectCommand({ Bucket: 'enc-bucket', Key: 'lease', Body: 'v2', IfMatch: first.ETag! }));
    expect(await text('enc-bucket', 'lease')).toBe('v2');
    expect(await failure(f.s3.send(new DeleteObjectCommand({ Bucket: 'enc-bucket', Key: 'lease', IfMatch: first.ETag! })))).toMatchObject({ status: 412 });
    expect((await f.s3.send(new DeleteObjectCommand({ Bucket: 'enc-bucket', Key: 'lease' }))).$metadata.httpStatusCode).toBe(204);
  });

  it('pages ListObjectsV2 with continuation tokens and prefixes', async () => {
    await f.s3.send(new CreateBucketCommand({ Bucket: 'list-bucket' }));
    for (const k of ['p/1', 'p/2', 'p/3', 'q/1']) await f.s3.send(new PutObjectCommand({ Bucket: 'list-bucket', Key: k, Body: k }));
    const one = await f.s3.send(new ListObjectsV2Command({ Bucket: 'list-bucket', Prefix: 'p/', MaxKeys: 2 }));
    expect(one.Contents!.map((c) => c.Key)).toEqual(['p/1', 'p/2']);
    expect(one.IsTruncated).toBe(true);
    const two = await f.s3.send(new ListObjectsV2Command({ Bucket: 'list-bucket', Prefix: 'p/', MaxKeys: 2, ContinuationToken: one.NextContinuationToken! }));
    expect(two.Contents!.map((c) => c.Key)).toEqual(['p/3']);
    expect(two.IsTruncated).toBe(false);
    expect(two.Contents![0]).toMatchObject({ Size: 3, StorageClass: 'STANDARD' });
    const del = await f.s3.send(new DeleteObjectsCommand({ Bucket: 'list-bucket', Delete: { Objects: [{ Key: 'q/1' }, { Key: 'never-was' }] } }));
    expect(del.Deleted!.map((d) => d.Key).sort()).toEqual(['never-was', 'q/1']);
    expect((await f.s3.send(new ListObjectsV2Command({ Bucket: 'list-bucket' }))).KeyCount).toBe(3);
  });

  it('reads and replaces object tags', async () => {
    await f.s3.send(new PutObjectCommand({ Bucket: 'enc-bucket', Key: 'tagged', Body: 'x', Tagging: 'a=1' }));
    await f.s3.send(new PutObjectTaggingCommand({ Bucket: 'enc-bucket', Key: 'tagged', Tagging: { TagSet: [{ Key: 'b', Value: 'two & <three>' }] } }));
    expect((await f.s3.send(new GetObjectTaggingCommand({ Bucket: 'enc-bucket', Key: 'tagged' }))).TagSet).toEqual([{ Key: 'b', Value: 'two & <three>' }]);
  });
});

describe('re-encryption', () => {
  it('copies in place under another key, keeping metadata, tags and (given) storage class', async () => {
    const key = 'reenc/obj one';
    const put = await f.s3.send(
      new PutObjectCommand({ Bucket: 'enc-bucket', Key: key, Body: 'payload', ContentType: 'text/csv', Metadata: { a: 'b' }, Tagging: 'k=v', StorageClass: 'STANDARD_IA' }),
    );
    const source = `enc-bucket/${encodeURIComponent(key)}`;
    expect(await failure(f.s3.send(new CopyObjectCommand({ Bucket: 'enc-bucket', Key: key, CopySource: source })))).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(
      await failure(f.s3.send(new CopyObjectCommand({ Bucket: 'enc-bucket', Key: key, CopySource: source, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyB, CopySourceIfMatch: '"bad"' }))),
    ).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    const copy = await f.s3.send(
      new CopyObjectCommand({ Bucket: 'enc-bucket', Key: key, CopySource: source, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyB, BucketKeyEnabled: true, StorageClass: 'STANDARD_IA', CopySourceIfMatch: put.ETag! }),
    );
    expect(copy.CopyObjectResult!.ETag).toBe(put.ETag);
    expect(copy.CopyObjectResult!.LastModified).toBeInstanceOf(Date);
    expect(copy.SSEKMSKeyId).toBe(keyB);
    const head = await f.s3.send(new HeadObjectCommand({ Bucket: 'enc-bucket', Key: key }));
    expect(head).toMatchObject({ SSEKMSKeyId: keyB, ContentType: 'text/csv', Metadata: { a: 'b' }, StorageClass: 'STANDARD_IA' });
    expect((await f.s3.send(new GetObjectTaggingCommand({ Bucket: 'enc-bucket', Key: key }))).TagSet).toEqual([{ Key: 'k', Value: 'v' }]);
  });

  it('replaces metadata and tags when the directives say REPLACE', async () => {
    await f.s3.send(new PutObjectCommand({ Bucket: 'enc-bucket', Key: 'src', Body: 'x', Metadata: { old: '1' }, Tagging: 'old=1' }));
    await f.s3.send(
      new CopyObjectCommand({ Bucket: 'enc-bucket', Key: 'dst', CopySource: 'enc-bucket/src', MetadataDirective: 'REPLACE', Metadata: { new: '2' }, TaggingDirective: 'REPLACE', Tagging: 'new=2' }),
    );
    expect((await f.s3.send(new HeadObjectCommand({ Bucket: 'enc-bucket', Key: 'dst' }))).Metadata).toEqual({ new: '2' });
    expect((await f.s3.send(new GetObjectTaggingCommand({ Bucket: 'enc-bucket', Key: 'dst' }))).TagSet).toEqual([{ Key: 'new', Value: '2' }]);
  });

  it('re-encrypts with a multipart copy (ranges), and aborts uploads', async () => {
    await f.s3.send(new PutObjectCommand({ Bucket: 'enc-bucket', Key: 'big', Body: 'abcdefghij', Metadata: { m: '1' } }));
    const up = await f.s3.send(
      new CreateMultipartUploadCommand({ Bucket: 'enc-bucket', Key: 'big', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyB, Metadata: { m: '1' } }),
    );
    const head = await f.s3.send(new HeadObjectCommand({ Bucket: 'enc-bucket', Key: 'big' }));
    const stale = f.s3.send(
      new UploadPartCopyCommand({ Bucket: 'enc-bucket', Key: 'big', UploadId: up.UploadId!, PartNumber: 1, CopySource: 'enc-bucket/big', CopySourceIfMatch: '"0000"' }),
    );
    expect(await failure(stale)).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    const parts = [];
    for (const [n, range] of [[1, 'bytes=0-3'], [2, 'bytes=4-9']] as const) {
      const r = await f.s3.send(
        new UploadPartCopyCommand({ Bucket: 'enc-bucket', Key: 'big', UploadId: up.UploadId!, PartNumber: n, CopySource: 'enc-bucket/big', CopySourceRange: range, CopySourceIfMatch: head.ETag! }),
      );
      parts.push({ PartNumber: n, ETag: r.CopyPartResult!.ETag! });
    }
    await f.s3.send(new CompleteMultipartUploadCommand({ Bucket: 'enc-bucket', Key: 'big', UploadId: up.UploadId!, MultipartUpload: { Parts: parts } }));
    expect(await text('enc-bucket', 'big')).toBe('abcdefghij');
    expect((await f.s3.send(new HeadObjectCommand({ Bucket: 'enc-bucket', Key: 'big' }))).SSEKMSKeyId).toBe(keyB);
    const other = await f.s3.send(new CreateMultipartUploadCommand({ Bucket: 'enc-bucket', Key: 'big' }));
    await f.s3.send(new AbortMultipartUploadCommand({ Bucket: 'enc-bucket', Key: 'big', UploadId: other.UploadId! }));
    expect(await failure(f.s3.send(new AbortMultipartUploadCommand({ Bucket: 'enc-bucket', Key: 'big', UploadId: other.UploadId! })))).toMatchObject({
      name: 'NoSuchUpload',
      status: 404,
    });
  });

  it('fails reads of objects whose key is disabled with KMS.DisabledException', async () => {
    const keyC = await enabledKey();
    await f.s3.send(new PutObjectCommand({ Bucket: 'enc-bucket', Key: 'under-c', Body: 'secret', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyC }));
    await f.kms.send(new DisableKeyCommand({ KeyId: keyC }));
    expect(await failure(f.s3.send(new GetObjectCommand({ Bucket: 'enc-bucket', Key: 'under-c' })))).toMatchObject({ name: 'KMS.DisabledException', status: 400 });
    // HEAD needs no decryption and still answers.
    expect((await f.s3.send(new HeadObjectCommand({ Bucket: 'enc-bucket', Key: 'under-c' }))).SSEKMSKeyId).toBe(keyC);
  });
});
