/**
 * KMS 2016-01-20 actions over the simulator. Parameters arrive flat (query string or form body,
 * `Tags` and `TagKeys` as JSON strings, repeated lists as `Name.N`); answers use Alibaba's
 * field names, `PageNumber`/`PageSize` pagination and Unix seconds for KeyMaterialExpireUnix.
 */
import type { LocalSimulator } from '../../sim/simulator.js';
import type { SimTag } from '../../sim/sim-types.js';
import { keyMetadataOut, keyRefIn, keySpecIn, originIn, popAliasArn, popTime, usageIn, wrappingKeySpecIn, type ArnScope } from './kms-names.js';
import { checkImportRules } from './kms-instance-rules.js';
import { PopError } from './rpc-reply.js';

export type Params = Readonly<Record<string, string>>;

export interface KmsAction {
  mutating: boolean;
  run(sim: LocalSimulator, p: Params): Promise<Record<string, unknown>> | Record<string, unknown>;
}

const missing = (name: string) =>
  new PopError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);

function need(p: Params, name: string): string {
  const v = p[name];
  if (v === undefined || v === '') throw missing(name);
  return v;
}

function intParam(p: Params, name: string, fallback: number, min: number, max: number): number {
  const raw = p[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new PopError(`InvalidParameter.${name}`, `${name} must be an integer from ${min} to ${max}.`);
  return n;
}

function jsonParam<T>(p: Params, name: string): T | undefined {
  const raw = p[name];
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new PopError(`InvalidParameter.${name}`, `${name} must be a JSON string.`);
  }
}

function tagsParam(p: Params, name = 'Tags'): SimTag[] {
  const tags = jsonParam<unknown>(p, name) ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => t && typeof t.TagKey === 'string' && typeof t.TagValue === 'string')) {
    throw new PopError(`InvalidParameter.${name}`, `${name} must be a JSON array of {"TagKey": ..., "TagValue": ...}.`);
  }
  return tags as SimTag[];
}

/** `Name.1`, `Name.2`, ... in order, or `Name.N.Field` objects. */
function repeated(p: Params, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; p[`${name}.${i}`] !== undefined; i++) out.push(p[`${name}.${i}`]!);
  return out;
}

function scope(sim: LocalSimulator): ArnScope {
  return { region: sim.region, accountId: sim.accountId };
}

/** Every item of a marker-paginated simulator listing. */
function drain<T>(page: (marker: string | undefined) => { items: T[]; next?: string }): T[] {
  const all: T[] = [];
  let marker: string | undefined;
  do {
    const r = page(marker);
    all.push(...r.items);
    marker = r.next;
  } while (marker !== undefined);
  return all;
}

function pageOf<T>(p: Params, items: T[]): { page: T[]; PageNumber: number; PageSize: number; TotalCount: number } {
  const PageNumber = intParam(p, 'PageNumber', 1, 1, 1_000_000);
  const PageSize = intParam(p, 'PageSize', 10, 1, 100);
  return { page: items.slice((PageNumber - 1) * PageSize, PageNumber * PageSize), PageNumber, PageSize, TotalCount: items.length };
}

function allAliases(sim: LocalSimulator, keyId?: string) {
  return drain((m) => {
    const r = sim.listAliases({ ...(keyId !== undefined ? { KeyId: keyId } : {}), Limit: 100, ...(m ? { Marker: m } : {}) });
    return { items: r.Aliases, ...(r.NextMarker ? { next: r.NextMarker } : {}) };
  });
}

function aliasesOut(sim: LocalSimulator, p: Params, keyId?: string) {
  const { page, ...counts } = pageOf(p, allAliases(sim, keyId));
  return {
    Aliases: { Alias: page.map((a) => ({ AliasName: a.AliasName, AliasArn: popAliasArn(scope(sim), a.AliasName), KeyId: a.TargetKeyId })) },
    ...counts,
  };
}

function allTags(sim: LocalSimulator, keyId: string): SimTag[] {
  return drain((m) => {
    const r = sim.listResourceTags({ KeyId: keyId, ...(m ? { Marker: m } : {}) });
    return { items: r.Tags, ...(r.NextMarker ? { next: r.NextMarker } : {}) };
  });
}

export const KMS_ACTIONS: Readonly<Record<string, KmsAction>> = {
  CreateKey: {
    mutating: true,
    run(sim, p) {
      const instanceId = p.DKMSInstanceId || undefined;
      const level = p.ProtectionLevel || 'SOFTWARE';
      if (level !== 'SOFTWARE' && level !== 'HSM') throw new PopError('InvalidParameter.ProtectionLevel', 'ProtectionLevel must be SOFTWARE or HSM.');
      const out = sim.createKey({
        KeySpec: keySpecIn(p.KeySpec),
        KeyUsage: usageIn(p.KeyUsage),
        Origin: originIn(p.Origin),
        Description: p.Description ?? '',
        Tags: tagsParam(p),
        ...(instanceId !== undefined ? { InstanceId: instanceId } : { ProtectionLevel: level }),
      });
      return { KeyMetadata: keyMetadataOut(scope(sim), out.KeyMetadata) };
    },
  },
  DescribeKey: {
    mutating: false,
    run: (sim, p) => ({ KeyMetadata: keyMetadataOut(scope(sim), sim.describeKey({ KeyId: keyRefIn(p.KeyId) }).KeyMetadata) }),
  },
  ListKeys: {
    mutating: false,
    run(sim, p) {
      const keys = drain((m) => {
        const r = sim.listKeys({ Limit: 1000, ...(m ? { Marker: m } : {}) });
        return { items: r.Keys, ...(r.NextMarker ? { next: r.NextMarker } : {}) };
      });
      const { page, ...counts } = pageOf(p, keys);
      return { Keys: { Key: page.map((k) => ({ KeyId: k.KeyId, KeyArn: `acs:kms:${sim.region}:${sim.accountId}:key/${k.KeyId}` })) }, ...counts };
    },
  },
  GetParametersForImport: {
    mutating: true,
    async run(sim, p) {
      const keyId = keyRefIn(need(p, 'KeyId'));
      const algorithm = need(p, 'WrappingAlgorithm');
      const spec = wrappingKeySpecIn(need(p, 'WrappingKeySpec'));
      checkImportRules(sim, keyId, algorithm);
      const out = await sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: spec });
      return {
        KeyId: sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyId,
        ImportToken: out.ImportToken.toString('base64'),
        PublicKey: out.PublicKey.toString('base64'),
        TokenExpireTime: popTime(out.ParametersValidTo),
      };
    },
  },
  ImportKeyMaterial: {
    mutating: true,
    run(sim, p) {
      const keyId = keyRefIn(need(p, 'KeyId'));
      const expire = p.KeyMaterialExpireUnix;
      const seconds = expire === undefined || expire === '' ? 0 : Number(expire);
      if (!Number.isInteger(seconds) || seconds < 0) throw new PopError('InvalidParameter.KeyMaterialExpireUnix', 'KeyMaterialExpireUnix must be Unix time in seconds, or 0 for never.');
      if (seconds > 0 && seconds * 1000 <= sim.clock.now().getTime()) {
        throw new PopError('InvalidParameter.KeyMaterialExpireUnix', 'KeyMaterialExpireUnix must not be earlier than the current time.');
      }
      sim.importKeyMaterial({
        KeyId: keyId,
        ImportToken: Buffer.from(need(p, 'ImportToken'), 'base64'),
        EncryptedKeyMaterial: Buffer.from(need(p, 'EncryptedKeyMaterial'), 'base64'),
        ...(seconds === 0 ? { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } : { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(seconds * 1000) }),
      });
      return {};
    },
  },
  DeleteKeyMaterial: {
    mutating: true,
    run(sim, p) {
      sim.deleteImportedKeyMaterial({ KeyId: keyRefIn(need(p, 'KeyId')) });
      return {};
    },
  },
  CreateAlias: { mutating: true, run: (sim, p) => (sim.createAlias({ AliasName: need(p, 'AliasName'), TargetKeyId: keyRefIn(need(p, 'KeyId')) }), {}) },
  UpdateAlias: { mutating: true, run: (sim, p) => (sim.updateAlias({ AliasName: need(p, 'AliasName'), TargetKeyId: keyRefIn(need(p, 'KeyId')) }), {}) },
  DeleteAlias: { mutating: true, run: (sim, p) => (sim.deleteAlias({ AliasName: need(p, 'AliasName') }), {}) },
  ListAliases: { mutating: false, run: (sim, p) => aliasesOut(sim, p) },
  ListAliasesByKeyId: { mutating: false, run: (sim, p) => aliasesOut(sim, p, keyRefIn(need(p, 'KeyId'))) },
  TagResource: {
    mutating: true,
    run(sim, p) {
      sim.tagResource({ KeyId: keyRefIn(need(p, 'KeyId')), Tags: tagsParam(p) });
      return {};
    },
  },
  UntagResource: {
    mutating: true,
    run(sim, p) {
      const keys = jsonParam<unknown>(p, 'TagKeys');
      if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) throw new PopError('InvalidParameter.TagKeys', 'TagKeys must be a JSON array of strings.');
      sim.untagResource({ KeyId: keyRefIn(need(p, 'KeyId')), TagKeys: keys as string[] });
      return {};
    },
  },
  ListResourceTags: {
    mutating: false,
    run(sim, p) {
      const keyId = sim.describeKey({ KeyId: keyRefIn(need(p, 'KeyId')) }).KeyMetadata.KeyId;
      return { Tags: { Tag: allTags(sim, keyId).map((t) => ({ KeyId: keyId, TagKey: t.TagKey, TagValue: t.TagValue })) } };
    },
  },
  TagResources: {
    mutating: true,
    run(sim, p) {
      if ((p.ResourceType ?? 'key') !== 'key') throw new PopError('InvalidParameter.ResourceType', 'The sandbox tags only ResourceType key.');
      const ids = repeated(p, 'ResourceId');
      if (ids.length === 0 || ids.length > 50) throw new PopError('InvalidParameter.ResourceId', 'ResourceId.N must name 1 to 50 keys.');
      const tags: SimTag[] = [];
      for (let i = 1; p[`Tag.${i}.Key`] !== undefined; i++) tags.push({ TagKey: p[`Tag.${i}.Key`]!, TagValue: p[`Tag.${i}.Value`] ?? '' });
      if (tags.length === 0 || tags.length > 20) throw new PopError('InvalidParameter.Tag', 'Tag.N must hold 1 to 20 tags.');
      for (const id of ids) sim.tagResource({ KeyId: keyRefIn(id), Tags: tags });
      return {};
    },
  },
  EnableKey: { mutating: true, run: (sim, p) => (sim.enableKey({ KeyId: keyRefIn(need(p, 'KeyId')) }), {}) },
  DisableKey: { mutating: true, run: (sim, p) => (sim.disableKey({ KeyId: keyRefIn(need(p, 'KeyId')) }), {}) },
  ScheduleKeyDeletion: {
    mutating: true,
    run(sim, p) {
      sim.scheduleKeyDeletion({ KeyId: keyRefIn(need(p, 'KeyId')), PendingWindowInDays: (need(p, 'PendingWindowInDays'), intParam(p, 'PendingWindowInDays', 0, 7, 366)) });
      return {};
    },
  },
  CancelKeyDeletion: { mutating: true, run: (sim, p) => (sim.cancelKeyDeletion({ KeyId: keyRefIn(need(p, 'KeyId')) }), {}) },
};
