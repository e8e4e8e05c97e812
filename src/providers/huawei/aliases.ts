/** Huawei's alias resources (`GET /kms/aliases`, paged by marker). */
import type { HuaweiKmsClient } from './kms-client.js';

export interface AliasEntity {
  alias: string;
  key_id: string;
}

interface AliasPage {
  aliases?: AliasEntity[];
  page_info?: { next_marker?: string };
}

/**
 * The SDK's model describes the answer as an array of pages; the reference answer is one page
 * object. Both are accepted.
 */
export async function listAliases(kms: HuaweiKmsClient): Promise<AliasEntity[]> {
  const out: AliasEntity[] = [];
  let marker: string | undefined;
  do {
    const res = await kms.call<AliasPage | Record<string, AliasPage>>({ op: 'list-aliases', method: 'GET', path: 'aliases', query: { limit: '100', ...(marker ? { marker } : {}) } });
    const pages: AliasPage[] = res && 'aliases' in res ? [res as AliasPage] : Object.values((res ?? {}) as Record<string, AliasPage>);
    marker = undefined;
    for (const p of pages) {
      out.push(...(p.aliases ?? []));
      if (p.page_info?.next_marker) marker = p.page_info.next_marker;
    }
  } while (marker);
  return out;
}
