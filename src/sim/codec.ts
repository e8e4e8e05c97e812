/** LocalStateFile <-> SimModel. Expired import parameters are dropped on the way out. */
import { emptyModel, type BucketRecord, type KeyRecord, type MaterialRecord, type SimModel } from './model.js';
import { LOCAL_STATE_VERSION, type LocalStateFile, type StoredBucket, type StoredKey, type StoredMaterial } from './state.js';

const iso = (d: Date): string => d.toISOString();
const date = (s: string): Date => new Date(s);

function keyToState(k: KeyRecord): StoredKey {
  const m = k.material;
  return {
    keyId: k.keyId,
    createdAt: iso(k.createdAt),
    description: k.description,
    keyUsage: k.keyUsage,
    keySpec: k.keySpec,
    origin: k.origin,
    enabled: k.enabled,
    deletion: k.deletion ? { date: iso(k.deletion.date), windowDays: k.deletion.windowDays } : null,
    tags: [...k.tags].map(([TagKey, TagValue]) => ({ TagKey, TagValue })),
    ...(k.keyAlias !== undefined ? { keyAlias: k.keyAlias } : {}),
    material: m ? materialToState(m) : null,
    ...(k.nonCurrent.length ? { nonCurrent: k.nonCurrent.map(materialToState) } : {}),
    ...(k.pending ? { pending: materialToState(k.pending) } : {}),
    ...(k.lastUsage ? { lastUsage: { at: iso(k.lastUsage.at), operation: k.lastUsage.operation } } : {}),
    ...(k.instanceId !== undefined ? { instanceId: k.instanceId } : {}),
    ...(k.protectionLevel !== undefined ? { protectionLevel: k.protectionLevel } : {}),
  };
}

function materialToState(m: MaterialRecord): StoredMaterial {
  return {
    salt: m.salt.toString('base64'),
    fingerprint: m.fingerprint.toString('hex'),
    keyMaterialId: m.keyMaterialId,
    imported: m.imported,
    expirationModel: m.expirationModel,
    validTo: m.validTo ? iso(m.validTo) : null,
    importedAt: iso(m.importedAt),
    ...(m.description !== undefined ? { description: m.description } : {}),
    ...(m.rotatedAt ? { rotatedAt: iso(m.rotatedAt) } : {}),
  };
}

function materialFromState(m: StoredMaterial): MaterialRecord {
  return {
    salt: Buffer.from(m.salt, 'base64'),
    fingerprint: Buffer.from(m.fingerprint, 'hex'),
    keyMaterialId: m.keyMaterialId,
    imported: m.imported,
    expirationModel: m.expirationModel,
    validTo: m.validTo ? date(m.validTo) : null,
    importedAt: date(m.importedAt),
    ...(m.description !== undefined ? { description: m.description } : {}),
    ...(m.rotatedAt ? { rotatedAt: date(m.rotatedAt) } : {}),
  };
}

function keyFromState(s: StoredKey): KeyRecord {
  const m = s.material;
  return {
    keyId: s.keyId,
    createdAt: date(s.createdAt),
    description: s.description,
    keyUsage: s.keyUsage,
    keySpec: s.keySpec,
    origin: s.origin,
    enabled: s.enabled,
    deletion: s.deletion ? { date: date(s.deletion.date), windowDays: s.deletion.windowDays } : null,
    tags: new Map(s.tags.map((t) => [t.TagKey, t.TagValue])),
    ...(typeof s.keyAlias === 'string' ? { keyAlias: s.keyAlias } : {}),
    material: m ? materialFromState(m) : null,
    nonCurrent: (s.nonCurrent ?? []).map(materialFromState),
    pending: s.pending ? materialFromState(s.pending) : null,
    lastUsage: s.lastUsage ? { at: date(s.lastUsage.at), operation: s.lastUsage.operation } : null,
    ...(s.instanceId !== undefined ? { instanceId: s.instanceId } : {}),
    ...(s.protectionLevel !== undefined ? { protectionLevel: s.protectionLevel } : {}),
  };
}

function bucketToState(b: BucketRecord): StoredBucket {
  return {
    name: b.name,
    createdAt: iso(b.createdAt),
    encryption: b.encryption ? { ...b.encryption } : null,
    objects: [...b.objects.values()].map((o) => ({
      ...o,
      body: o.body.toString('base64'),
      lastModified: iso(o.lastModified),
      metadata: { ...o.metadata },
      tags: { ...o.tags },
    })),
  };
}

function bucketFromState(s: StoredBucket): BucketRecord {
  return {
    name: s.name,
    createdAt: date(s.createdAt),
    encryption: s.encryption ? { ...s.encryption } : null,
    objects: new Map(
      s.objects.map((o) => [o.key, { ...o, body: Buffer.from(o.body, 'base64'), lastModified: date(o.lastModified) }]),
    ),
  };
}

export function modelToState(model: SimModel, accountId: string, region: string, now: Date): LocalStateFile {
  return {
    version: LOCAL_STATE_VERSION,
    accountId,
    region,
    keys: [...model.keys.values()].map(keyToState),
    aliases: [...model.aliases.values()].map((a) => ({
      name: a.name,
      targetKeyId: a.targetKeyId,
      createdAt: iso(a.createdAt),
      updatedAt: iso(a.updatedAt),
    })),
    importParameters: [...model.importParams.values()]
      .filter((p) => p.expiresAt.getTime() > now.getTime())
      .map((p) => ({
        tokenSha256: p.tokenSha256,
        keyId: p.keyId,
        algorithm: p.algorithm,
        wrappingKeySpec: p.wrappingKeySpec,
        privateKeyPkcs8: p.privateKeyPkcs8,
        expiresAt: iso(p.expiresAt),
      })),
    buckets: [...model.buckets.values()].map(bucketToState),
  };
}

export function modelFromState(state: LocalStateFile): SimModel {
  const model = emptyModel();
  for (const k of state.keys) model.keys.set(k.keyId, keyFromState(k));
  for (const a of state.aliases) {
    model.aliases.set(a.name, { name: a.name, targetKeyId: a.targetKeyId, createdAt: date(a.createdAt), updatedAt: date(a.updatedAt) });
  }
  for (const p of state.importParameters) model.importParams.set(p.tokenSha256, { ...p, expiresAt: date(p.expiresAt) });
  for (const b of state.buckets) model.buckets.set(b.name, bucketFromState(b));
  // Unknown until the first sweep: force one.
  model.nextDeadline = Number.NEGATIVE_INFINITY;
  return model;
}
