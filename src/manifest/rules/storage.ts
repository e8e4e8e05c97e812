import { capabilitiesOf } from '../../providers/registry.js';
import { problemAt, type Rule } from './context.js';

/** A bucket needs a provider with object storage; some clouds (or configurations) manage keys only. */
export const bucketStorageRule: Rule = {
  name: 'bucket-storage',
  check(ctx) {
    const { draft } = ctx;
    return draft.buckets.flatMap((b) => {
      const provider = draft.providers[b.provider];
      if (!provider || capabilitiesOf(provider).objectStorage) return [];
      const origin = draft.origins.buckets.get(b.name)?.provider ?? ['buckets', b.name];
      return [problemAt(ctx, 'manifest.unknown-provider', [...origin],
        `bucket \`${b.name}\` is on provider \`${b.provider}\` (${provider.type}), which has no object storage`,
        `This version manages only keys on ${provider.type}. Remove the bucket or put it on a provider with object storage.`)];
    });
  },
};
