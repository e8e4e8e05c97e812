// INTERIM: a throwaway in-memory stand-in until LocalSimulator lands; the real suite replaces it.
import { createHash, generateKeyPairSync } from 'node:crypto';
import { SimError, type SimTag } from '../../src/providers/local/sim-types.js';
import type { SandboxSim } from '../../src/sandbox/types.js';

export function fakeSim(): SandboxSim {
  const keys = new Map<string, any>();
  const tags = new Map<string, SimTag[]>();
  const buckets = new Map<string, { enc?: any; objects: Map<string, any> }>();
  let n = 0;
  const key = (id: string) => {
    const k = keys.get(id.replace(/^arn:.*:key\//, ''));
    if (!k) throw new SimError('NotFoundException', `Key '${id}' does not exist`);
    return k;
  };
  const bucket = (b: string) => {
    const x = buckets.get(b);
    if (!x) throw new SimError('NoSuchBucket', 'The specified bucket does not exist', 404);
    return x;
  };
  const sim: any = {
    createKey(req: any) {
      const id = `k${++n}`;
      const md = { AWSAccountId: '111122223333', KeyId: id, Arn: `arn:aws:kms:us-east-1:111122223333:key/${id}`, CreationDate: new Date(), Enabled: false, Description: req.Description ?? '', KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'PendingImport', Origin: 'EXTERNAL', KeyManager: 'CUSTOMER', KeySpec: 'SYMMETRIC_DEFAULT', MultiRegion: false };
      keys.set(id, md);
      tags.set(id, req.Tags ?? []);
      return { KeyMetadata: md };
    },
    describeKey: (r: any) => ({ KeyMetadata: key(r.KeyId) }),
    listKeys: () => ({ Keys: [...keys.values()].map((k) => ({ KeyId: k.KeyId, KeyArn: k.Arn })), Truncated: false }),
    async getParametersForImport(r: any) {
      const k = key(r.KeyId);
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return { KeyId: k.Arn, ImportToken: Buffer.from('token'), PublicKey: publicKey.export({ type: 'spki', format: 'der' }), ParametersValidTo: new Date(Date.now() + 86400000) };
    },
    importKeyMaterial(r: any) {
      const k = key(r.KeyId);
      k.KeyState = 'Enabled'; k.Enabled = true; k.ValidTo = r.ValidTo; k.ExpirationModel = r.ExpirationModel;
      return { KeyId: k.Arn, KeyMaterialId: 'a'.repeat(64) };
    },
    disableKey(r: any) { const k = key(r.KeyId); k.KeyState = 'Disabled'; k.Enabled = false; },
    enableKey(r: any) { const k = key(r.KeyId); k.KeyState = 'Enabled'; k.Enabled = true; },
    listResourceTags: (r: any) => ({ Tags: tags.get(key(r.KeyId).KeyId) ?? [], Truncated: false }),
    tagResource(r: any) { tags.get(key(r.KeyId).KeyId)!.push(...r.Tags); },
    createBucket(r: any) { if (buckets.has(r.Bucket)) throw new SimError('BucketAlreadyOwnedByYou', 'exists', 409); buckets.set(r.Bucket, { objects: new Map() }); },
    headBucket(r: any) { bucket(r.Bucket); },
    listBuckets: () => ({ Buckets: [...buckets.keys()].map((Name) => ({ Name, CreationDate: new Date() })) }),
    putBucketEncryption(r: any) { bucket(r.Bucket).enc = { SSEAlgorithm: r.SSEAlgorithm, KMSMasterKeyID: r.KMSMasterKeyID, BucketKeyEnabled: !!r.BucketKeyEnabled }; },
    getBucketEncryption(r: any) { const e = bucket(r.Bucket).enc; if (!e) throw new SimError('ServerSideEncryptionConfigurationNotFoundError', 'none', 404); return e; },
    putObject(r: any) {
      const b = bucket(r.Bucket);
      const prev = b.objects.get(r.Key);
      if (r.IfNoneMatch === '*' && prev) throw new SimError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
      if (r.IfMatch !== undefined && (!prev || prev.ETag !== r.IfMatch)) throw new SimError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
      const keyArn = r.SSEKMSKeyId ? key(r.SSEKMSKeyId).Arn : b.enc?.KMSMasterKeyID ? key(b.enc.KMSMasterKeyID).Arn : undefined;
      const o = { Key: r.Key, Body: r.Body, ContentType: r.ContentType ?? 'binary/octet-stream', ContentLength: r.Body.length, ETag: `"${createHash('md5').update(r.Body).digest('hex')}"`, LastModified: new Date(), Metadata: r.Metadata ?? {}, StorageClass: r.StorageClass ?? 'STANDARD', ServerSideEncryption: keyArn ? 'aws:kms' : 'AES256', SSEKMSKeyId: keyArn, BucketKeyEnabled: r.BucketKeyEnabled ?? b.enc?.BucketKeyEnabled, tags: Object.entries(r.Tagging ?? {}).map(([Key, Value]) => ({ Key, Value })) };
      b.objects.set(r.Key, o);
      return { ETag: o.ETag, ServerSideEncryption: o.ServerSideEncryption, SSEKMSKeyId: keyArn };
    },
    headObject(r: any) { const o = bucket(r.Bucket).objects.get(r.Key); if (!o) throw new SimError('NoSuchKey', 'The specified key does not exist.', 404); const { Body, tags: _t, ...h } = o; return h; },
    getObject(r: any) { const o = bucket(r.Bucket).objects.get(r.Key); if (!o) throw new SimError('NoSuchKey', 'The specified key does not exist.', 404); if (o.SSEKMSKeyId && key(o.SSEKMSKeyId).KeyState === 'Disabled') throw new SimError('KMS.DisabledException', `${o.SSEKMSKeyId} is disabled.`, 400); const { tags: _t, ...rest } = o; return rest; },
    deleteObject(r: any) { bucket(r.Bucket).objects.delete(r.Key); },
    listObjectsV2(r: any) { const all = [...bucket(r.Bucket).objects.values()].filter((o) => !r.Prefix || o.Key.startsWith(r.Prefix)).sort((a, b) => a.Key < b.Key ? -1 : 1); const start = r.ContinuationToken ? Number(r.ContinuationToken) : 0; const max = r.MaxKeys ?? 1000; const page = all.slice(start, start + max); const trunc = start + max < all.length; return { Contents: page.map((o) => ({ Key: o.Key, Size: o.ContentLength, ETag: o.ETag, LastModified: o.LastModified, StorageClass: o.StorageClass })), IsTruncated: trunc, NextContinuationToken: trunc ? String(start + max) : undefined, KeyCount: page.length }; },
    copyObject(r: any) { const src = bucket(r.CopySource.Bucket).objects.get(r.CopySource.Key); if (!src) throw new SimError('NoSuchKey', 'no', 404); const o = { ...src, Key: r.Key, Metadata: r.MetadataDirective === 'REPLACE' ? r.Metadata : src.Metadata, StorageClass: r.StorageClass ?? 'STANDARD', tags: r.TaggingDirective === 'REPLACE' ? Object.entries(r.Tagging ?? {}).map(([Key, Value]) => ({ Key, Value })) : src.tags, SSEKMSKeyId: r.SSEKMSKeyId ? key(r.SSEKMSKeyId).Arn : src.SSEKMSKeyId, LastModified: new Date() }; bucket(r.Bucket).objects.set(r.Key, o); return { ETag: o.ETag, LastModified: o.LastModified, SSEKMSKeyId: o.SSEKMSKeyId }; },
    getObjectTagging(r: any) { const o = bucket(r.Bucket).objects.get(r.Key); if (!o) throw new SimError('NoSuchKey', 'no', 404); return { TagSet: o.tags }; },
    putObjectTagging(r: any) { const o = bucket(r.Bucket).objects.get(r.Key); if (!o) throw new SimError('NoSuchKey', 'no', 404); o.tags = r.TagSet; },
  };
  return sim as SandboxSim;
}
