/**
 * KeyService on Alibaba Cloud KMS 2016-01-20. Keys are created with Origin EXTERNAL and their
 * ownership Tags in the CreateKey call (in the KMS instance when the provider has `instanceId`).
 * Discovery: ListKeys (PageSize 100) then ListResourceTags per key (its own 300 QPS quota), and
 * DescribeKey only for the keys tagged with the manifest name.
 */
import type { Clock } from '../../core/types.js';
import { DAY_MS, type WrappingAlgorithm, type WrappingKeySpec } from '../../core/specs.js';
import { TAG, type LiveAlias, type LiveKey } from '../../core/types.js';
import { ALIBABA_NEVER_EXPIRES } from '../../catalog/alibaba.js';
import { ProviderError, type CreateKeyInput, type ImportParameters, type KeyService, type MaterialExpiry } from '../port.js';
import type { WrappedMaterial } from '../../wrapping/types.js';
import type { AlibabaCaller } from './caller.js';
import { ALIBABA_CAPABILITIES } from './config.js';
import type { PopClient, PopResult } from './clients.js';
import { isNotFound } from './errors.js';
import { IMPORTED_TAG, alibabaKeySpec, keyUsageFor, tagsJson, tagsToRecord, toLiveKey } from './key-metadata.js';

export { ALIBABA_CAPABILITIES };

export const PAGE_SIZE = 100;

export interface AlibabaKeyDeps {
  pop: PopClient;
  caller: AlibabaCaller;
  provider: string;
  clock: Clock;
  instanceId?: string;
  protectionLevel?: 'SOFTWARE' | 'HSM';
  /** Tags last seen per key id (spares a ListResourceTags after create and import). */
  tagCache: Map<string, Record<string, string>>;
}

export class AlibabaKeyService implements KeyService {
  readonly capabilities = ALIBABA_CAPABILITIES;
  constructor(private readonly d: AlibabaKeyDeps) {}

  private call(action: string, target: string | undefined, query: Record<string, string | number | undefined>): Promise<PopResult> {
    return this.d.caller.call(action, target, () => this.d.pop.call(action, query));
  }

  private async tagsOf(keyId: string): Promise<Record<string, string>> {
    const r = await this.call('ListResourceTags', keyId, { KeyId: keyId });
    const tags = tagsToRecord(r.Tags?.Tag);
    this.d.tagCache.set(keyId, tags);
    return tags;
  }

  async listManagedKeys(manifestName: string): Promise<LiveKey[]> {
    const ids: string[] = [];
    for (let page = 1; ; page++) {
      const r = await this.call('ListKeys', undefined, { PageNumber: page, PageSize: PAGE_SIZE });
      const keys = (r.Keys?.Key ?? []) as { KeyId: string }[];
      ids.push(...keys.map((k) => k.KeyId));
      if (keys.length < PAGE_SIZE || ids.length >= Number(r.TotalCount ?? 0)) break;
    }
    const out: (LiveKey | null)[] = await Promise.all(
      ids.map(async (id) => {
        try {
          const tags = await this.tagsOf(id);
          if (tags[TAG.manifest] !== manifestName) return null;
          const md = await this.call('DescribeKey', id, { KeyId: id });
          return toLiveKey(this.d.provider, md.KeyMetadata, tags);
        } catch (e) {
          // Deleted between the listing and this call.
          if (isNotFound(e)) return null;
          throw e;
        }
      }),
    );
    return out.filter((k): k is LiveKey => k !== null);
  }

  async getAliases(names: readonly string[]): Promise<LiveAlias[]> {
    const wanted = new Set(names);
    const out: LiveAlias[] = [];
    if (wanted.size === 0) return out;
    for (let page = 1; ; page++) {
      const r = await this.call('ListAliases', undefined, { PageNumber: page, PageSize: PAGE_SIZE });
      const list = (r.Aliases?.Alias ?? []) as { AliasName: string; KeyId: string }[];
      for (const a of list) if (wanted.has(a.AliasName)) out.push({ provider: this.d.provider, name: a.AliasName, targetKeyId: a.KeyId });
      if (list.length < PAGE_SIZE || out.length === wanted.size || page * PAGE_SIZE >= Number(r.TotalCount ?? 0)) break;
    }
    return out;
  }

  async describeKey(keyId: string): Promise<LiveKey | null> {
    try {
      const md = await this.call('DescribeKey', keyId, { KeyId: keyId });
      return toLiveKey(this.d.provider, md.KeyMetadata, await this.tagsOf(md.KeyMetadata.KeyId));
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async createKey(input: CreateKeyInput): Promise<LiveKey> {
    const r = await this.call('CreateKey', undefined, {
      Origin: 'EXTERNAL',
      KeySpec: alibabaKeySpec(input.keySpec),
      KeyUsage: keyUsageFor(input.keySpec),
      Description: input.description,
      Tags: tagsJson(input.tags),
      ...(this.d.instanceId !== undefined ? { DKMSInstanceId: this.d.instanceId } : { ProtectionLevel: this.d.protectionLevel ?? 'SOFTWARE' }),
    });
    this.d.tagCache.set(r.KeyMetadata.KeyId, { ...input.tags });
    return toLiveKey(this.d.provider, r.KeyMetadata, { ...input.tags });
  }

  async getImportParameters(keyId: string, algorithm: WrappingAlgorithm, wrappingKeySpec: WrappingKeySpec): Promise<ImportParameters> {
    const r = await this.call('GetParametersForImport', keyId, {
      KeyId: keyId,
      WrappingAlgorithm: algorithm,
      WrappingKeySpec: wrappingKeySpec === 'SM2' ? 'EC_SM2' : wrappingKeySpec,
    });
    if (typeof r.PublicKey !== 'string' || typeof r.ImportToken !== 'string') {
      throw new ProviderError('internal', 'MalformedResponse', `GetParametersForImport ${keyId} returned no PublicKey/ImportToken`);
    }
    const validTo = Date.parse(String(r.TokenExpireTime));
    return {
      keyId,
      publicKey: Buffer.from(r.PublicKey, 'base64'),
      // Alibaba's token is a base64 string, passed back as is: keep its bytes, do not decode.
      importToken: Buffer.from(r.ImportToken, 'utf8'),
      parametersValidTo: new Date(Number.isNaN(validTo) ? this.d.clock.now().getTime() + DAY_MS : validTo),
    };
  }

  async importMaterial(keyId: string, params: ImportParameters, wrapped: WrappedMaterial, expiry: MaterialExpiry): Promise<void> {
    const seconds = expiry.model === 'never' ? ALIBABA_NEVER_EXPIRES : Math.floor(expiry.validTo.getTime() / 1000);
    await this.call('ImportKeyMaterial', keyId, {
      KeyId: keyId,
      EncryptedKeyMaterial: wrapped.encryptedKeyMaterial.toString('base64'),
      ImportToken: params.importToken.toString('utf8'),
      KeyMaterialExpireUnix: seconds,
    });
    // Marks "material was imported" (and its expiry model) for recoveries after expiry; skipped when already right.
    const model = expiry.model === 'never' ? 'never' : 'expires';
    const known = this.d.tagCache.get(keyId) ?? (await this.tagsOf(keyId));
    if (known[IMPORTED_TAG] !== model) {
      await this.tagKey(keyId, { [IMPORTED_TAG]: model });
    }
  }

  async createAlias(alias: string, keyId: string): Promise<void> {
    await this.call('CreateAlias', alias, { AliasName: alias, KeyId: keyId });
  }

  async updateAlias(alias: string, keyId: string): Promise<void> {
    await this.call('UpdateAlias', alias, { AliasName: alias, KeyId: keyId });
  }

  async enableKey(keyId: string): Promise<void> {
    await this.call('EnableKey', keyId, { KeyId: keyId });
  }

  async disableKey(keyId: string): Promise<void> {
    await this.call('DisableKey', keyId, { KeyId: keyId });
  }

  async scheduleKeyDeletion(keyId: string, pendingWindowDays: number): Promise<{ deletionDate: Date }> {
    await this.call('ScheduleKeyDeletion', keyId, { KeyId: keyId, PendingWindowInDays: pendingWindowDays });
    const after = await this.describeKey(keyId);
    const date = after?.deletionDate ? new Date(after.deletionDate) : new Date(this.d.clock.now().getTime() + pendingWindowDays * DAY_MS);
    return { deletionDate: date };
  }

  async tagKey(keyId: string, tags: Record<string, string>): Promise<void> {
    await this.call('TagResource', keyId, { KeyId: keyId, Tags: tagsJson(tags) });
    const prior = this.d.tagCache.get(keyId);
    if (prior) this.d.tagCache.set(keyId, { ...prior, ...tags });
  }
}
