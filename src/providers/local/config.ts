import { isAbsolute, resolve } from 'node:path';
import { LOCAL_FACTS } from '../../catalog/local.js';
import type { LocalProviderConfig } from '../../core/types.js';
import type { RawProvider } from '../../manifest/raw.js';
import { capabilitiesFrom } from '../capabilities.js';
import type { NormalizeContext } from '../config-helpers.js';
import type { ProviderCapabilities } from '../port.js';

export const DEFAULT_LOCAL_STATE = '.reconcile/local-state.json';

/** The state path becomes absolute (relative to the manifest), so every command finds one file. */
export function normalizeLocalConfig(name: string, raw: RawProvider | undefined, ctx: NormalizeContext): LocalProviderConfig {
  const file = raw?.state ?? DEFAULT_LOCAL_STATE;
  const config: LocalProviderConfig = { name, type: 'local', state: isAbsolute(file) ? file : resolve(ctx.manifestDir, file), regionClass: 'standard' };
  if (raw?.tagsAtCreate === false) config.tagsAtCreate = false;
  return config;
}

export function localCapabilities(config: Pick<LocalProviderConfig, 'tagsAtCreate'>): ProviderCapabilities {
  return capabilitiesFrom(LOCAL_FACTS, { tagsAtCreate: config.tagsAtCreate !== false, aliasAtCreate: 'no' });
}
