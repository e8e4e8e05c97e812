/**
 * KMS identifiers. KMS accepts a key id, a key ARN, an alias name or an alias ARN in most places;
 * S3 reports key ARNs; our LiveKey/plan vocabulary uses the bare key id. These helpers convert
 * without API calls where the string itself is enough.
 */

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** e.g. `key/1234abcd-...` or `alias/name`. */
  resource: string;
}

export function parseArn(value: string): ParsedArn | null {
  if (!value.startsWith('arn:')) return null;
  const parts = value.split(':');
  if (parts.length < 6) return null;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (!partition || !service || !resource) return null;
  return { partition, service, region, account, resource };
}

export type KmsRef =
  | { kind: 'key-id'; keyId: string }
  | { kind: 'key-arn'; keyId: string; arn: string }
  | { kind: 'alias'; alias: string }
  | { kind: 'alias-arn'; alias: string; arn: string }
  | { kind: 'unknown'; raw: string };

/** Classifies what a KMS key reference is; never calls AWS. */
export function parseKmsRef(value: string): KmsRef {
  if (value.startsWith('alias/')) return { kind: 'alias', alias: value };
  const arn = parseArn(value);
  if (arn) {
    if (arn.service !== 'kms') return { kind: 'unknown', raw: value };
    if (arn.resource.startsWith('key/')) return { kind: 'key-arn', keyId: arn.resource.slice('key/'.length), arn: value };
    if (arn.resource.startsWith('alias/')) return { kind: 'alias-arn', alias: arn.resource, arn: value };
    return { kind: 'unknown', raw: value };
  }
  // Real key ids are UUIDs (or `mrk-` + 32 hex); emulators may differ, and KMS itself rejects a
  // malformed id, so any other bare string is taken as a key id.
  if (/^[A-Za-z0-9-]+$/.test(value)) return { kind: 'key-id', keyId: value };
  return { kind: 'unknown', raw: value };
}

/** The key id inside a key ARN, or the value itself when it is already a key id. */
export function keyIdOf(value: string): string {
  const ref = parseKmsRef(value);
  return ref.kind === 'key-id' || ref.kind === 'key-arn' ? ref.keyId : value;
}

/** True for the two forms GetParametersForImport accepts (key id or key ARN, never an alias). */
export function isKeyIdOrArn(value: string): boolean {
  const ref = parseKmsRef(value);
  return ref.kind === 'key-id' || ref.kind === 'key-arn';
}
