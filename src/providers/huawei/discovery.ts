/**
 * Finding this manifest's keys: list-keys with key_spec ALL (the default lists only AES_256) and
 * string limit/marker, keeping keys whose key_alias (the identity label given at create) names this
 * manifest, then their tags. A key whose tags never got written (crash after create) is still found
 * by its alias. A key created by hand with another alias is never ours.
 */
import { parseIdentityLabel } from '../../core/identity.js';
import type { LiveKey } from '../../core/types.js';
import { liveKeyOf, type KeyInfo } from './key-info.js';
import type { HuaweiKmsClient } from './kms-client.js';

const PAGE = '1000';

interface ListKeysOut {
  key_details?: KeyInfo[];
  next_marker?: string;
  truncated?: string;
}

export async function* allKeys(kms: HuaweiKmsClient): AsyncGenerator<KeyInfo> {
  let marker: string | undefined;
  do {
    const out = await kms.call<ListKeysOut>({
      op: 'list-keys',
      method: 'POST',
      path: 'list-keys',
      data: { limit: PAGE, key_spec: 'ALL', ...(marker ? { marker } : {}) },
    });
    for (const k of out?.key_details ?? []) yield k;
    marker = out?.truncated === 'true' && out.next_marker ? out.next_marker : undefined;
  } while (marker);
}

export async function findByAlias(kms: HuaweiKmsClient, alias: string): Promise<KeyInfo | null> {
  for await (const k of allKeys(kms)) if (k.key_alias === alias) return k;
  return null;
}

export async function listManagedKeys(kms: HuaweiKmsClient, provider: string, region: string, manifestName: string): Promise<LiveKey[]> {
  const ours: KeyInfo[] = [];
  for await (const k of allKeys(kms)) {
    if (k.key_alias && parseIdentityLabel(k.key_alias)?.manifest === manifestName) ours.push(k);
  }
  return Promise.all(
    ours.map(async (info) => {
      const out = await kms.call<{ tags?: { key: string; value: string }[] }>({ op: 'show-kms-tags', method: 'GET', path: `${info.key_id}/tags`, target: info.key_id });
      return liveKeyOf(provider, region, info, Object.fromEntries((out?.tags ?? []).map((t) => [t.key, t.value])));
    }),
  );
}
