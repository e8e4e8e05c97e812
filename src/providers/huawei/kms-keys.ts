/**
 * KeyService over Huawei KMS. Tags come only after create-key, so the key_alias given at create
 * carries the key's identity (the engine's identity label): discovery finds a key by it
 * even if the process died before tagging, and since key_alias is unique, a create-key whose answer
 * was lost and is sent again finds the first key instead of making a duplicate.
 */
import { HUAWEI_KEY_SPECS } from '../../catalog/huawei-names.js';
import type { LiveAlias, LiveKey } from '../../core/types.js';
import { HUAWEI_CAPABILITIES } from './config.js';
import type { WrappingAlgorithm, WrappingKeySpec } from '../../core/specs.js';
import {
  ProviderError,
  type CreateKeyInput,
  type ImportParameters,
  type KeyService,
  type MaterialExpiry,
  type WrappedMaterial,
} from '../port.js';
import { findByAlias, listManagedKeys } from './discovery.js';
import { liveKeyOf, type KeyInfo } from './key-info.js';
import type { HuaweiKmsClient } from './kms-client.js';
import { listAliases } from './aliases.js';

/** Huawei creates keys asynchronously (state 1 first); import needs it settled. */
const CREATE_POLLS = 20;
const CREATE_POLL_MS = 250;

export class HuaweiKeyService implements KeyService {
  readonly capabilities = HUAWEI_CAPABILITIES;

  constructor(
    private readonly kms: HuaweiKmsClient,
    private readonly provider: string,
    private readonly region: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  listManagedKeys(manifestName: string): Promise<LiveKey[]> {
    return listManagedKeys(this.kms, this.provider, this.region, manifestName);
  }

  async getAliases(names: readonly string[]): Promise<LiveAlias[]> {
    if (names.length === 0) return [];
    const wanted = new Set(names);
    return (await listAliases(this.kms)).filter((a) => wanted.has(a.alias)).map((a) => ({ provider: this.provider, name: a.alias, targetKeyId: a.key_id }));
  }

  async describeKey(keyId: string): Promise<LiveKey | null> {
    let info: KeyInfo;
    try {
      info = (await this.kms.call<{ key_info: KeyInfo }>({ op: 'describe-key', method: 'POST', path: 'describe-key', data: { key_id: keyId }, target: keyId })).key_info;
    } catch (e) {
      if (e instanceof ProviderError && e.code === 'provider.not-found') return null;
      throw e;
    }
    return liveKeyOf(this.provider, this.region, info, await this.tagsOf(keyId));
  }

  async tagsOf(keyId: string): Promise<Record<string, string>> {
    const out = await this.kms.call<{ tags?: { key: string; value: string }[] }>({ op: 'show-kms-tags', method: 'GET', path: `${keyId}/tags`, target: keyId });
    return Object.fromEntries((out?.tags ?? []).map((t) => [t.key, t.value]));
  }

  async createKey(input: CreateKeyInput): Promise<LiveKey> {
    // The create-time alias carries the identity; tags come after (the engine's tagKey).
    const alias = input.identityAlias;
    const spec = HUAWEI_KEY_SPECS[input.keySpec];
    if (!spec) throw new ProviderError('provider.rejected', 'UnsupportedKeySpec', `Huawei KMS has no key spec for ${input.keySpec}`);
    let keyId: string;
    try {
      const out = await this.kms.call<{ key_info: { key_id: string } }>({
        op: 'create-key',
        method: 'POST',
        path: 'create-key',
        data: { key_alias: alias, key_spec: spec, key_description: input.description, origin: 'external' },
        target: alias,
      });
      keyId = out.key_info.key_id;
    } catch (e) {
      // The alias is unique: KMS.1104 after a lost answer means our first attempt made the key.
      if (!(e instanceof ProviderError && e.providerCode === 'KMS.1104')) throw e;
      const found = await findByAlias(this.kms, alias);
      if (!found) throw e;
      keyId = found.key_id;
    }
    for (let i = 0; ; i++) {
      const key = await this.describeKey(keyId);
      if (key && (key.state !== 'Creating' || i >= CREATE_POLLS)) return key;
      await this.sleep(CREATE_POLL_MS);
    }
  }

  async getImportParameters(keyId: string, algorithm: WrappingAlgorithm, wrappingKeySpec: WrappingKeySpec): Promise<ImportParameters> {
    if (wrappingKeySpec !== 'RSA_2048' && algorithm !== 'SM2_ENCRYPT') {
      throw new ProviderError('provider.rejected', 'UnsupportedWrappingKeySpec', `Huawei KMS wraps with RSA_2048 only, not ${wrappingKeySpec}`);
    }
    const out = await this.kms.call<{ import_token: string; public_key: string; expiration_time: number }>({
      op: 'get-parameters-for-import',
      method: 'POST',
      path: 'get-parameters-for-import',
      data: { key_id: keyId, wrapping_algorithm: algorithm },
      target: keyId,
    });
    return {
      keyId,
      publicKey: Buffer.from(out.public_key, 'base64'),
      importToken: Buffer.from(out.import_token, 'utf8'),
      parametersValidTo: new Date(Number(out.expiration_time) * 1000),
    };
  }

  /**
   * Huawei imports only into a pending-import key (KMS.0310). Renewing live material is therefore
   * delete-imported-key-material, then the import at once (the key cannot serve in between);
   * a crash in between leaves a pending-import key that the next plan recovers with the same
   * material. The expiry is always sent, in epoch seconds: without it Huawei applies its default.
   */
  async importMaterial(keyId: string, params: ImportParameters, wrapped: WrappedMaterial, expiry: MaterialExpiry): Promise<void> {
    if (expiry.model !== 'expires') {
      throw new ProviderError('provider.rejected', 'NoExpiryModel', 'Huawei KMS material needs an explicit expiration_time; `expiration: { model: never }` is not supported for huawei');
    }
    const before = await this.describeKey(keyId);
    if (before && (before.state === 'Enabled' || before.state === 'Disabled')) {
      try {
        await this.kms.call({ op: 'delete-imported-key-material', method: 'POST', path: 'delete-imported-key-material', data: { key_id: keyId }, target: keyId });
      } catch (e) {
        // KMS.2701 on a retry whose first answer was lost: the material is already gone, as wanted.
        if (!(e instanceof ProviderError && e.providerCode === 'KMS.2701')) throw e;
      }
    }
    const data: Record<string, unknown> = {
      key_id: keyId,
      import_token: params.importToken.toString('utf8'),
      encrypted_key_material: wrapped.encryptedKeyMaterial.toString('base64'),
      expiration_time: Math.floor(expiry.validTo.getTime() / 1000),
    };
    if (wrapped.encryptedPrivateKey) data['encrypted_privatekey'] = wrapped.encryptedPrivateKey.toString('base64');
    await this.kms.call({ op: 'import-key-material', method: 'POST', path: 'import-key-material', data, target: keyId });
    if (before?.state === 'Disabled') {
      // A re-import may leave the key enabled; a retired generation must stay disabled.
      const after = await this.describeKey(keyId);
      if (after?.state === 'Enabled') await this.disableKey(keyId);
    }
  }

  async createAlias(alias: string, keyId: string): Promise<void> {
    await this.kms.call({ op: 'create-alias', method: 'POST', path: 'aliases', data: { key_id: keyId, alias }, target: alias });
  }

  async updateAlias(alias: string, keyId: string): Promise<void> {
    await this.kms.call({ op: 'associate-alias', method: 'POST', path: 'alias/associate', data: { alias, target_key_id: keyId }, target: alias });
  }

  async enableKey(keyId: string): Promise<void> {
    await this.kms.call({ op: 'enable-key', method: 'POST', path: 'enable-key', data: { key_id: keyId }, target: keyId });
  }

  async disableKey(keyId: string): Promise<void> {
    await this.kms.call({ op: 'disable-key', method: 'POST', path: 'disable-key', data: { key_id: keyId }, target: keyId });
  }

  async scheduleKeyDeletion(keyId: string, pendingWindowDays: number): Promise<{ deletionDate: Date }> {
    await this.kms.call({ op: 'schedule-key-deletion', method: 'POST', path: 'schedule-key-deletion', data: { key_id: keyId, pending_days: String(pendingWindowDays) }, target: keyId });
    const key = await this.describeKey(keyId);
    return { deletionDate: key?.deletionDate ? new Date(key.deletionDate) : new Date(Date.now() + pendingWindowDays * 86_400_000) };
  }

  /** One batch call; Huawei allows at most 10 tags per key (the manifest rules keep ours under it). */
  async tagKey(keyId: string, tags: Record<string, string>): Promise<void> {
    const list = Object.entries(tags).map(([key, value]) => ({ key, value }));
    if (list.length === 0) return;
    await this.kms.call({ op: 'batch-create-kms-tags', method: 'POST', path: `${keyId}/tags/action`, data: { action: 'create', tags: list }, target: keyId });
  }
}
