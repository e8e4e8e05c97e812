import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatPath } from '../positions.js';
import { didYouMean } from '../suggest.js';
import { problemAt, type Rule, type RuleContext } from './context.js';

/** Every provider instance named anywhere must be declared (or be the implicit `local`). */
export const providerRefRule: Rule = {
  name: 'provider-references',
  check(ctx) {
    const out: Diagnostic[] = [];
    const { draft } = ctx;
    const known = [...draft.declared.providers];
    const report = (name: string, path: (string | number)[]) => {
      if (draft.declared.providers.has(name)) return;
      out.push(problemAt(ctx, 'manifest.unknown-provider', path, `unknown provider \`${name}\` in ${formatPath(path)}`,
        `Declared provider instances: ${known.join(', ')}. Add it under \`providers:\`.${didYouMean(name, known)}`));
    };
    if (draft.defaultProvider !== undefined) report(draft.defaultProvider, ['defaults', 'provider']);
    // Indexed once: a find() per key made 30,000 keys take 25 s here.
    const keys = new Map(draft.keys.map((k) => [k.name, k]));
    for (const [name, origins] of draft.origins.keys) {
      const key = keys.get(name);
      if (key && origins.provider[0] === 'keys') report(key.provider, [...origins.provider]);
    }
    for (const b of draft.buckets) {
      const origin = draft.origins.buckets.get(b.name)?.provider;
      if (origin?.[0] === 'buckets' && origin[2] === 'provider') report(b.provider, [...origin]);
    }
    return out;
  },
};

/** A bucket's `key` names a key of this manifest. */
export const bucketKeyRule: Rule = {
  name: 'bucket-key-references',
  check(ctx: RuleContext) {
    const known = [...ctx.draft.declared.keys];
    return ctx.draft.buckets
      .filter((b) => !ctx.draft.declared.keys.has(b.key))
      .map((b) => problemAt(ctx, 'manifest.unknown-key', ['buckets', b.name, 'key'], `bucket \`${b.name}\` uses unknown key \`${b.key}\``,
        `${known.length > 0 ? `Keys in this manifest: ${known.join(', ')}.` : 'This manifest declares no keys.'}${didYouMean(b.key, known)}`));
  },
};

/** A bucket can only be encrypted under a key of the same provider instance (same account and region). */
export const bucketProviderRule: Rule = {
  name: 'bucket-provider',
  check(ctx) {
    const { draft } = ctx;
    const keys = new Map(draft.keys.map((k) => [k.name, k]));
    return draft.buckets.flatMap((b) => {
      const key = keys.get(b.key);
      if (!key || key.provider === b.provider || !draft.providers[b.provider] || !draft.providers[key.provider]) return [];
      const origin = draft.origins.buckets.get(b.name)?.provider ?? ['buckets', b.name];
      return [problemAt(ctx, 'manifest.unknown-key', [...origin],
        `bucket \`${b.name}\` is on provider \`${b.provider}\` but its key \`${key.name}\` is on \`${key.provider}\``,
        'A bucket can only use a key of its own provider instance. Drop the bucket\'s `provider` (it then follows its key) or move the key.')];
    });
  },
};
