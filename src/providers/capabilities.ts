import type { CloudFacts } from '../catalog/index.js';
import type { ProviderCapabilities } from './port.js';

/** A provider's capabilities: the catalog's limits plus how its API creates keys. */
export function capabilitiesFrom(
  facts: CloudFacts,
  api: { tagsAtCreate: boolean; aliasAtCreate: ProviderCapabilities['aliasAtCreate'] },
): ProviderCapabilities {
  return {
    type: facts.type,
    tagsAtCreate: api.tagsAtCreate,
    aliasAtCreate: api.aliasAtCreate,
    objectStorage: facts.objectStore !== null,
    maxValidForDays: facts.maxValidForDays,
    deletionWindowDays: facts.deletionWindowDays,
  };
}
