import { error } from '../../diagnostics/diagnostic.js';
import type { Action, DesiredBucket, LiveBucket } from '../types.js';
import { currentGeneration, labelOf, refOf, type KeyGroup, type PlanContext } from './context.js';
import { plural } from './format.js';
import { at } from './live-index.js';

/**
 * A bucket's default encryption follows the current generation of its declared key; with
 * `reencrypt` its objects follow too, whatever key they are under (the bucket's declared key wins).
 */
type BucketOwn =
  | Pick<Extract<Action, { kind: 'put-bucket-encryption' }>, 'id' | 'kind' | 'reason' | 'dependsOn' | 'bucketKey' | 'fromKeyId'>
  | Pick<Extract<Action, { kind: 'reencrypt-objects' }>, 'id' | 'kind' | 'reason' | 'dependsOn' | 'fromKeyIds' | 'objectCount'>;

export function planBucket(ctx: PlanContext, b: DesiredBucket, group: KeyGroup | undefined): void {
  if (!group) {
    ctx.diagnostics.push(
      error('manifest.unknown-key', `bucket ${b.name} names key ${b.key}, which the manifest does not declare`, {
        detail: 'Declare the key under `keys:` or fix the bucket\'s `key`.',
        path: `buckets.${b.name}.key`,
        pos: b.pos,
      }),
    );
    return;
  }
  const live = ctx.ix.bucket.get(at(b.provider, b.name));
  if (!live || !live.exists) {
    ctx.diagnostics.push(
      error('plan.bucket-missing', `bucket ${b.name} does not exist in provider ${b.provider}`, {
        detail: 'Create the bucket (the tool configures existing buckets only) or remove it from the manifest.',
        path: `buckets.${b.name}`,
        pos: b.pos,
      }),
    );
    return;
  }
  const inv = group.inv;
  const gen = currentGeneration(inv);
  const currentId = inv.current?.live.keyId ?? null;

  /** The bucket's shared fields, then `own` (spread last: one hidden class per kind, see setup.ts). */
  const bucketAction = (own: BucketOwn): Action => ({ provider: b.provider, keyName: inv.desired.name, target: b.name, destructive: false, bucket: b.name, key: refOf(inv), ...own });

  let putId: string | null = null;
  const reasons = putReasons(ctx, live, b, currentId, gen);
  if (reasons.length > 0) {
    putId = `${b.name}/put-bucket-encryption`;
    group.buckets.push(
      bucketAction({
        id: putId,
        kind: 'put-bucket-encryption',
        reason: reasons.join('; '),
        dependsOn: [...group.readyDeps],
        bucketKey: b.bucketKey,
        fromKeyId: live.kmsKeyId,
      }),
    );
  }
  if (!b.reencrypt || !live.objectsByKey) return;
  const from = Object.entries(live.objectsByKey)
    .filter(([id, n]) => n > 0 && id !== currentId)
    .sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0));
  if (from.length === 0) return;
  const objectCount = from.reduce((s, [, n]) => s + n, 0);
  group.reencrypt.push(
    bucketAction({
      id: `${b.name}/reencrypt-objects`,
      kind: 'reencrypt-objects',
      reason: reencryptReason(ctx, from, gen, b.key),
      dependsOn: [...group.readyDeps, ...(putId ? [putId] : [])],
      fromKeyIds: from.map(([id]) => id),
      objectCount,
    }),
  );
}

function putReasons(ctx: PlanContext, live: LiveBucket, b: DesiredBucket, currentId: string | null, gen: number): string[] {
  const out: string[] = [];
  if (live.kmsKeyId === null) out.push(`no SSE-KMS default encryption; sets generation ${gen}`);
  else if (live.kmsKeyId !== currentId) out.push(`default encryption uses ${labelOf(ctx, live.kmsKeyId, b.key)}; moves to generation ${gen}`);
  if (live.bucketKey !== b.bucketKey) out.push(`turns the S3 bucket key ${b.bucketKey ? 'on' : 'off'}`);
  return out;
}

const LISTED = 3;

function reencryptReason(ctx: PlanContext, from: [string, number][], gen: number, keyName: string): string {
  const parts = from.slice(0, LISTED).map(([id, n]) => `${plural(n, 'object')} under ${labelOf(ctx, id, keyName)}`);
  if (from.length > LISTED) parts.push(`objects under ${plural(from.length - LISTED, 'more key')}`);
  const foreign = from.some(([id]) => !ctx.managedById.has(id));
  const note = foreign ? ", those under keys this manifest does not manage included (the bucket's declared key wins)" : '';
  const count = from.reduce((s, [, n]) => s + n, 0);
  return `${parts.join(', ')}; re-encrypts ${count === 1 ? 'it' : 'them'} under generation ${gen}${note}`;
}
