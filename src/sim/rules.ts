/**
 * Where clouds differ in rules the simulator enforces. The simulator speaks AWS semantics by
 * default (`AWS_SIM_RULES`); a wire sandbox for another cloud passes its own rules, and keeps the
 * translation of names, states, time units and error codes in its wire folder. Every field is a
 * rule, not a spelling: cloud-neutral names, one value per cloud.
 */
import type { KeySpec } from '../core/specs.js';

export interface SimRules {
  /** Whose compatibility matrix GetParametersForImport applies. */
  wrappingMatrix: 'aws' | 'alibaba' | 'huawei';
  /** Longest material validity accepted at import; null = no limit. */
  maxValidForDays: number | null;
  /** `defaultDays: null` = the window is required. */
  deletionWindowDays: { min: number; max: number; defaultDays: number | null };
  /** State after CancelKeyDeletion of a key that has material (AWS: Disabled, Alibaba: Enabled). */
  cancelDeletionTo: 'Disabled' | 'Enabled';
  /** An import token may be redeemed again until it expires (Alibaba), or once (AWS). */
  importTokenReusable: boolean;
  maxTagsPerKey: number;
  tagKeyMax: number;
  tagValueMax: number;
  /** Lower-cased tag key prefixes reserved for the cloud. */
  reservedTagPrefixes: readonly string[];
  /** Alias prefixes reserved for the cloud's own keys. */
  reservedAliasPrefixes: readonly string[];
  aliasMaxLength: number;
  /** Symmetric key specs CreateKey accepts besides SYMMETRIC_DEFAULT, and where. */
  extraSymmetricSpecs: readonly { spec: KeySpec; chinaOnly: boolean }[];
  /** Alias names must start with this; null = no prefix (Huawei's alias resources). */
  aliasPrefix: string | null;
  /** How long material survives past its expiry before it is deleted (key -> pending import). */
  materialDeletedAfterExpiryMs: number;
  /** Import is accepted only while the key is pending import (no re-import over live material). */
  importOnlyWhenPendingImport: boolean;
}

export const AWS_SIM_RULES: SimRules = {
  wrappingMatrix: 'aws',
  maxValidForDays: 365,
  deletionWindowDays: { min: 7, max: 30, defaultDays: 30 },
  cancelDeletionTo: 'Disabled',
  importTokenReusable: false,
  maxTagsPerKey: 50,
  tagKeyMax: 128,
  tagValueMax: 256,
  reservedTagPrefixes: ['aws:'],
  reservedAliasPrefixes: ['alias/aws/'],
  aliasMaxLength: 256,
  extraSymmetricSpecs: [],
  aliasPrefix: 'alias/',
  materialDeletedAfterExpiryMs: 0,
  importOnlyWhenPendingImport: false,
};
