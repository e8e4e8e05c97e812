import type { RegionClass } from '../core/specs.js';
import type { RawEndpoint } from '../manifest/raw.js';

/** What a provider's manifest normaliser may need besides its own fields. */
export interface NormalizeContext {
  /** Directory of the manifest: relative paths in a provider's fields resolve against it. */
  manifestDir: string;
  manifestName: string;
}

/** China partitions (AWS cn-*, Alibaba/Huawei mainland regions) have their own algorithm rules. */
export function regionClassOf(region: string | undefined): RegionClass {
  return region?.startsWith('cn-') ? 'china' : 'standard';
}

/**
 * One URL serves every service (an emulator such as `reconcile sandbox`); an object names them.
 * `objectStore` is the field this cloud's object store uses; `s3` is accepted for it everywhere,
 * since manifests written before per-cloud endpoint names used it for OSS and OBS too.
 */
export function splitEndpoint<S extends string>(endpoint: RawEndpoint, objectStore: S): { kms?: string } & Partial<Record<S, string>> {
  const out: Record<string, string> = {};
  if (typeof endpoint === 'string') {
    out.kms = endpoint;
    out[objectStore] = endpoint;
    return out as { kms?: string } & Partial<Record<S, string>>;
  }
  if (endpoint.kms !== undefined) out.kms = endpoint.kms;
  const store = (endpoint as Record<string, string | undefined>)[objectStore] ?? endpoint.s3;
  if (store !== undefined) out[objectStore] = store;
  return out as { kms?: string } & Partial<Record<S, string>>;
}
