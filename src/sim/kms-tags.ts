/** TagResource, UntagResource, ListResourceTags, and the tag rules CreateKey shares. */
import type { SimTag } from './sim-types.js';
import { tagError, validation } from './errors.js';
import { requireState } from './key-state.js';
import { resolveKey } from './resolve.js';
import { checkLimit, paginate } from './paginate.js';
import type { SimContext } from './context.js';
import { AWS_SIM_RULES, type SimRules } from './rules.js';

export const MAX_TAGS = AWS_SIM_RULES.maxTagsPerKey;

/** AWS-recorded errors: "Too many tags", "Tags beginning with aws: are reserved", "Duplicate tag keys". */
export function checkTags(rules: SimRules, tags: readonly SimTag[], existing: ReadonlyMap<string, string> = new Map()): void {
  const seen = new Set<string>();
  for (const t of tags) {
    if (typeof t?.TagKey !== 'string' || typeof t.TagValue !== 'string') throw validation('Each tag needs a TagKey and a TagValue string');
    if (t.TagKey.length < 1 || t.TagKey.length > rules.tagKeyMax) throw validation(`Tag key "${t.TagKey.slice(0, 140)}" must be 1 to ${rules.tagKeyMax} characters`);
    if (t.TagValue.length > rules.tagValueMax) throw validation(`Value of tag "${t.TagKey}" must be at most ${rules.tagValueMax} characters`);
    const reserved = rules.reservedTagPrefixes.find((p) => t.TagKey.toLowerCase().startsWith(p));
    if (reserved) throw tagError(`Tags beginning with ${reserved} are reserved`);
    if (seen.has(t.TagKey)) throw tagError('Duplicate tag keys');
    seen.add(t.TagKey);
  }
  const total = new Set([...existing.keys(), ...seen]).size;
  if (total > rules.maxTagsPerKey) throw tagError('Too many tags');
}

export function tagResource(ctx: SimContext, req: { KeyId: string; Tags: SimTag[] }): void {
  const key = resolveKey(ctx, req.KeyId, false);
  requireState(ctx, key, ['Enabled', 'Disabled', 'PendingImport']);
  checkTags(ctx.rules, req.Tags ?? [], key.tags);
  for (const t of req.Tags) key.tags.set(t.TagKey, t.TagValue);
}

/** Unknown tag keys are ignored, as in AWS. */
export function untagResource(ctx: SimContext, req: { KeyId: string; TagKeys: string[] }): void {
  const key = resolveKey(ctx, req.KeyId, false);
  requireState(ctx, key, ['Enabled', 'Disabled', 'PendingImport']);
  for (const k of req.TagKeys ?? []) key.tags.delete(k);
}

export function listResourceTags(
  ctx: SimContext,
  req: { KeyId: string; Limit?: number; Marker?: string },
): { Tags: SimTag[]; NextMarker?: string; Truncated: boolean } {
  const key = resolveKey(ctx, req.KeyId, false);
  const limit = checkLimit(req.Limit, 50, 50);
  const tags = [...key.tags].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
  const page = paginate(tags, (t) => t.TagKey, limit, req.Marker);
  return { Tags: page.items, Truncated: page.truncated, ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}) };
}
