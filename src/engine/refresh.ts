import { TAG, type DesiredState, type LiveAlias, type LiveBucket, type LiveKey, type LiveState } from '../core/types.js';
import type { BucketEncryption, Provider } from '../providers/port.js';
import { aliasesIn, bucketsOf, providersInUse } from './providers.js';

/**
 * Reads the live state the planner needs, one provider instance at a time in parallel:
 * managed keys (by ownership tag), the aliases the manifest names, and the managed buckets.
 * Objects are counted where `reencrypt` is on, and in every managed bucket of an instance that
 * has a key the plan might retire: a key is never retired on a guess about what it encrypts.
 */
export async function refresh(desired: DesiredState, providers: Map<string, Provider>): Promise<LiveState> {
  const parts = await Promise.all(providersInUse(desired).map((name) => refreshProvider(desired, name, providerOf(providers, name))));
  const lastUsage = Object.fromEntries(parts.flatMap((p) => Object.entries(p.lastUsage ?? {})));
  return {
    keys: parts.flatMap((p) => p.keys),
    aliases: parts.flatMap((p) => p.aliases),
    buckets: parts.flatMap((p) => p.buckets),
    ...(Object.keys(lastUsage).length ? { lastUsage } : {}),
  };
}

function providerOf(providers: Map<string, Provider>, name: string): Provider {
  const p = providers.get(name);
  if (!p) throw new Error(`provider ${name} was not opened`);
  return p;
}

async function refreshProvider(desired: DesiredState, name: string, provider: Provider): Promise<LiveState> {
  const aliasNames = aliasesIn(desired, name);
  const buckets = desired.buckets.filter((b) => b.provider === name);
  const [keys, aliases, encryptions] = await Promise.all([
    provider.keys.listManagedKeys(desired.name, { expectedKeys: desired.keys.filter((k) => k.provider === name).length }) as Promise<LiveKey[]>,
    aliasNames.length ? provider.keys.getAliases(aliasNames) : Promise.resolve([] as LiveAlias[]),
    Promise.all(buckets.map((b) => bucketsOf(provider).getBucketEncryption(b.name))),
  ]);
  const found = await describeUndiscovered(desired.name, provider, keys, [...aliases.map((a) => a.targetKeyId), ...encryptions.map((e) => e?.kmsKeyId ?? null)]);
  const retiring = mayRetire([...keys, ...found]);
  const liveBuckets = await Promise.all(buckets.map((b, i) => readBucket(provider, name, b.name, encryptions[i] ?? null, b.reencrypt || retiring)));
  const all = await withMaterials(desired, name, provider, [...keys, ...found].map((k) => ({ ...k, provider: name })));
  // Whether the last-use guard can work here is asked only when a retirement may be planned.
  const usage = !retiring ? null : provider.keys.lastUsageAvailable ? await provider.keys.lastUsageAvailable() : false;
  return {
    keys: all,
    aliases: aliases.map((a) => ({ ...a, provider: name })),
    buckets: liveBuckets,
    ...(usage !== null ? { lastUsage: { [name]: usage } } : {}),
  };
}

/** `rotation: in-place` keys: every material of each of their live keys (one ListKeyRotations each). */
async function withMaterials(desired: DesiredState, name: string, provider: Provider, keys: LiveKey[]): Promise<LiveKey[]> {
  const inPlace = new Set(desired.keys.filter((k) => k.provider === name && k.rotation === 'in-place').map((k) => k.name));
  const list = provider.keys.listMaterials?.bind(provider.keys);
  if (inPlace.size === 0 || !list) return keys;
  return Promise.all(
    keys.map(async (k) => {
      const owner = k.tags[TAG.key];
      if (owner === undefined || !inPlace.has(owner) || k.state === 'PendingDeletion' || k.keySpec !== 'SYMMETRIC_DEFAULT') return k;
      return { ...k, materials: await list(k.keyId) };
    }),
  );
}

/**
 * Tag-based discovery can lag (a cloud's tagging API may be eventually consistent), so a key created a
 * moment ago may be missing from the listing. A manifest alias or bucket that points at a key we
 * did not list is described directly: if it carries our tag it is ours, and the planner must not
 * create its generation again. In steady state every target is already listed: no extra calls.
 */
async function describeUndiscovered(manifestName: string, provider: Provider, listed: LiveKey[], targets: (string | null)[]): Promise<LiveKey[]> {
  const known = new Set(listed.map((k) => k.keyId));
  const missing = [...new Set(targets.filter((t): t is string => t !== null && !known.has(t)))];
  const described = await Promise.all(missing.map((id) => provider.keys.describeKey(id)));
  return described.filter((k): k is LiveKey => k !== null && (k.tags[TAG.manifest] ?? k.identity?.manifest) === manifestName && k.state !== 'PendingDeletion');
}

/**
 * Whether a plan could disable or delete one of these keys: a manifest key with more than one
 * live key (older generations, duplicates). In steady state there is none, and buckets with
 * `reencrypt: false` are not scanned (on AWS a scan is one HeadObject per object).
 */
function mayRetire(keys: LiveKey[]): boolean {
  const seen = new Set<string>();
  for (const k of keys) {
    if (k.state === 'PendingDeletion') continue;
    const name = k.tags[TAG.key] ?? '';
    if (seen.has(name)) return true;
    seen.add(name);
  }
  return false;
}

async function readBucket(provider: Provider, providerName: string, bucket: string, enc: BucketEncryption | null, countObjects: boolean): Promise<LiveBucket> {
  if (!enc) return { provider: providerName, name: bucket, exists: false, kmsKeyId: null, kmsKeyRaw: null, bucketKey: false, objectsByKey: null };
  const objectsByKey = countObjects ? await bucketsOf(provider).countObjectsByKey(bucket) : null;
  return { provider: providerName, name: bucket, exists: true, kmsKeyId: enc.kmsKeyId, kmsKeyRaw: enc.kmsKeyRaw, bucketKey: enc.bucketKey, objectsByKey };
}
