import type { Action, Clock, DesiredState } from '../core/types.js';
import type { Provider } from '../providers/port.js';
import type { BucketScans } from './bucket-scans.js';
import { writeOrConfirm } from './confirm.js';
import { importMaterial } from './import-material.js';
import type { CreatedKeys } from './key-ref.js';
import { assertRetirable } from './retire-guard.js';

export interface ExecuteContext {
  desired: DesiredState;
  provider: Provider;
  clock: Clock;
  created: CreatedKeys;
  /** Object counts shared by every retire guard of one apply. */
  scans: BucketScans;
}

/** Performs one action against its provider. Returns the key id for create-key. */
export async function executeAction(action: Action, ctx: ExecuteContext): Promise<string | undefined> {
  const { provider, created } = ctx;
  switch (action.kind) {
    case 'create-key': {
      const key = await provider.keys.createKey({ keySpec: action.keySpec, description: action.description, tags: action.tags });
      if (!provider.keys.capabilities.tagsAtCreate) await provider.keys.tagKey(key.keyId, action.tags);
      created.record(action.keyName, action.generation, key.keyId);
      return key.keyId;
    }
    case 'import-material':
    case 'reimport-material':
      await importMaterial(action, created.resolve(action.key), provider, ctx.desired, ctx.clock);
      return undefined;
    case 'enable-key': {
      const keyId = created.resolve(action.key);
      await writeOrConfirm(() => provider.keys.enableKey(keyId), () => isInState(provider, keyId, 'Enabled'));
      return undefined;
    }
    case 'create-alias':
    case 'update-alias': {
      const keyId = created.resolve(action.key);
      const write = action.kind === 'create-alias' ? () => provider.keys.createAlias(action.alias, keyId) : () => provider.keys.updateAlias(action.alias, keyId);
      await writeOrConfirm(write, async () => (await provider.keys.getAliases([action.alias])).some((a) => a.name === action.alias && a.targetKeyId === keyId));
      return undefined;
    }
    case 'put-bucket-encryption':
      await provider.buckets.putBucketEncryption(action.bucket, created.resolve(action.key), action.bucketKey);
      ctx.scans.invalidate(action.provider, action.bucket);
      return undefined;
    case 'reencrypt-objects': {
      const bucket = ctx.desired.buckets.find((b) => b.name === action.bucket && b.provider === action.provider);
      try {
        await provider.buckets.reencryptObjects(action.bucket, created.resolve(action.key), bucket?.bucketKey ?? true);
      } finally {
        // Even a partial re-encryption moved objects: the next guard must count them afresh.
        ctx.scans.invalidate(action.provider, action.bucket);
      }
      return undefined;
    }
    case 'tag-key': {
      const stamp = ctx.clock.now().toISOString();
      const tags = { ...action.tags, ...Object.fromEntries((action.stampNow ?? []).map((k) => [k, stamp])) };
      await provider.keys.tagKey(created.resolve(action.key), tags);
      return undefined;
    }
    case 'disable-key':
      await assertRetirable(action.keyId, action.provider, provider, ctx.desired, ctx.scans);
      await writeOrConfirm(() => provider.keys.disableKey(action.keyId), () => isInState(provider, action.keyId, 'Disabled'));
      return undefined;
    case 'schedule-key-deletion':
      await assertRetirable(action.keyId, action.provider, provider, ctx.desired, ctx.scans);
      await writeOrConfirm(() => provider.keys.scheduleKeyDeletion(action.keyId, action.pendingWindowDays), () => isInState(provider, action.keyId, 'PendingDeletion'));
      return undefined;
    case 'rotate-key':
      throw new Error('in-place rotation (rotation: in-place) is not implemented in this version');
  }
}

async function isInState(provider: Provider, keyId: string, state: string): Promise<boolean> {
  return (await provider.keys.describeKey(keyId))?.state === state;
}
