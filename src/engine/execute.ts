import { identityLabel } from '../core/identity.js';
import { TAG, type Action, type Clock, type DesiredState } from '../core/types.js';
import type { Provider } from '../providers/port.js';
import type { BucketScans } from './bucket-scans.js';
import { writeOrConfirm } from './confirm.js';
import { UserError, error } from '../diagnostics/diagnostic.js';
import { failpoint } from './failpoint.js';
import { importMaterial } from './import-material.js';
import { bucketsOf } from './providers.js';
import type { CreatedKeys } from './key-ref.js';
import { assertQuiet } from './last-use-guard.js';
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
      const identity = { manifest: ctx.desired.name, key: action.keyName, generation: action.generation, kcv: action.tags[TAG.kcv] ?? '' };
      const input = { keySpec: action.keySpec, description: action.description, tags: action.tags, identity, identityAlias: identityLabel(identity) };
      const key = await provider.keys.createKey(input);
      failpoint('after-create-key');
      // Without tags at create, a crash here leaves the key findable by `identity` only; the next
      // plan adopts and tags it.
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
      await bucketsOf(provider).putBucketEncryption(action.bucket, created.resolve(action.key), action.bucketKey);
      ctx.scans.invalidate(action.provider, action.bucket);
      return undefined;
    case 'reencrypt-objects': {
      const bucket = ctx.desired.buckets.find((b) => b.name === action.bucket && b.provider === action.provider);
      try {
        await bucketsOf(provider).reencryptObjects(action.bucket, created.resolve(action.key), bucket?.bucketKey ?? true);
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
      await assertQuiet(action.keyId, action.keyName, provider, ctx.desired, ctx.clock);
      await writeOrConfirm(() => provider.keys.disableKey(action.keyId), () => isInState(provider, action.keyId, 'Disabled'));
      return undefined;
    case 'schedule-key-deletion':
      await assertRetirable(action.keyId, action.provider, provider, ctx.desired, ctx.scans);
      await assertQuiet(action.keyId, action.keyName, provider, ctx.desired, ctx.clock);
      await writeOrConfirm(() => provider.keys.scheduleKeyDeletion(action.keyId, action.pendingWindowDays), () => isInState(provider, action.keyId, 'PendingDeletion'));
      return undefined;
    case 'rotate-key': {
      if (!provider.keys.rotateKey) throw new UserError(error('provider.config', `provider ${action.provider} cannot rotate a key in place`));
      const keyId = created.resolve(action.key);
      await provider.keys.rotateKey(keyId);
      // The tag names the current material (discovery and the retire guard read it).
      await provider.keys.tagKey(keyId, { [TAG.kcv]: action.kcv });
      return undefined;
    }
    default:
      return unknownAction(action);
  }
}

/** Compile-time: every action kind is handled above. Run time: a hand-edited plan's unknown kind. */
function unknownAction(action: never): never {
  throw new UserError(error('plan.unreadable', `unknown action kind ${(action as { kind?: unknown }).kind}`, { detail: 'Make a new plan with this version of the tool.' }));
}

async function isInState(provider: Provider, keyId: string, state: string): Promise<boolean> {
  return (await provider.keys.describeKey(keyId))?.state === state;
}
