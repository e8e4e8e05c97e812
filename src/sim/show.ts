/** The `reconcile local show` document: the simulator's keys, aliases, buckets and objects. */
import { SimError } from './sim-types.js';
import type { LocalSimulator } from './simulator.js';
import { keyIdOf } from './ids.js';

export interface ShownKey {
  keyId: string;
  arn: string;
  keyState: string;
  enabled: boolean;
  keySpec: string;
  keyUsage: string;
  origin: string;
  description: string;
  createdAt: string;
  expirationModel: string | null;
  validTo: string | null;
  deletionDate: string | null;
  keyMaterialId: string | null;
  /** Keys holding more than one material (in-place rotation): every one, oldest first. */
  materials?: { keyMaterialId: string; state: string; importState: string; validTo: string | null; description: string | null }[];
  aliases: string[];
  tags: Record<string, string>;
}

export interface ShownObject {
  key: string;
  size: number;
  etag: string;
  contentType: string;
  storageClass: string;
  serverSideEncryption: string | null;
  /** Key id the object is encrypted under; null without SSE-KMS. */
  kmsKeyId: string | null;
  kmsKeyArn: string | null;
}

export interface ShownBucket {
  name: string;
  sseAlgorithm: string | null;
  /** Key id of the default SSE-KMS key (resolved from ARN or alias when possible). */
  kmsKeyId: string | null;
  kmsMasterKeyId: string | null;
  bucketKeyEnabled: boolean;
  objects: ShownObject[];
}

export interface LocalShowDocument {
  accountId: string;
  region: string;
  at: string;
  keys: ShownKey[];
  buckets: ShownBucket[];
}

function allPages<T>(fetch: (marker: string | undefined) => { items: T[]; next: string | undefined }): T[] {
  const out: T[] = [];
  let marker: string | undefined;
  do {
    const page = fetch(marker);
    out.push(...page.items);
    marker = page.next;
  } while (marker);
  return out;
}

function keysOf(sim: LocalSimulator): ShownKey[] {
  const aliases = allPages((m) => {
    const p = sim.listAliases({ Limit: 100, ...(m ? { Marker: m } : {}) });
    return { items: p.Aliases, next: p.Truncated ? p.NextMarker : undefined };
  });
  const ids = allPages((m) => {
    const p = sim.listKeys({ Limit: 1000, ...(m ? { Marker: m } : {}) });
    return { items: p.Keys.map((k) => k.KeyId), next: p.Truncated ? p.NextMarker : undefined };
  });
  const keys = ids.map((KeyId): ShownKey => {
    const md = sim.describeKey({ KeyId }).KeyMetadata;
    const tags = allPages((m) => {
      const p = sim.listResourceTags({ KeyId, ...(m ? { Marker: m } : {}) });
      return { items: p.Tags, next: p.Truncated ? p.NextMarker : undefined };
    });
    const rotations = md.Origin === 'EXTERNAL' && md.KeySpec === 'SYMMETRIC_DEFAULT' ? sim.listKeyRotations({ KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 1000 }).Rotations : [];
    const materials = rotations.length > 1
      ? {
          materials: rotations.map((r) => ({
            keyMaterialId: r.KeyMaterialId,
            state: r.KeyMaterialState,
            importState: r.ImportState,
            validTo: r.ValidTo?.toISOString() ?? null,
            description: r.KeyMaterialDescription ?? null,
          })),
        }
      : {};
    return {
      keyId: md.KeyId,
      arn: md.Arn,
      keyState: md.KeyState,
      enabled: md.Enabled,
      keySpec: md.KeySpec,
      keyUsage: md.KeyUsage,
      origin: md.Origin,
      description: md.Description,
      createdAt: md.CreationDate.toISOString(),
      expirationModel: md.ExpirationModel ?? null,
      validTo: md.ValidTo?.toISOString() ?? null,
      deletionDate: md.DeletionDate?.toISOString() ?? null,
      keyMaterialId: md.CurrentKeyMaterialId ?? null,
      ...materials,
      aliases: aliases.filter((a) => a.TargetKeyId === md.KeyId).map((a) => a.AliasName),
      tags: Object.fromEntries(tags.map((t) => [t.TagKey, t.TagValue])),
    };
  });
  return keys.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
}

function bucketOf(sim: LocalSimulator, name: string): ShownBucket {
  let enc: ReturnType<LocalSimulator['getBucketEncryption']> | null = null;
  try {
    enc = sim.getBucketEncryption({ Bucket: name });
  } catch (e) {
    if (!(e instanceof SimError)) throw e;
  }
  const raw = enc?.KMSMasterKeyID ?? null;
  let kmsKeyId: string | null = null;
  if (raw !== null) {
    try {
      kmsKeyId = sim.describeKey({ KeyId: raw }).KeyMetadata.KeyId;
    } catch {
      kmsKeyId = keyIdOf(raw);
    }
  }
  const keys = allPages((t) => {
    const p = sim.listObjectsV2({ Bucket: name, ...(t ? { ContinuationToken: t } : {}) });
    return { items: p.Contents.map((c) => c.Key), next: p.IsTruncated ? p.NextContinuationToken : undefined };
  });
  const objects = keys.map((key): ShownObject => {
    const h = sim.headObject({ Bucket: name, Key: key });
    return {
      key,
      size: h.ContentLength,
      etag: h.ETag,
      contentType: h.ContentType,
      storageClass: h.StorageClass,
      serverSideEncryption: h.ServerSideEncryption ?? null,
      kmsKeyId: h.SSEKMSKeyId ? keyIdOf(h.SSEKMSKeyId) : null,
      kmsKeyArn: h.SSEKMSKeyId ?? null,
    };
  });
  return { name, sseAlgorithm: enc?.SSEAlgorithm ?? null, kmsKeyId, kmsMasterKeyId: raw, bucketKeyEnabled: enc?.BucketKeyEnabled ?? false, objects };
}

export function showLocal(sim: LocalSimulator): LocalShowDocument {
  return {
    accountId: sim.accountId,
    region: sim.region,
    at: sim.clock.now().toISOString(),
    keys: keysOf(sim),
    buckets: sim.listBuckets().Buckets.map((b) => bucketOf(sim, b.Name)),
  };
}
