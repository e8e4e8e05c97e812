import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { CATALOG } from '../../catalog/index.js';
import { keysWithProvider, problemAt, type Rule } from './context.js';

/**
 * The manifest name and each key name are written as tag values on every key; Huawei allows only
 * 43 characters per tag value, so names that fit AWS may not fit there.
 */
export const tagLimitsRule: Rule = {
  name: 'tag-limits',
  check(ctx) {
    const out: Diagnostic[] = [];
    const { draft } = ctx;
    const nameReported = new Set<string>();
    for (const { key, provider } of keysWithProvider(ctx)) {
      const max = CATALOG[provider.type].tags.valueMax;
      if (draft.nameValid && draft.name.length > max && !nameReported.has(provider.type)) {
        nameReported.add(provider.type);
        out.push(problemAt(ctx, 'manifest.tags', ['name'], `name \`${draft.name}\` is ${draft.name.length} characters; ${provider.type} tag values hold at most ${max}`,
          `Every key is tagged with the manifest name. Shorten it to ${max} characters or less.`));
      }
      if (key.name.length > max) {
        out.push(problemAt(ctx, 'manifest.tags', ['keys', key.name], `key name \`${key.name}\` is ${key.name.length} characters; ${provider.type} tag values hold at most ${max}`,
          `The key name is written as a tag value on provider \`${provider.name}\`. Shorten it to ${max} characters or less.`));
      }
    }
    return out;
  },
};

/** Key descriptions within the provider's limit (Huawei: 255 characters). */
export const descriptionLimitRule: Rule = {
  name: 'description-length',
  check(ctx) {
    return keysWithProvider(ctx).flatMap(({ key, provider }) => {
      const max = CATALOG[provider.type].descriptionMax;
      if (key.description.length <= max) return [];
      return [problemAt(ctx, 'manifest.schema', ['keys', key.name, 'description'], `description is ${key.description.length} characters; ${provider.type} allows at most ${max}`)];
    });
  },
};
