import { TAG, type DesiredState } from '../core/types.js';
import { UserError, error } from '../diagnostics/diagnostic.js';
import type { Provider } from '../providers/port.js';
import type { BucketScans } from './bucket-scans.js';
import { aliasesIn, bucketsOf } from './providers.js';

/**
 * Checked against live state right before a key is disabled or scheduled for deletion, whatever
 * the plan says (a saved plan may be old, objects may have been written since):
 * the key must carry this manifest's tag, must not hold the manifest's current material, must not
 * be the target of a manifest alias or a managed bucket's default key, and no object of any managed
 * bucket of its provider instance may still be encrypted under it, whatever that bucket's
 * `reencrypt` says: disabling such a key makes those objects unreadable.
 */
export async function assertRetirable(keyId: string, providerName: string, provider: Provider, desired: DesiredState, scans: BucketScans): Promise<void> {
  const refuse = (why: string, what = 'Nothing was changed for this key; the next plan will retry once it is unused.') => {
    throw new UserError(error('apply.key-in-use', `refusing to retire key ${keyId}: ${why}`, { detail: what }));
  };
  const key = await provider.keys.describeKey(keyId);
  if (!key) return refuse('it no longer exists');
  if (key.tags[TAG.manifest] !== desired.name) return refuse(`it is not tagged ${TAG.manifest}=${desired.name}`);
  const owner = desired.keys.find((k) => k.name === key.tags[TAG.key]);
  if (owner && key.tags[TAG.kcv] === owner.kcv && key.expirationModel !== null) return refuse(`it holds the current material of "${owner.name}"`);

  const aliasNames = aliasesIn(desired, providerName);
  if (aliasNames.length) {
    const hit = (await provider.keys.getAliases(aliasNames)).find((a) => a.targetKeyId === keyId);
    if (hit) return refuse(`alias ${hit.name} points at it`);
  }
  // Buckets of other provider instances cannot hold this key: they are not read at all.
  for (const bucket of desired.buckets.filter((b) => b.provider === providerName)) {
    const enc = await bucketsOf(provider).getBucketEncryption(bucket.name);
    if (!enc) continue;
    if (enc.kmsKeyId === keyId) return refuse(`it is the default key of bucket ${bucket.name}`);
    const n = (await scans.count(providerName, provider, bucket.name))[keyId] ?? 0;
    if (n > 0) {
      const gen = key.tags[TAG.generation] ? ` (generation ${key.tags[TAG.generation]})` : '';
      const fix = bucket.reencrypt
        ? 'Nothing was changed for this key; the next plan re-encrypts them and retires it afterwards.'
        : `Nothing was changed for this key. Set \`reencrypt: true\` on bucket ${bucket.name} or re-encrypt them; it is retired only once no object uses it.`;
      return refuse(`${n} object${n === 1 ? ' is' : 's are'} in bucket ${bucket.name} still encrypted under it${gen}`, fix);
    }
  }
}
