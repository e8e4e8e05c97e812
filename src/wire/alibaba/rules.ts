/**
 * The simulator rules of the Alibaba-wire sandbox, from the catalog's facts where it has them
 * (validity without upper bound, deletion window 7-366 days, tag and alias limits): the deletion
 * window is required, CancelKeyDeletion returns the key to Enabled, an import token may be
 * redeemed again within its 24 h, and Aliyun_SM4 keys exist in mainland China regions only.
 * The translation of names, states and error codes lives in this folder, not in the simulator.
 */
import { ALIBABA_FACTS } from '../../catalog/alibaba.js';
import type { SimRules } from '../../sim/rules.js';

const f = ALIBABA_FACTS;

export const ALIBABA_SIM_RULES: SimRules = {
  wrappingMatrix: 'alibaba',
  maxValidForDays: f.maxValidForDays,
  deletionWindowDays: { ...f.deletionWindowDays, defaultDays: null },
  cancelDeletionTo: 'Enabled',
  importTokenReusable: true,
  maxTagsPerKey: f.tags.maxPerKey,
  tagKeyMax: f.tags.keyMax,
  tagValueMax: f.tags.valueMax,
  reservedTagPrefixes: f.tags.reservedPrefixes,
  reservedAliasPrefixes: f.alias.reserved,
  aliasMaxLength: f.alias.maxLength,
  extraSymmetricSpecs: [{ spec: 'SM4', chinaOnly: true }],
  aliasPrefix: 'alias/',
  // Expired material sends the key to PendingImport at once, as on AWS; re-import over live material is allowed.
  materialDeletedAfterExpiryMs: 0,
  importOnlyWhenPendingImport: false,
};
