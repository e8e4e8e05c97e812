import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { keysWithProvider, problemAt, type Rule } from './context.js';

/**
 * What Huawei keys need beyond the compatibility matrix:
 * - an expiry: import-key-material without expiration_time falls back to a default (24 h in the
 *   console), so the tool always sends one and refuses `model: never` rather than guess;
 * - no SM2_ENCRYPT yet: this version has no SM2 wrapping for Huawei;
 * - no bucket keys: OBS has none (`bucketKey` defaults to false there).
 */
export const huaweiRule: Rule = {
  name: 'huawei',
  check(ctx) {
    return keysWithProvider(ctx).flatMap(({ key, provider, origins }): Diagnostic[] => {
      if (provider.type !== 'huawei') return [];
      const out: Diagnostic[] = [];
      if (key.expiration.model === 'never') {
        out.push(problemAt(ctx, 'manifest.expiration', [...origins.expiration, 'model'],
          `material on huawei provider \`${provider.name}\` must expire`,
          'Huawei KMS applies a default expiry when none is sent; the tool always sends one. Use e.g. expiration: { validFor: 365d, renewBefore: 30d }.'));
      }
      if (key.wrapping.algorithm === 'SM2_ENCRYPT') {
        out.push(problemAt(ctx, 'wrapping.incompatible', [...origins.wrapping, 'algorithm'],
          'SM2_ENCRYPT wrapping is not supported for huawei in this version',
          'Use RSAES_OAEP_SHA_256 with RSA_2048 (the built-in choice for Huawei).'));
      }
      return out;
    }).concat(
      ctx.draft.buckets.flatMap((b) =>
        ctx.draft.providers[b.provider]?.type === 'huawei' && b.bucketKey
          ? [problemAt(ctx, 'manifest.schema', ['buckets', b.name, 'bucketKey'], `bucketKey is not available on huawei (OBS has no bucket keys)`,
              'Remove `bucketKey` from this bucket: OBS encrypts each object with its own data key.')]
          : [],
      ),
    );
  },
};
