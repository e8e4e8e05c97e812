import {
  CreateAliasCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  ListAliasesCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UpdateAliasCommand,
  type KMSClient,
  type AlgorithmSpec,
  type WrappingKeySpec as AwsWrappingKeySpec,
} from '@aws-sdk/client-kms';
import type { KeySpec as AwsKeySpec } from '@aws-sdk/client-kms';
import type { WrappingAlgorithm, WrappingKeySpec } from '../../core/specs.js';
import { TAG, type LiveAlias, type LiveKey, type LiveMaterial } from '../../core/types.js';
import {
  ProviderError,
  type CreateKeyInput,
  type ImportParameters,
  type KeyLastUsage,
  type KeyService,
  type ListHint,
  type MaterialImport,
  type MaterialExpiry,
  type WrappedMaterial,
} from '../port.js';
import { isKeyIdOrArn, keyIdOf } from './arn.js';
import type { AwsCaller } from './caller.js';
import type { KeyDiscovery } from './discovery.js';
import { isNotFound } from './errors.js';
import { keyUsageFor } from '../../catalog/key-usage.js';
import { AWS_CAPABILITIES } from './config.js';
import { awsKeySpec, recordToTags, toLiveKey } from './key-metadata.js';
import * as materials from './kms-materials.js';
import type { DescribeKeyFn } from './lean-reads.js';

export { AWS_CAPABILITIES };

export interface KeyServiceDeps {
  kms: KMSClient;
  /** DescribeKey, through lean-reads.ts. */
  describeKey: DescribeKeyFn;
  caller: AwsCaller;
  discovery: KeyDiscovery;
  provider: string;
  arns: Map<string, string>;
  /** An endpoint override is set (an emulator may lack newer operations). */
  emulated?: boolean;
}

/** KeyService on AWS KMS. Every key is created with Origin EXTERNAL and its ownership tags. */
export class AwsKeyService implements KeyService {
  readonly capabilities = AWS_CAPABILITIES;

  private readonly materialDeps: materials.MaterialDeps;
  readonly lastUsageAvailable: () => Promise<boolean>;

  constructor(private readonly deps: KeyServiceDeps) {
    this.materialDeps = { kms: deps.kms, caller: deps.caller, emulated: deps.emulated ?? false };
    this.lastUsageAvailable = materials.lastUsageProbe(this.materialDeps);
  }

  listMaterials(keyId: string): Promise<LiveMaterial[]> {
    return materials.listMaterials(this.materialDeps, keyId);
  }

  rotateKey(keyId: string): Promise<void> {
    return materials.rotateKey(this.materialDeps, keyId);
  }

  keyLastUsage(keyId: string): Promise<KeyLastUsage | null> {
    return materials.keyLastUsage(this.materialDeps, keyId);
  }

  listManagedKeys(manifestName: string, hint?: ListHint): Promise<LiveKey[]> {
    return this.deps.discovery.listManagedKeys(manifestName, hint);
  }

  /** ListAliases pages (100 each, the maximum) until every requested name has been seen. */
  async getAliases(names: readonly string[]): Promise<LiveAlias[]> {
    const wanted = new Set(names);
    const found: LiveAlias[] = [];
    if (wanted.size === 0) return found;
    const { caller, kms, provider } = this.deps;
    let marker: string | undefined;
    do {
      const page = await caller.call('ListAliases', undefined, () => kms.send(new ListAliasesCommand({ Limit: 100, ...(marker ? { Marker: marker } : {}) })));
      for (const alias of page.Aliases ?? []) {
        if (!alias.AliasName || !wanted.has(alias.AliasName) || !alias.TargetKeyId) continue;
        found.push({ provider, name: alias.AliasName, targetKeyId: keyIdOf(alias.TargetKeyId) });
        wanted.delete(alias.AliasName);
      }
      marker = page.Truncated && wanted.size > 0 ? page.NextMarker : undefined;
    } while (marker);
    return found.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** DescribeKey + ListResourceTags (DescribeKey carries no tags); null when the key does not exist. */
  async describeKey(keyId: string): Promise<LiveKey | null> {
    const { caller, describeKey, provider, arns, discovery } = this.deps;
    try {
      const out = await caller.call('DescribeKey', keyId, () => describeKey(keyId));
      if (!out.KeyMetadata?.KeyId) return null;
      const tags = await discovery.readTags(out.KeyMetadata.KeyId);
      if (tags === null) return null;
      const key = toLiveKey(provider, out.KeyMetadata, tags);
      arns.set(key.keyId, key.arn);
      return key;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async createKey(input: CreateKeyInput): Promise<LiveKey> {
    const { caller, kms, provider, arns } = this.deps;
    const out = await caller.call('CreateKey', input.tags[TAG.key], () =>
      kms.send(
        new CreateKeyCommand({
          Origin: 'EXTERNAL',
          KeySpec: awsKeySpec(input.keySpec) as AwsKeySpec,
          KeyUsage: keyUsageFor(input.keySpec),
          Description: input.description,
          // Tags in the create call: a key never exists untagged, so a crash right after CreateKey
          // leaves a key that the next discovery finds and adopts instead of an orphan.
          Tags: recordToTags(input.tags),
        }),
      ),
    );
    if (!out.KeyMetadata) throw new ProviderError('internal', 'MalformedResponse', 'CreateKey returned no KeyMetadata');
    const key = toLiveKey(provider, out.KeyMetadata, { ...input.tags });
    arns.set(key.keyId, key.arn);
    return key;
  }

  async getImportParameters(keyId: string, algorithm: WrappingAlgorithm, wrappingKeySpec: WrappingKeySpec): Promise<ImportParameters> {
    if (!isKeyIdOrArn(keyId)) {
      throw new ProviderError('provider.rejected', 'InvalidKeyId', `GetParametersForImport needs a key id or key ARN, not '${keyId}'`);
    }
    const { caller, kms } = this.deps;
    const out = await caller.call('GetParametersForImport', keyId, () =>
      kms.send(
        new GetParametersForImportCommand({
          KeyId: keyId,
          WrappingAlgorithm: algorithm as AlgorithmSpec,
          WrappingKeySpec: wrappingKeySpec as AwsWrappingKeySpec,
        }),
      ),
    );
    if (!out.PublicKey || !out.ImportToken || !out.ParametersValidTo) {
      throw new ProviderError('internal', 'MalformedResponse', `GetParametersForImport ${keyId} returned incomplete parameters`);
    }
    return {
      keyId: keyIdOf(out.KeyId ?? keyId),
      publicKey: Buffer.from(out.PublicKey),
      importToken: Buffer.from(out.ImportToken),
      parametersValidTo: out.ParametersValidTo,
    };
  }

  async importMaterial(keyId: string, params: ImportParameters, wrapped: WrappedMaterial, expiry: MaterialExpiry, material?: MaterialImport): Promise<void> {
    const { caller, kms } = this.deps;
    await caller.call('ImportKeyMaterial', keyId, () =>
      kms.send(
        new ImportKeyMaterialCommand({
          KeyId: keyId,
          ImportToken: params.importToken,
          EncryptedKeyMaterial: wrapped.encryptedKeyMaterial,
          // Always explicit: AWS defaults to KEY_MATERIAL_EXPIRES and then demands ValidTo.
          ...(expiry.model === 'expires'
            ? { ExpirationModel: 'KEY_MATERIAL_EXPIRES' as const, ValidTo: wholeSeconds(expiry.validTo) }
            : { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const }),
          // ImportType omitted = EXISTING semantics after the first import: only the same material is
          // accepted (different material -> IncorrectKeyMaterialException). In-place keys say which
          // material (NEW, or EXISTING with its KeyMaterialId) and label it with its KCV.
          ...(material
            ? { ImportType: material.importType, KeyMaterialDescription: material.description, ...(material.keyMaterialId ? { KeyMaterialId: material.keyMaterialId } : {}) }
            : {}),
        }),
      ),
    );
  }

  async createAlias(alias: string, keyId: string): Promise<void> {
    const { caller, kms } = this.deps;
    await caller.call('CreateAlias', alias, () => kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId })));
  }

  async updateAlias(alias: string, keyId: string): Promise<void> {
    const { caller, kms } = this.deps;
    await caller.call('UpdateAlias', alias, () => kms.send(new UpdateAliasCommand({ AliasName: alias, TargetKeyId: keyId })));
  }

  async enableKey(keyId: string): Promise<void> {
    const { caller, kms } = this.deps;
    await caller.call('EnableKey', keyId, () => kms.send(new EnableKeyCommand({ KeyId: keyId })));
  }

  async disableKey(keyId: string): Promise<void> {
    const { caller, kms } = this.deps;
    await caller.call('DisableKey', keyId, () => kms.send(new DisableKeyCommand({ KeyId: keyId })));
  }

  async scheduleKeyDeletion(keyId: string, pendingWindowDays: number): Promise<{ deletionDate: Date }> {
    const { min, max } = AWS_CAPABILITIES.deletionWindowDays;
    if (!Number.isInteger(pendingWindowDays) || pendingWindowDays < min || pendingWindowDays > max) {
      throw new ProviderError('provider.rejected', 'InvalidPendingWindow', `ScheduleKeyDeletion ${keyId}: pending window must be ${min}-${max} days, got ${pendingWindowDays}`);
    }
    const { caller, kms } = this.deps;
    const out = await caller.call('ScheduleKeyDeletion', keyId, () => kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: pendingWindowDays })));
    if (!out.DeletionDate) throw new ProviderError('internal', 'MalformedResponse', `ScheduleKeyDeletion ${keyId} returned no DeletionDate`);
    return { deletionDate: out.DeletionDate };
  }

  async tagKey(keyId: string, tags: Record<string, string>): Promise<void> {
    if (Object.keys(tags).length === 0) return;
    const { caller, kms } = this.deps;
    await caller.call('TagResource', keyId, () => kms.send(new TagResourceCommand({ KeyId: keyId, Tags: recordToTags(tags) })));
  }
}

/**
 * AWS keeps ValidTo in whole seconds, and the SDK would send milliseconds as a fractional epoch,
 * which some AWS-compatible servers reject. Rounded down, so the 365-day limit still holds.
 */
export function wholeSeconds(t: Date): Date {
  return new Date(Math.floor(t.getTime() / 1000) * 1000);
}
