/** KeyService over the simulator: our names and types in, AWS's out, ProviderError on failure. */
import type { WrappingAlgorithm, WrappingKeySpec } from '../../core/specs.js';
import { TAG, type LiveAlias, type LiveKey, type LiveMaterial } from '../../core/types.js';
import { toLiveMaterial } from '../../core/material-label.js';
import { keyUsageFor } from '../../catalog/key-usage.js';
import type { CreateKeyInput, ImportParameters, KeyLastUsage, KeyService, MaterialExpiry, MaterialImport, ProviderCapabilities, WrappedMaterial } from '../port.js';
import { localCapabilities } from './config.js';
import { splitIdentityMarker, withIdentityMarker } from './identity-marker.js';
import type { SimKeyMetadata } from '../../sim/sim-types.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import { call, orNull } from './provider-errors.js';

export class LocalKeyService implements KeyService {
  constructor(
    private readonly provider: string,
    private readonly sim: LocalSimulator,
    readonly capabilities: ProviderCapabilities = localCapabilities({}),
  ) {}

  private tagsOf(keyId: string): Record<string, string> {
    const tags: Record<string, string> = {};
    let marker: string | undefined;
    do {
      const page = this.sim.listResourceTags({ KeyId: keyId, ...(marker ? { Marker: marker } : {}) });
      for (const t of page.Tags) tags[t.TagKey] = t.TagValue;
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return tags;
  }

  private live(md: SimKeyMetadata, tags: Record<string, string>): LiveKey {
    const { description, identity } = splitIdentityMarker(md.Description);
    return {
      ...(identity && tags[TAG.manifest] === undefined ? { identity } : {}),
      provider: this.provider,
      keyId: md.KeyId,
      arn: md.Arn,
      state: md.KeyState,
      keySpec: md.KeySpec,
      description,
      createdAt: md.CreationDate.toISOString(),
      validTo: md.ValidTo ? md.ValidTo.toISOString() : null,
      expirationModel: md.ExpirationModel === undefined ? null : md.ExpirationModel === 'KEY_MATERIAL_EXPIRES' ? 'expires' : 'never',
      deletionDate: md.DeletionDate ? md.DeletionDate.toISOString() : null,
      tags,
    };
  }

  /** A key deleted between the listing and the describe is skipped, not an error. */
  async listManagedKeys(manifestName: string): Promise<LiveKey[]> {
    return call(() => {
      const out: LiveKey[] = [];
      let marker: string | undefined;
      do {
        const page = this.sim.listKeys({ Limit: 1000, ...(marker ? { Marker: marker } : {}) });
        for (const { KeyId } of page.Keys) {
          try {
            const tags = this.tagsOf(KeyId);
            if (tags[TAG.manifest] !== undefined && tags[TAG.manifest] !== manifestName) continue;
            const key = this.live(this.sim.describeKey({ KeyId }).KeyMetadata, tags);
            // Untagged: ours only when the create-time identity names this manifest.
            if (tags[TAG.manifest] === manifestName || key.identity?.manifest === manifestName) out.push(key);
          } catch (e) {
            if ((e as { awsCode?: string }).awsCode !== 'NotFoundException') throw e;
          }
        }
        marker = page.Truncated ? page.NextMarker : undefined;
      } while (marker);
      return out;
    });
  }

  async getAliases(names: readonly string[]): Promise<LiveAlias[]> {
    const wanted = new Set(names);
    return call(() => {
      const out: LiveAlias[] = [];
      let marker: string | undefined;
      do {
        const page = this.sim.listAliases({ Limit: 100, ...(marker ? { Marker: marker } : {}) });
        for (const a of page.Aliases) if (wanted.has(a.AliasName)) out.push({ provider: this.provider, name: a.AliasName, targetKeyId: a.TargetKeyId });
        marker = page.Truncated ? page.NextMarker : undefined;
      } while (marker);
      return out;
    });
  }

  async describeKey(keyId: string): Promise<LiveKey | null> {
    return orNull(() => {
      const md = this.sim.describeKey({ KeyId: keyId }).KeyMetadata;
      return this.live(md, this.tagsOf(md.KeyId));
    }, ['NotFoundException']);
  }

  async createKey(input: CreateKeyInput): Promise<LiveKey> {
    return call(() => {
      const atCreate = this.capabilities.tagsAtCreate;
      const md = this.sim.createKey({
        Origin: 'EXTERNAL',
        KeySpec: input.keySpec,
        KeyUsage: keyUsageFor(input.keySpec),
        Description: atCreate ? input.description : withIdentityMarker(input.description, input.identity),
        Tags: atCreate ? Object.entries(input.tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) : [],
      }).KeyMetadata;
      return this.live(md, atCreate ? { ...input.tags } : {});
    });
  }

  async getImportParameters(keyId: string, algorithm: WrappingAlgorithm, wrappingKeySpec: WrappingKeySpec): Promise<ImportParameters> {
    const p = await call(() => this.sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: wrappingKeySpec }));
    return { keyId, publicKey: p.PublicKey, importToken: p.ImportToken, parametersValidTo: p.ParametersValidTo };
  }

  async importMaterial(keyId: string, params: ImportParameters, wrapped: WrappedMaterial, expiry: MaterialExpiry, material?: MaterialImport): Promise<void> {
    await call(() =>
      this.sim.importKeyMaterial({
        KeyId: keyId,
        ImportToken: params.importToken,
        EncryptedKeyMaterial: wrapped.encryptedKeyMaterial,
        ...(expiry.model === 'expires'
          ? { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: expiry.validTo }
          : { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
        ...(material
          ? { ImportType: material.importType, KeyMaterialDescription: material.description, ...(material.keyMaterialId ? { KeyMaterialId: material.keyMaterialId } : {}) }
          : {}),
      }),
    );
  }

  async listMaterials(keyId: string): Promise<LiveMaterial[]> {
    return call(() => {
      const out: LiveMaterial[] = [];
      let marker: string | undefined;
      do {
        const page = this.sim.listKeyRotations({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL', ...(marker ? { Marker: marker } : {}) });
        for (const r of page.Rotations) {
          const m = toLiveMaterial(r);
          if (m) out.push(m);
        }
        marker = page.Truncated ? page.NextMarker : undefined;
      } while (marker);
      return out;
    });
  }

  async rotateKey(keyId: string): Promise<void> {
    await call(() => this.sim.rotateKeyOnDemand({ KeyId: keyId }));
  }

  async keyLastUsage(keyId: string): Promise<KeyLastUsage | null> {
    const r = await call(() => this.sim.getKeyLastUsage({ KeyId: keyId }));
    return { lastUsedAt: r.KeyLastUsage.Timestamp ?? null, operation: r.KeyLastUsage.Operation ?? null, trackingSince: r.TrackingStartDate };
  }

  async lastUsageAvailable(): Promise<boolean> {
    return true;
  }

  async createAlias(alias: string, keyId: string): Promise<void> {
    await call(() => this.sim.createAlias({ AliasName: alias, TargetKeyId: keyId }));
  }

  async updateAlias(alias: string, keyId: string): Promise<void> {
    await call(() => this.sim.updateAlias({ AliasName: alias, TargetKeyId: keyId }));
  }

  async enableKey(keyId: string): Promise<void> {
    await call(() => this.sim.enableKey({ KeyId: keyId }));
  }

  async disableKey(keyId: string): Promise<void> {
    await call(() => this.sim.disableKey({ KeyId: keyId }));
  }

  async scheduleKeyDeletion(keyId: string, pendingWindowDays: number): Promise<{ deletionDate: Date }> {
    const r = await call(() => this.sim.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: pendingWindowDays }));
    return { deletionDate: r.DeletionDate };
  }

  async tagKey(keyId: string, tags: Record<string, string>): Promise<void> {
    await call(() => this.sim.tagResource({ KeyId: keyId, Tags: Object.entries(tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) }));
  }
}
