import { describe, expect, it } from 'vitest';
import { isKeyIdOrArn, keyIdOf, parseArn, parseKmsRef } from '../../src/providers/aws/arn.js';
import { MAX_PARTS, MAX_PART_BYTES, MIN_PART_BYTES, planCopyRanges, rangeHeader } from '../../src/providers/aws/copy-ranges.js';
import { keyUsageFor } from '../../src/catalog/index.js';
import { awsKeySpec } from '../../src/providers/aws/key-metadata.js';
import { parseRecord } from '../../src/providers/aws/lease-lock.js';

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_ARN = `arn:aws:kms:us-east-2:111122223333:key/${KEY}`;

describe('KMS identifiers', () => {
  it('classifies key ids, key ARNs, aliases and alias ARNs', () => {
    expect(parseKmsRef(KEY)).toEqual({ kind: 'key-id', keyId: KEY });
    expect(parseKmsRef(KEY_ARN)).toEqual({ kind: 'key-arn', keyId: KEY, arn: KEY_ARN });
    expect(parseKmsRef('alias/app')).toEqual({ kind: 'alias', alias: 'alias/app' });
    expect(parseKmsRef('arn:aws-cn:kms:cn-north-1:111122223333:alias/app')).toMatchObject({ kind: 'alias-arn', alias: 'alias/app' });
    expect(parseKmsRef('arn:aws:s3:::bucket').kind).toBe('unknown');
    expect(parseKmsRef('not a key!').kind).toBe('unknown');
  });

  it('extracts key ids', () => {
    expect(keyIdOf(KEY_ARN)).toBe(KEY);
    expect(keyIdOf(KEY)).toBe(KEY);
    expect(keyIdOf('alias/x')).toBe('alias/x');
    expect(isKeyIdOrArn(KEY_ARN)).toBe(true);
    expect(isKeyIdOrArn('alias/x')).toBe(false);
    expect(isKeyIdOrArn('arn:aws:kms:us-east-2:111122223333:alias/x')).toBe(false);
    expect(parseArn('arn:aws:kms:us-east-2:111122223333:key/a:b')?.resource).toBe('key/a:b');
    expect(parseArn('nope')).toBeNull();
  });
});

describe('key usage per spec', () => {
  it('matches what AWS requires for imported keys', () => {
    expect(keyUsageFor('SYMMETRIC_DEFAULT')).toBe('ENCRYPT_DECRYPT');
    expect(keyUsageFor('HMAC_256')).toBe('GENERATE_VERIFY_MAC');
    expect(keyUsageFor('ECC_NIST_P384')).toBe('SIGN_VERIFY');
    expect(keyUsageFor('RSA_4096')).toBe('ENCRYPT_DECRYPT');
    expect(() => awsKeySpec('SM4')).toThrow(/SYMMETRIC_DEFAULT/);
  });
});

describe('multipart copy range planning', () => {
  it('covers the object exactly, contiguously, with valid part sizes', () => {
    for (const size of [6 * 1024 ** 3, 5 * 1024 ** 3 + 1, 100 * 1024 ** 3, 5 * 1024 ** 4, 12_345_678]) {
      const ranges = planCopyRanges(size);
      expect(ranges[0]!.first).toBe(0);
      expect(ranges.at(-1)!.last).toBe(size - 1);
      expect(ranges.length).toBeLessThanOrEqual(MAX_PARTS);
      ranges.forEach((r, i) => {
        expect(r.partNumber).toBe(i + 1);
        if (i > 0) expect(r.first).toBe(ranges[i - 1]!.last + 1);
        const bytes = r.last - r.first + 1;
        expect(bytes).toBeLessThanOrEqual(MAX_PART_BYTES);
        if (i < ranges.length - 1) expect(bytes).toBeGreaterThanOrEqual(MIN_PART_BYTES);
      });
    }
  });

  it('uses the preferred part size and grows it when 10,000 parts would not do', () => {
    const six = planCopyRanges(6 * 1024 ** 3);
    expect(six).toHaveLength(12); // 512 MiB parts
    const max = planCopyRanges(5 * 1024 ** 4);
    expect(max.length).toBeLessThanOrEqual(MAX_PARTS);
    expect(max[0]!.last + 1).toBeGreaterThan(512 * 1024 ** 2);
    // Tiny preferred sizes are raised to S3's 5 MiB minimum.
    expect(planCopyRanges(11 * 1024 ** 2, 1)).toHaveLength(3);
    expect(rangeHeader({ partNumber: 1, first: 0, last: 99 })).toBe('bytes=0-99');
  });

  it('rejects impossible sizes', () => {
    expect(() => planCopyRanges(0)).toThrow(RangeError);
    expect(() => planCopyRanges(5 * 1024 ** 4 + 1)).toThrow(RangeError);
  });
});

describe('lease record', () => {
  it('parses what acquireLease writes and rejects anything else', () => {
    expect(parseRecord(JSON.stringify({ owner: 'a', acquiredAt: 'x', expiresAt: '2030-01-01T00:00:00.000Z' }))).toEqual({ owner: 'a', acquiredAt: 'x', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(parseRecord('{"owner":"a","expiresAt":"soon"}')).toBeNull();
    expect(parseRecord('not json')).toBeNull();
  });
});
