import { DAY_MS, type KeySpec, type ProviderType, type RegionClass } from '../core/specs.js';
import type { DesiredBucket, DesiredKey, Expiration, MaterialSource, ProviderConfig } from '../core/types.js';
import { defaultWrapping } from '../wrapping/index.js';
import { parseDuration, parseTimeout } from './duration.js';
import type { ManifestPath, SourceMap } from './positions.js';
import { IMPLICIT_LOCAL, normalizeProviders } from './providers.js';
import { CATALOG } from '../catalog/index.js';
import type { Pruned } from './prune.js';
import type { RawExpiration, RawMaterial, RawRetire, RawWrapping } from './raw.js';

/** Built-in defaults for what neither the key nor `defaults:` says. */
export const BUILTIN = {
  keySpec: 'SYMMETRIC_DEFAULT',
  validFor: '365d',
  renewBefore: '30d',
  retire: { action: 'disable', after: '7d', pendingWindow: '30d', quietFor: '7d' },
  rotation: 'new-key',
  commandTimeout: '30s',
} as const;

/** Where each effective setting of a key was written, so a rule can point at the line to change. */
export interface KeyOrigins {
  key: ManifestPath;
  provider: ManifestPath;
  wrapping: ManifestPath;
  expiration: ManifestPath;
  retire: ManifestPath;
}

/** DesiredState before material is read (kcv is the declared one or '') and before its digest. */
export interface Draft {
  name: string;
  file: string;
  providers: Record<string, ProviderConfig>;
  keys: DesiredKey[];
  buckets: DesiredBucket[];
  origins: { keys: Map<string, KeyOrigins>; buckets: Map<string, { bucket: ManifestPath; provider: ManifestPath }> };
  declared: Pruned['declared'];
  nameValid: boolean;
  /** `defaults.provider` as written (checked even when no key relies on it). */
  defaultProvider: string | undefined;
}

/**
 * Applies defaults: a key's `wrapping`, `expiration` and `retire` each replace the one in
 * `defaults:` as a whole (no field-by-field merge), and fields left out take the built-in default.
 */
export function normalize(pruned: Pruned, file: string, manifestDir: string, source: SourceMap): Draft {
  const { raw } = pruned;
  const name = pruned.nameValid ? raw.name : '';
  const providers = normalizeProviders(raw.providers, manifestDir, name);
  const defaults = raw.defaults ?? {};
  const typeOf = (p: string): { type: ProviderType; regionClass: RegionClass } => providers[p] ?? { type: 'local', regionClass: 'standard' };

  const keyOrigins = new Map<string, KeyOrigins>();
  const keys = Object.entries(raw.keys ?? {}).map(([keyName, k]): DesiredKey => {
    const at: ManifestPath = ['keys', keyName];
    const pick = <T>(field: 'wrapping' | 'expiration' | 'retire', own: T | undefined, dflt: T | undefined): [T | undefined, ManifestPath] =>
      own !== undefined ? [own, [...at, field]] : dflt !== undefined ? [dflt, ['defaults', field]] : [undefined, at];
    const provider = k.provider ?? defaults.provider ?? IMPLICIT_LOCAL;
    const keySpec: KeySpec = k.keySpec ?? BUILTIN.keySpec;
    const [wrapping, wrappingAt] = pick('wrapping', k.wrapping, defaults.wrapping);
    const [expiration, expirationAt] = pick('expiration', k.expiration, defaults.expiration);
    const [retire, retireAt] = pick('retire', k.retire, defaults.retire);
    keyOrigins.set(keyName, {
      key: at,
      provider: k.provider !== undefined ? [...at, 'provider'] : defaults.provider !== undefined ? ['defaults', 'provider'] : at,
      wrapping: wrappingAt,
      expiration: expirationAt,
      retire: retireAt,
    });
    const { type, regionClass } = typeOf(provider);
    // `materials:` (in-place keys) lists oldest first: the last one is the current material.
    const listed = k.materials ?? [k.material!];
    const current = listed[listed.length - 1]!;
    const key: DesiredKey = {
      name: keyName,
      provider,
      description: k.description ?? `byok-reconciler ${name}/${keyName}`,
      keySpec,
      wrapping: resolveWrapping(wrapping, type, regionClass, keySpec),
      expiration: resolveExpiration(expiration),
      material: resolveMaterial(current),
      kcv: current.kcv ?? '',
      aliases: [...(k.aliases ?? [])],
      retire: resolveRetire(retire),
      rotation: k.rotation ?? BUILTIN.rotation,
      pos: source.keyPosOf(at),
    };
    if (current.kcv !== undefined) key.declaredKcv = current.kcv;
    if (k.materials) {
      key.materials = k.materials.map((m) => ({ source: resolveMaterial(m), kcv: m.kcv ?? '', ...(m.kcv !== undefined ? { declaredKcv: m.kcv } : {}) }));
    }
    if (k.removableMaterials) key.removableMaterials = [...k.removableMaterials];
    return key;
  });

  const bucketOrigins: Draft['origins']['buckets'] = new Map();
  const buckets = Object.entries(raw.buckets ?? {}).map(([bucketName, b]): DesiredBucket => {
    const at: ManifestPath = ['buckets', bucketName];
    // A bucket that names no provider lives where its key lives: it cannot use a key elsewhere.
    const keyProvider = keys.find((k) => k.name === b.key)?.provider;
    const [provider, providerAt] = resolveBucketProvider(b.provider, keyProvider, defaults.provider, at);
    bucketOrigins.set(bucketName, { bucket: at, provider: providerAt });
    return { name: bucketName, provider, key: b.key, bucketKey: b.bucketKey ?? CATALOG[typeOf(provider).type].bucketKeys ?? true, reencrypt: b.reencrypt ?? true, pos: source.keyPosOf(at) };
  });

  return { name, file, providers, keys, buckets, origins: { keys: keyOrigins, buckets: bucketOrigins }, declared: pruned.declared, nameValid: pruned.nameValid, defaultProvider: defaults.provider };
}

function resolveBucketProvider(own: string | undefined, keyProvider: string | undefined, dflt: string | undefined, at: ManifestPath): [string, ManifestPath] {
  if (own !== undefined) return [own, [...at, 'provider']];
  if (keyProvider !== undefined) return [keyProvider, [...at, 'key']];
  if (dflt !== undefined) return [dflt, ['defaults', 'provider']];
  return [IMPLICIT_LOCAL, at];
}

/**
 * The built-in wrapping for each provider type, region class and key spec, looked up once: a pure
 * function of a few dozen combinations, asked for by every key.
 */
const builtinWrapping = new Map<string, ReturnType<typeof defaultWrapping>>();

function resolveWrapping(w: RawWrapping | undefined, type: ProviderType, regionClass: RegionClass, keySpec: KeySpec): DesiredKey['wrapping'] {
  const id = `${type}|${regionClass}|${keySpec}`;
  let builtin = builtinWrapping.get(id);
  if (!builtin) builtinWrapping.set(id, (builtin = defaultWrapping(type, regionClass, keySpec)));
  return { algorithm: w?.algorithm ?? builtin.algorithm, keySpec: w?.keySpec ?? builtin.keySpec };
}

function resolveExpiration(e: RawExpiration | undefined): Expiration {
  if (e?.model === 'never') return { model: 'never' };
  return {
    model: 'expires',
    validForMs: duration(e?.validFor ?? BUILTIN.validFor),
    renewBeforeMs: duration(e?.renewBefore ?? BUILTIN.renewBefore),
  };
}

function resolveRetire(r: RawRetire | undefined): DesiredKey['retire'] {
  return {
    action: r?.action ?? BUILTIN.retire.action,
    afterMs: duration(r?.after ?? BUILTIN.retire.after),
    // Fractional days survive here on purpose: the retire rule reports them.
    pendingWindowDays: duration(r?.pendingWindow ?? BUILTIN.retire.pendingWindow) / DAY_MS,
    quietForMs: duration(r?.quietFor ?? BUILTIN.retire.quietFor),
  };
}

function resolveMaterial(m: RawMaterial): MaterialSource {
  if (m.file !== undefined) return { type: 'file', path: m.file, encoding: m.encoding ?? 'raw' };
  if (m.env !== undefined) return { type: 'env', name: m.env };
  return { type: 'command', argv: [...(m.command ?? [])], timeoutMs: parseTimeout(m.timeout ?? BUILTIN.commandTimeout) ?? 30_000 };
}

/** Parsed durations: a manifest spells the same few (`365d`, `30d`) once per key. */
const durations = new Map<string, number>();

/** The schema guarantees the pattern; the fallback only guards against a schema/parser drift. */
function duration(s: string): number {
  let ms = durations.get(s);
  if (ms === undefined) {
    ms = parseDuration(s) ?? NaN;
    // Bounded: a manifest with thousands of distinct spellings just stops filling the cache.
    if (durations.size < 1000) durations.set(s, ms);
  }
  return ms;
}
