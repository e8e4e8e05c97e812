/**
 * Tags (`/kms/{key_id}/tags`, batch `tags/action`) and alias resources (`/kms/aliases`,
 * `/kms/alias/associate`). Tags exist only after create; at most 10 per key (the simulator's rules).
 */
import type { LocalSimulator } from '../../sim/simulator.js';
import { badParam, str } from './kms-json.js';
import type { Body } from './kms-keys.js';

const TAG_CHARS_FORBIDDEN = /[\x00-\x1f*<>\\=]/;

function tagList(b: Body): { key: string; value: string }[] {
  const tags = b['tags'];
  if (!Array.isArray(tags) || tags.length === 0) throw badParam('tags must be a non-empty array of {key, value}');
  return tags.map((t: unknown) => {
    const o = (t ?? {}) as Record<string, unknown>;
    const key = o['key'];
    const value = o['value'] ?? '';
    if (typeof key !== 'string' || typeof value !== 'string') throw badParam('each tag needs a string key and value');
    if (TAG_CHARS_FORBIDDEN.test(key) || TAG_CHARS_FORBIDDEN.test(value)) throw badParam(`tag ${key} contains a forbidden character`);
    return { key, value };
  });
}

export function tagsAction(sim: LocalSimulator, keyId: string, b: Body): undefined {
  const action = str(b, 'action', true);
  const tags = tagList(b);
  if (action === 'create') sim.tagResource({ KeyId: keyId, Tags: tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) });
  else if (action === 'delete') sim.untagResource({ KeyId: keyId, TagKeys: tags.map((t) => t.key) });
  else throw badParam('action must be create or delete');
  return undefined;
}

export function addTag(sim: LocalSimulator, keyId: string, b: Body): undefined {
  const tag = b['tag'];
  return tagsAction(sim, keyId, { action: 'create', tags: [tag] });
}

export function listTags(sim: LocalSimulator, keyId: string) {
  const tags: { key: string; value: string }[] = [];
  let marker: string | undefined;
  do {
    const page = sim.listResourceTags({ KeyId: keyId, ...(marker ? { Marker: marker } : {}) });
    for (const t of page.Tags) tags.push({ key: t.TagKey, value: t.TagValue });
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return { tags, existTagsNum: tags.length };
}

function aliasEntity(sim: LocalSimulator, a: { AliasName: string; TargetKeyId: string; CreationDate: Date; LastUpdatedDate: Date }) {
  return {
    domain_id: sim.accountId,
    key_id: a.TargetKeyId,
    alias: a.AliasName,
    alias_urn: `kms:${sim.region}:${sim.accountId}:alias:${a.AliasName}`,
    create_time: String(a.CreationDate.getTime()),
    update_time: String(a.LastUpdatedDate.getTime()),
  };
}

function findAlias(sim: LocalSimulator, name: string) {
  let marker: string | undefined;
  do {
    const page = sim.listAliases({ Limit: 100, ...(marker ? { Marker: marker } : {}) });
    const hit = page.Aliases.find((a) => a.AliasName === name);
    if (hit) return hit;
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return undefined;
}

export function createAlias(sim: LocalSimulator, b: Body) {
  const alias = str(b, 'alias', true);
  sim.createAlias({ AliasName: alias, TargetKeyId: str(b, 'key_id', true) });
  return aliasEntity(sim, findAlias(sim, alias)!);
}

export function associateAlias(sim: LocalSimulator, b: Body) {
  const alias = str(b, 'alias', true);
  sim.updateAlias({ AliasName: alias, TargetKeyId: str(b, 'target_key_id', true) });
  return aliasEntity(sim, findAlias(sim, alias)!);
}

export function deleteAliases(sim: LocalSimulator, b: Body): undefined {
  const keyId = str(b, 'key_id', true);
  const names = b['aliases'];
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw badParam('aliases must be an array of names');
  for (const n of names as string[]) {
    const a = findAlias(sim, n);
    if (!a || a.TargetKeyId !== keyId) throw badParam(`alias ${n} is not associated with key ${keyId}`);
  }
  for (const n of names as string[]) sim.deleteAlias({ AliasName: n });
  return undefined;
}

/** `GET /kms/aliases?key_id&limit&marker` → one page `{aliases, page_info}`. */
export function listAliases(sim: LocalSimulator, q: URLSearchParams) {
  const keyId = q.get('key_id') ?? undefined;
  const limit = Number(q.get('limit') ?? '50');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badParam('limit must be 1-100');
  const marker = q.get('marker') || undefined;
  const page = sim.listAliases({ ...(keyId ? { KeyId: keyId } : {}), Limit: limit, ...(marker ? { Marker: marker } : {}) });
  return {
    aliases: page.Aliases.map((a) => aliasEntity(sim, a)),
    page_info: { next_marker: page.Truncated ? (page.NextMarker ?? '') : '', current_count: page.Aliases.length },
  };
}
