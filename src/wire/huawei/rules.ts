/** The simulator rules of the Huawei-wire sandbox; the translation of names, states and codes lives in this folder. */
import type { SimRules } from '../../sim/rules.js';

/**
 * Huawei Cloud KMS (DEW): no expiry cap, a required 7-1096 day deletion window, cancel-deletion
 * to Disabled (3), 10 tags with keys up to 36 and values up to 43 characters, alias resources
 * without a prefix, import only into a pending-import key (KMS.0310). Material is deleted
 * "within 24 h" after expiry: the simulator deletes it at the expiry itself, the earliest the
 * documentation allows, so nothing may count on the grace.
 */
export const HUAWEI_SIM_RULES: SimRules = {
  wrappingMatrix: 'huawei',
  maxValidForDays: null,
  deletionWindowDays: { min: 7, max: 1096, defaultDays: null },
  cancelDeletionTo: 'Disabled',
  importTokenReusable: false,
  maxTagsPerKey: 10,
  tagKeyMax: 36,
  tagValueMax: 43,
  reservedTagPrefixes: [],
  reservedAliasPrefixes: [],
  aliasMaxLength: 255,
  extraSymmetricSpecs: [],
  aliasPrefix: null,
  materialDeletedAfterExpiryMs: 0,
  importOnlyWhenPendingImport: true,
};
