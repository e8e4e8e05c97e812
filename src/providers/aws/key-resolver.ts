import { ProviderError } from '../port.js';
import { parseKmsRef } from './arn.js';
import type { AwsCaller } from './caller.js';
import { isNotFound } from './errors.js';
import type { DescribeKeyFn } from './lean-reads.js';

/**
 * Converts between the key id our plans use and the forms S3 wants or returns (key ARN, alias).
 * Every key seen by discovery, create or describe is cached, so resolving costs no call in an apply;
 * otherwise one DescribeKey.
 */
export class KeyResolver {
  constructor(
    private readonly describeKey: DescribeKeyFn,
    private readonly caller: AwsCaller,
    /** keyId -> key ARN, shared with the key service. */
    readonly arns: Map<string, string>,
  ) {}

  /** The full key ARN of a key id (or ARN); S3 is given ARNs because aliases resolve in the caller's account. */
  async arnOf(keyIdOrArn: string): Promise<string> {
    const ref = parseKmsRef(keyIdOrArn);
    if (ref.kind === 'key-arn') return ref.arn;
    const cached = this.arns.get(keyIdOrArn);
    if (cached) return cached;
    const meta = await this.describe(keyIdOrArn);
    if (!meta) throw new ProviderError('provider.not-found', 'NotFoundException', `KMS key ${keyIdOrArn} does not exist`);
    return meta.arn;
  }

  /**
   * The key id behind whatever S3 reported (key id, key ARN, alias name, alias ARN). An alias is
   * looked up with DescribeKey; null when it points nowhere.
   */
  async keyIdOf(raw: string): Promise<string | null> {
    const ref = parseKmsRef(raw);
    switch (ref.kind) {
      case 'key-id':
      case 'key-arn':
        return ref.keyId;
      case 'alias':
      case 'alias-arn':
        return (await this.describe(ref.kind === 'alias' ? ref.alias : ref.arn))?.keyId ?? null;
      case 'unknown':
        return null;
    }
  }

  private async describe(keyRef: string): Promise<{ keyId: string; arn: string } | null> {
    try {
      const out = await this.caller.call('DescribeKey', keyRef, () => this.describeKey(keyRef));
      const keyId = out.KeyMetadata?.KeyId;
      const arn = out.KeyMetadata?.Arn;
      if (!keyId || !arn) return null;
      this.arns.set(keyId, arn);
      return { keyId, arn };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }
}
