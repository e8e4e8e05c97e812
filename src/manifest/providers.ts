import { isAbsolute, resolve } from 'node:path';
import type { RegionClass } from '../core/specs.js';
import type { ProviderConfig } from '../core/types.js';
import type { RawEndpoint, RawProvider } from './raw.js';

/** The instance that exists even when `providers:` does not mention it. */
export const IMPLICIT_LOCAL = 'local';
export const DEFAULT_LOCAL_STATE = '.reconcile/local-state.json';

/** China partitions (AWS cn-*, Alibaba/Huawei mainland regions) have their own algorithm rules. */
export function regionClassOf(region: string | undefined): RegionClass {
  return region?.startsWith('cn-') ? 'china' : 'standard';
}

/** `providers:` plus the implicit `local` instance; local state paths become absolute. */
export function normalizeProviders(raw: Record<string, RawProvider> | undefined, manifestDir: string, manifestName: string): Record<string, ProviderConfig> {
  const out: Record<string, ProviderConfig> = {};
  if (!raw || !(IMPLICIT_LOCAL in raw)) out[IMPLICIT_LOCAL] = localProvider(IMPLICIT_LOCAL, undefined, manifestDir);
  for (const [name, p] of Object.entries(raw ?? {})) {
    out[name] = p.type === 'local' ? localProvider(name, p.state, manifestDir) : cloudProvider(name, p, manifestName);
  }
  return out;
}

function localProvider(name: string, state: string | undefined, manifestDir: string): ProviderConfig {
  const file = state ?? DEFAULT_LOCAL_STATE;
  return { name, type: 'local', state: isAbsolute(file) ? file : resolve(manifestDir, file), regionClass: 'standard' };
}

function cloudProvider(name: string, p: RawProvider, manifestName: string): ProviderConfig {
  const config: ProviderConfig = { name, type: p.type, regionClass: regionClassOf(p.region) };
  if (p.region !== undefined) config.region = p.region;
  if (p.profile !== undefined) config.profile = p.profile;
  if (p.endpoint !== undefined) config.endpoint = splitEndpoint(p.endpoint);
  if (p.lock) config.lock = { bucket: p.lock.bucket, key: p.lock.key ?? `byok-reconciler/${manifestName}.lock` };
  if (p.quotas) config.quotas = { ...p.quotas };
  if (p.discovery !== undefined) config.discovery = p.discovery;
  const extra: Record<string, string> = {};
  for (const field of ['projectId', 'instanceId', 'protectionLevel', 'accessKeyIdEnv', 'accessKeySecretEnv'] as const) {
    const v = p[field];
    if (v !== undefined) extra[field] = v;
  }
  if (Object.keys(extra).length > 0) config.extra = extra;
  return config;
}

/** One URL serves every service (an emulator such as `reconcile sandbox`). */
export function splitEndpoint(endpoint: RawEndpoint): { kms?: string; s3?: string } {
  if (typeof endpoint === 'string') return { kms: endpoint, s3: endpoint };
  const out: { kms?: string; s3?: string } = {};
  if (endpoint.kms !== undefined) out.kms = endpoint.kms;
  if (endpoint.s3 !== undefined) out.s3 = endpoint.s3;
  return out;
}
