import { warning, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { keysWithProvider, problemAt, type Rule } from './context.js';

/**
 * Alibaba Cloud KMS import rules that depend on where the key lives, beyond the compatibility
 * matrix (which knows provider, region class and key spec):
 * - keys in a KMS instance (`instanceId`) refuse RSAES_OAEP_SHA_1;
 * - SM2PKE (EC_SM2 wrapping) is for HSM-protected keys only (mainland China regions: the matrix);
 * - RSAES_PKCS1_V1_5 is accepted, with a warning: NIST SP 800-131A Rev. 2 disallows PKCS#1 v1.5
 *   padding for key transport after 2023.
 */
export const alibabaWrappingRule: Rule = {
  name: 'alibaba-wrapping',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const { key, provider, origins } of keysWithProvider(ctx)) {
      if (provider.type !== 'alibaba') continue;
      const alg = key.wrapping.algorithm;
      const where = `key \`${key.name}\` on provider \`${provider.name}\``;
      if (provider.instanceId !== undefined && alg === 'RSAES_OAEP_SHA_1') {
        out.push(problemAt(ctx, 'wrapping.incompatible', [...origins.wrapping], `keys in a KMS instance (instanceId ${provider.instanceId}) do not accept RSAES_OAEP_SHA_1`,
          `For ${where} use RSAES_OAEP_SHA_256 (or RSAES_PKCS1_V1_5) with wrapping key spec RSA_2048.`));
      }
      const hsm = provider.instanceId !== undefined || provider.protectionLevel === 'HSM';
      if ((alg === 'SM2PKE' || alg === 'SM2PKE_SM4_ECB') && !hsm) {
        out.push(problemAt(ctx, 'wrapping.incompatible', [...origins.wrapping], `${alg} is only for HSM-protected keys, and ${where} would be a SOFTWARE key`,
          'Set `protectionLevel: HSM` (or an `instanceId`) on the provider, or use RSAES_OAEP_SHA_256 with wrapping key spec RSA_2048.'));
      }
      if (alg === 'RSAES_PKCS1_V1_5') {
        const pos = ctx.source.posOf([...origins.wrapping]);
        out.push(warning('wrapping.incompatible', `${where} wraps with RSAES_PKCS1_V1_5, which Alibaba accepts but NIST SP 800-131A disallows for key transport after 2023`, {
          detail: 'Prefer RSAES_OAEP_SHA_256 with wrapping key spec RSA_2048.',
          pos,
        }));
      }
    }
    return out;
  },
};

/** OSS has no S3 Bucket Key: `bucketKey: false` would be a difference the tool could never close. */
export const ossBucketKeyRule: Rule = {
  name: 'oss-bucket-key',
  check(ctx) {
    return ctx.draft.buckets.flatMap((b) => {
      const provider = ctx.draft.providers[b.provider];
      if (provider?.type !== 'alibaba' || b.bucketKey) return [];
      return [problemAt(ctx, 'manifest.schema', ['buckets', b.name, 'bucketKey'], `bucket \`${b.name}\` is on OSS, which has no bucket key setting`,
        'Remove `bucketKey` from this bucket: OSS calls KMS per object, and the field is an S3 setting.')];
    });
  },
};
