/**
 * Where clouds differ in the simulator's semantics. The simulator speaks AWS by default
 * (`AWS_SIM_RULES`); a cloud's sandbox passes its own rules and translates names, states, units and
 * error codes in its wire folder. Every field is cloud-neutral; add fields, never change a default.
 */
export interface SimRules {
  /** Longest ValidTo distance from the import, in days; null = no limit. */
  maxValidForDays: number | null;
  /** Scheduled deletion window bounds; `default` when the request names none (null = required). */
  deletionWindowDays: { min: number; max: number; default: number | null };
  maxTagsPerKey: number;
  tagKeyMaxLength: number;
  tagValueMaxLength: number;
  /** Tag keys with this prefix (case-insensitive) are refused; null = none reserved. */
  reservedTagPrefix: string | null;
  /** Alias names must start with this; null = no prefix. */
  aliasPrefix: string | null;
  /** Alias names starting with this are refused (the cloud's own keys); null = none. */
  reservedAliasPrefix: string | null;
  aliasMaxLength: number;
  /** How long material survives past its expiry before it is deleted (key -> pending import). */
  materialDeletedAfterExpiryMs: number;
  /** Import is accepted only while the key is pending import (no re-import over live material). */
  importOnlyWhenPendingImport: boolean;
}

export const AWS_SIM_RULES: SimRules = {
  maxValidForDays: 365,
  deletionWindowDays: { min: 7, max: 30, default: 30 },
  maxTagsPerKey: 50,
  tagKeyMaxLength: 128,
  tagValueMaxLength: 256,
  reservedTagPrefix: 'aws:',
  aliasPrefix: 'alias/',
  reservedAliasPrefix: 'alias/aws/',
  aliasMaxLength: 256,
  materialDeletedAfterExpiryMs: 0,
  importOnlyWhenPendingImport: false,
};

/**
 * Huawei Cloud KMS (DEW): no expiry cap, 7-1096 day deletion window (required), 10 tags of
 * key <= 36 / value <= 43 characters, alias resources without a prefix, import only into a
 * pending-import key (KMS.0310). Material is deleted "within 24 h" after expiry: the simulator
 * deletes it at the expiry itself, the earliest the documentation allows.
 */
export const HUAWEI_SIM_RULES: SimRules = {
  maxValidForDays: null,
  deletionWindowDays: { min: 7, max: 1096, default: null },
  maxTagsPerKey: 10,
  tagKeyMaxLength: 36,
  tagValueMaxLength: 43,
  reservedTagPrefix: null,
  aliasPrefix: null,
  reservedAliasPrefix: null,
  aliasMaxLength: 255,
  materialDeletedAfterExpiryMs: 0,
  importOnlyWhenPendingImport: true,
};
