/**
 * The one place that maps a provider `type` to its code. Each entry names the cloud's catalog
 * facts, how its manifest fields normalise, what its API can do, and a factory that imports the
 * adapter lazily (a local-only run never loads an SDK). A new cloud adds one entry here; nothing
 * in engine/ or core/ names a cloud. See docs/architecture.md, "Adding a cloud".
 */
import { CATALOG, type CloudFacts } from '../catalog/index.js';
import type { ProviderType } from '../core/specs.js';
import type { Clock, ProviderConfig, ProviderConfigOf } from '../core/types.js';
import type { RawProvider } from '../manifest/raw.js';
import { ALIBABA_CAPABILITIES, normalizeAlibabaConfig } from './alibaba/config.js';
import { AWS_CAPABILITIES, normalizeAwsConfig } from './aws/config.js';
import type { NormalizeContext } from './config-helpers.js';
import { HUAWEI_CAPABILITIES, normalizeHuaweiConfig } from './huawei/config.js';
import { localCapabilities, normalizeLocalConfig } from './local/config.js';
import type { Provider, ProviderCapabilities } from './port.js';

export interface OpenProviderOptions {
  clock: Clock;
}

export interface ProviderRegistration<T extends ProviderType> {
  type: T;
  facts: CloudFacts;
  /** An in-process simulator: its clock can be moved (`--at`), and nothing real changes. */
  simulated: boolean;
  /** Manifest fields (already checked by keys.schema.json) -> this cloud's config. */
  normalize(name: string, raw: RawProvider, ctx: NormalizeContext): ProviderConfigOf<T>;
  /** What the adapter for `config` can do; the manifest rules and the engine read this. */
  capabilities(config: ProviderConfigOf<T>): ProviderCapabilities;
  /** The file this provider keeps its state in, if any: the apply file lock sits beside it. */
  stateFile?(config: ProviderConfigOf<T>): string;
  /** Whether `config` sets up a shared apply lock that the adapter's acquireApplyLock takes. */
  sharedLock?(config: ProviderConfigOf<T>): boolean;
  /** Opens the adapter; imports it on first use. */
  open(config: ProviderConfigOf<T>, opts: OpenProviderOptions): Promise<Provider>;
}

type Registry = { readonly [T in ProviderType]: ProviderRegistration<T> };

export const REGISTRY: Registry = {
  local: {
    type: 'local',
    facts: CATALOG.local,
    simulated: true,
    normalize: normalizeLocalConfig,
    capabilities: localCapabilities,
    stateFile: (config) => config.state,
    open: async (config, opts) => (await import('./local/provider.js')).createLocalProvider(config, opts.clock),
  },
  aws: {
    type: 'aws',
    facts: CATALOG.aws,
    simulated: false,
    normalize: normalizeAwsConfig,
    capabilities: () => AWS_CAPABILITIES,
    sharedLock: (config) => config.lock !== undefined,
    open: async (config, opts) => (await import('./aws/provider.js')).createAwsProvider(config, { clock: opts.clock }),
  },
  alibaba: {
    type: 'alibaba',
    facts: CATALOG.alibaba,
    simulated: false,
    normalize: normalizeAlibabaConfig,
    capabilities: () => ALIBABA_CAPABILITIES,
    open: async (config, opts) => (await import('./alibaba/provider.js')).createAlibabaProvider(config, { clock: opts.clock }),
  },
  huawei: {
    type: 'huawei',
    facts: CATALOG.huawei,
    simulated: false,
    normalize: normalizeHuaweiConfig,
    capabilities: () => HUAWEI_CAPABILITIES,
    open: async (config) => (await import('./huawei/provider.js')).createHuaweiProvider(config),
  },
};

/** The registration of a config's type, typed for that config. */
function registrationFor<C extends ProviderConfig>(config: C): ProviderRegistration<C['type']> {
  return REGISTRY[config.type] as unknown as ProviderRegistration<C['type']>;
}

export function openProvider(config: ProviderConfig, opts: OpenProviderOptions): Promise<Provider> {
  return registrationFor(config).open(config as never, opts);
}

export function capabilitiesOf(config: ProviderConfig): ProviderCapabilities {
  return registrationFor(config).capabilities(config as never);
}

export function isSimulated(config: ProviderConfig): boolean {
  return REGISTRY[config.type].simulated;
}

export function stateFileOf(config: ProviderConfig): string | null {
  return registrationFor(config).stateFile?.(config as never) ?? null;
}

export function hasSharedLock(config: ProviderConfig): boolean {
  return registrationFor(config).sharedLock?.(config as never) ?? false;
}

export function normalizeProviderConfig(name: string, raw: RawProvider, ctx: NormalizeContext): ProviderConfig {
  return REGISTRY[raw.type].normalize(name, raw, ctx);
}

