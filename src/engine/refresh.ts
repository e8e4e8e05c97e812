import type { DesiredState, LiveAlias, LiveBucket, LiveKey, LiveState } from '../core/types.js';
import type { Provider } from '../providers/port.js';
import { providersInUse } from './providers.js';

/**
 * Reads the live state the planner needs, one provider instance at a time in parallel:
 * managed keys (by ownership tag), the aliases the manifest names, and the managed buckets
 * (objects are counted only where `reencrypt` is on).
 */
export async function refresh(desired: DesiredState, providers: Map<string, Provider>): Promise<LiveState> {
  const parts = await Promise.all(providersInUse(desired).map((name) => refreshProvider(desired, name, providerOf(providers, name))));
  return {
    keys: parts.flatMap((p) => p.keys),
    aliases: parts.flatMap((p) => p.aliases),
    buckets: parts.flatMap((p) => p.buckets),
  };
}

function providerOf(providers: Map<string, Provider>, name: string): Provider {
  const p = providers.get(name);
  if (!p) throw new Error(`provider ${name} was not opened`);
  return p;
}

async function refreshProvider(desired: DesiredState, name: string, provider: Provider): Promise<LiveState> {
  const aliasNames = desired.keys.filter((k) => k.provider === name).flatMap((k) => k.aliases);
  const buckets = desired.buckets.filter((b) => b.provider === name);
  const [keys, aliases, liveBuckets] = await Promise.all([
    provider.keys.listManagedKeys(desired.name) as Promise<LiveKey[]>,
    aliasNames.length ? provider.keys.getAliases(aliasNames) : Promise.resolve([] as LiveAlias[]),
    Promise.all(buckets.map((b) => readBucket(provider, name, b.name, b.reencrypt))),
  ]);
  return { keys: keys.map((k) => ({ ...k, provider: name })), aliases: aliases.map((a) => ({ ...a, provider: name })), buckets: liveBuckets };
}

async function readBucket(provider: Provider, providerName: string, bucket: string, countObjects: boolean): Promise<LiveBucket> {
  const enc = await provider.buckets.getBucketEncryption(bucket);
  if (!enc) return { provider: providerName, name: bucket, exists: false, kmsKeyId: null, kmsKeyRaw: null, bucketKey: false, objectsByKey: null };
  const objectsByKey = countObjects ? await provider.buckets.countObjectsByKey(bucket) : null;
  return { provider: providerName, name: bucket, exists: true, kmsKeyId: enc.kmsKeyId, kmsKeyRaw: enc.kmsKeyRaw, bucketKey: enc.bucketKey, objectsByKey };
}
