/**
 * AWS multi-material keys and last-use data: ListKeyRotations (IncludeKeyMaterial
 * ALL_KEY_MATERIAL), RotateKeyOnDemand and GetKeyLastUsage. Kept apart from kms-keys.ts, which
 * is about single keys' lifecycles.
 */
import { GetKeyLastUsageCommand, ListKeyRotationsCommand, RotateKeyOnDemandCommand, type KMSClient } from '@aws-sdk/client-kms';
import { toLiveMaterial } from '../../core/material-label.js';
import type { LiveMaterial } from '../../core/types.js';
import { ProviderError, type KeyLastUsage } from '../port.js';
import type { AwsCaller } from './caller.js';

export interface MaterialDeps {
  kms: KMSClient;
  caller: AwsCaller;
  /** An endpoint override is set: the service may be an emulator lacking newer operations. */
  emulated: boolean;
}

export async function listMaterials(deps: MaterialDeps, keyId: string): Promise<LiveMaterial[]> {
  const out: LiveMaterial[] = [];
  let marker: string | undefined;
  do {
    const page = await deps.caller.call('ListKeyRotations', keyId, () =>
      deps.kms.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 1000, ...(marker ? { Marker: marker } : {}) })),
    );
    for (const r of page.Rotations ?? []) {
      const m = toLiveMaterial(r);
      if (m) out.push(m);
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return out;
}

export async function rotateKey(deps: MaterialDeps, keyId: string): Promise<void> {
  await deps.caller.call('RotateKeyOnDemand', keyId, () => deps.kms.send(new RotateKeyOnDemandCommand({ KeyId: keyId })));
}

/**
 * null when the service does not offer GetKeyLastUsage: emulators answer an unknown operation
 * (UnknownOperationException, InvalidAction, 501, ...) and then the caller falls back.
 */
export async function keyLastUsage(deps: MaterialDeps, keyId: string): Promise<KeyLastUsage | null> {
  try {
    const out = await deps.caller.call('GetKeyLastUsage', keyId, () => deps.kms.send(new GetKeyLastUsageCommand({ KeyId: keyId })));
    return {
      lastUsedAt: out.KeyLastUsage?.Timestamp ?? null,
      operation: out.KeyLastUsage?.Operation ?? null,
      trackingSince: out.TrackingStartDate ?? null,
    };
  } catch (e) {
    if (unsupportedOperation(e)) return null;
    throw e;
  }
}

/**
 * Real AWS has the operation; behind an endpoint override one probe (a made-up key id: any
 * answer other than "unknown operation" means it is served) decides, once per provider.
 */
export function lastUsageProbe(deps: MaterialDeps): () => Promise<boolean> {
  let known: Promise<boolean> | null = null;
  return () => {
    if (!deps.emulated) return Promise.resolve(true);
    known ??= keyLastUsage(deps, '00000000-0000-0000-0000-000000000000').then(
      (r) => r !== null,
      (e: unknown) => !unsupportedOperation(e),
    );
    return known;
  };
}

function unsupportedOperation(e: unknown): boolean {
  if (!(e instanceof ProviderError)) return false;
  return /UnknownOperation|InvalidAction|NotImplemented|UnsupportedOperation|Unknown operation/i.test(`${e.providerCode} ${e.message}`);
}
