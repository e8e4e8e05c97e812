/** Key ids, ARNs and partitions, spelled as AWS spells them (16-digit accounts are Alibaba sandbox accounts, 32-hex ones Huawei domain ids). */
import { randomUUID } from 'node:crypto';

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newKeyId(): string {
  return randomUUID();
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export interface ArnScope {
  partition: string;
  region: string;
  accountId: string;
}

export const keyArn = (s: ArnScope, keyId: string): string => `arn:${s.partition}:kms:${s.region}:${s.accountId}:key/${keyId}`;
export const aliasArn = (s: ArnScope, alias: string): string => `arn:${s.partition}:kms:${s.region}:${s.accountId}:${alias}`;

export type ParsedArn = { kind: 'key'; keyId: string; scope: ArnScope } | { kind: 'alias'; alias: string; scope: ArnScope };

const ARN_RE = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}|\d{16}|[0-9a-f]{32}):(key\/.+|alias\/.+)$/;

/** null when `value` is not a well-formed KMS key or alias ARN. */
export function parseKmsArn(value: string): ParsedArn | null {
  const m = ARN_RE.exec(value);
  if (!m) return null;
  const [, partition, region, accountId, resource] = m as unknown as [string, string, string, string, string];
  const scope = { partition, region, accountId };
  if (resource.startsWith('key/')) return { kind: 'key', keyId: resource.slice(4), scope };
  return { kind: 'alias', alias: resource, scope };
}

/** The key id of a key ARN, or the value itself when it is not one (used for S3's recorded ARNs). */
export function keyIdOf(value: string): string {
  const p = parseKmsArn(value);
  return p?.kind === 'key' ? p.keyId : value;
}
