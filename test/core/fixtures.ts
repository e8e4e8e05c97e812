import { DAY_MS } from '../../src/core/specs.js';
import { TAG, type DesiredBucket, type DesiredKey, type DesiredState, type LiveAlias, type LiveBucket, type LiveKey, type LiveState } from '../../src/core/types.js';

/** Builders for planner inputs: readable defaults, override what a case is about. */

export const NOW = new Date('2026-03-01T00:00:00.000Z');
export const KCV_A = 'aaaaaa';
export const KCV_B = 'bbbbbb';

export const days = (n: number): number => n * DAY_MS;
export const iso = (msFromNow: number, now: Date = NOW): string => new Date(now.getTime() + msFromNow).toISOString();

export function desiredKey(over: Partial<DesiredKey> = {}): DesiredKey {
  return {
    name: 'payments',
    provider: 'sandbox',
    description: 'payments data key',
    keySpec: 'SYMMETRIC_DEFAULT',
    wrapping: { algorithm: 'RSAES_OAEP_SHA_256', keySpec: 'RSA_4096' },
    expiration: { model: 'expires', validForMs: days(365), renewBeforeMs: days(30) },
    material: { type: 'file', path: 'material/payments.bin', encoding: 'raw' },
    kcv: KCV_A,
    aliases: ['alias/payments'],
    retire: { action: 'disable', afterMs: days(7), pendingWindowDays: 30 },
    rotation: 'new-key',
    ...over,
  };
}

export function desiredBucket(over: Partial<DesiredBucket> = {}): DesiredBucket {
  return { name: 'payments-data', provider: 'sandbox', key: 'payments', bucketKey: true, reencrypt: true, ...over };
}

export function desiredState(keys: DesiredKey[] = [desiredKey()], buckets: DesiredBucket[] = [desiredBucket()]): DesiredState {
  return {
    name: 'payments-prod',
    file: 'keys.yaml',
    digest: 'sha256:desired',
    providers: { sandbox: { name: 'sandbox', type: 'local', state: '/tmp/byok-fixture-state.json', regionClass: 'standard' } },
    keys,
    buckets,
  };
}

/** A managed key of generation `gen` with material valid for `validForDays` from NOW. */
export function liveKey(keyId: string, gen: number, over: Partial<LiveKey> & { kcv?: string; keyName?: string; supersededAt?: string } = {}): LiveKey {
  const { kcv = KCV_A, keyName = 'payments', supersededAt, ...rest } = over;
  const tags: Record<string, string> = {
    [TAG.manifest]: 'payments-prod',
    [TAG.key]: keyName,
    [TAG.generation]: String(gen),
    [TAG.kcv]: kcv,
  };
  if (supersededAt !== undefined) tags[TAG.supersededAt] = supersededAt;
  return {
    provider: 'sandbox',
    keyId,
    arn: `arn:local:kms:${keyId}`,
    state: 'Enabled',
    keySpec: 'SYMMETRIC_DEFAULT',
    description: 'payments data key',
    createdAt: iso(-days(100)),
    validTo: iso(days(200)),
    expirationModel: 'expires',
    deletionDate: null,
    tags,
    ...rest,
  };
}

export function alias(name: string, targetKeyId: string): LiveAlias {
  return { provider: 'sandbox', name, targetKeyId };
}

export function bucket(name: string, kmsKeyId: string | null, objectsByKey: Record<string, number> | null = {}, over: Partial<LiveBucket> = {}): LiveBucket {
  return { provider: 'sandbox', name, exists: true, kmsKeyId, kmsKeyRaw: kmsKeyId, bucketKey: true, objectsByKey, ...over };
}

export function liveState(keys: LiveKey[], aliases: LiveAlias[] = [], buckets: LiveBucket[] = []): LiveState {
  return { keys, aliases, buckets };
}

/** The usual steady state: generation 1 with material, alias and bucket on it, objects under it. */
export function steadyLive(over: Partial<LiveKey> = {}): LiveState {
  return liveState([liveKey('key-1', 1, over)], [alias('alias/payments', 'key-1')], [bucket('payments-data', 'key-1', { 'key-1': 5 })]);
}
