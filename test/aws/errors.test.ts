import {
  AlreadyExistsException,
  DisabledException,
  ExpiredImportTokenException,
  IncorrectKeyMaterialException,
  InvalidAliasNameException,
  InvalidCiphertextException,
  InvalidImportTokenException,
  KMSInternalException,
  KMSInvalidStateException,
  LimitExceededException,
  NotFoundException,
} from '@aws-sdk/client-kms';
import { NoSuchBucket, NoSuchKey } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/port.js';
import { toProviderError } from '../../src/providers/aws/errors.js';
import { scrub } from '../../src/providers/scrub.js';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

/** A service error as the SDK builds it when it has no modeled class (e.g. ValidationException). */
function serviceError(name: string, status: number, message = `${name} happened`): Error {
  return Object.assign(new Error(message), { name, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });
}

describe('toProviderError', () => {
  const cases: Array<[string, unknown, string, boolean]> = [
    ['NotFoundException', new NotFoundException({ message: 'Key not found', ...meta(400) }), 'provider.not-found', false],
    ['KMSInvalidStateException', new KMSInvalidStateException({ message: 'pending import', ...meta(400) }), 'provider.invalid-state', false],
    ['DisabledException', new DisabledException({ message: 'disabled', ...meta(400) }), 'provider.invalid-state', false],
    ['IncorrectKeyMaterialException', new IncorrectKeyMaterialException({ message: 'different', ...meta(400) }), 'provider.incorrect-material', false],
    ['ExpiredImportTokenException', new ExpiredImportTokenException({ message: 'expired', ...meta(400) }), 'provider.import-token', true],
    ['InvalidImportTokenException', new InvalidImportTokenException({ message: 'other key', ...meta(400) }), 'provider.import-token', true],
    ['InvalidCiphertextException', new InvalidCiphertextException({ message: 'unwrap failed', ...meta(400) }), 'wrapping.public-key-mismatch', true],
    ['ThrottlingException', serviceError('ThrottlingException', 400), 'provider.throttled', true],
    ['LimitExceededException', new LimitExceededException({ message: 'Request rate exceeded', ...meta(400) }), 'provider.throttled', true],
    ['LimitExceededException', new LimitExceededException({ message: 'too many aliases for this key', ...meta(400) }), 'provider.rejected', false],
    ['KMSInternalException', new KMSInternalException({ message: 'oops', ...meta(500) }), 'provider.unavailable', true],
    ['ServiceUnavailableException', serviceError('ServiceUnavailableException', 503), 'provider.unavailable', true],
    ['SlowDown', serviceError('SlowDown', 503), 'provider.throttled', true],
    ['AccessDeniedException', serviceError('AccessDeniedException', 400), 'provider.access-denied', false],
    ['UnrecognizedClientException', serviceError('UnrecognizedClientException', 400), 'provider.access-denied', false],
    ['AccessDenied', serviceError('AccessDenied', 403), 'provider.access-denied', false],
    ['ValidationException', serviceError('ValidationException', 400), 'provider.rejected', false],
    ['InvalidAliasNameException', new InvalidAliasNameException({ message: 'bad', ...meta(400) }), 'provider.rejected', false],
    ['AlreadyExistsException', new AlreadyExistsException({ message: 'exists', ...meta(400) }), 'provider.rejected', false],
    ['NoSuchBucket', new NoSuchBucket({ message: 'no bucket', ...meta(404) }), 'provider.not-found', false],
    ['NoSuchKey', new NoSuchKey({ message: 'no key', ...meta(404) }), 'provider.not-found', false],
    ['SomethingNew', serviceError('SomethingNew', 502), 'provider.unavailable', true],
    ['SomethingElse', serviceError('SomethingElse', 409), 'provider.rejected', false],
  ];
  it.each(cases)('%s -> code', (name, err, code, retryable) => {
    const mapped = toProviderError(err, { op: 'Op', target: 'arn:aws:kms:eu-west-1:111122223333:key/k' });
    expect(mapped).toBeInstanceOf(ProviderError);
    expect(mapped.code).toBe(code);
    expect(mapped.retryable).toBe(retryable);
    expect(mapped.providerCode).toBe(name);
    expect(mapped.message).toContain('Op arn:aws:kms:eu-west-1:111122223333:key/k failed');
  });

  it('network failures are unavailable and retryable', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const mapped = toProviderError(err, { op: 'DescribeKey' });
    expect([mapped.code, mapped.providerCode, mapped.retryable]).toEqual(['provider.unavailable', 'ECONNREFUSED', true]);
  });

  it('missing credentials are access-denied with a hint naming the profile', () => {
    const err = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    const withProfile = toProviderError(err, { op: 'CreateKey', profile: 'prod' });
    expect(withProfile.code).toBe('provider.access-denied');
    expect(withProfile.message).toMatch(/^no AWS credentials found \(profile prod\) for CreateKey\. /);
    const without = toProviderError(err, { op: 'CreateKey' });
    expect(without.message).toContain('AWS_PROFILE');
  });

  it('non-SDK errors are internal, ProviderErrors pass through', () => {
    expect(toProviderError(new TypeError('x is undefined'), { op: 'CreateKey' }).code).toBe('internal');
    const pe = new ProviderError('lock.held', 'LeaseHeld', 'held');
    expect(toProviderError(pe, { op: 'PutObject' })).toBe(pe);
    expect(toProviderError('a string', { op: 'X' }).code).toBe('internal');
  });

  it('scrubs blob-like runs and caps the length', () => {
    const token = 'A'.repeat(100);
    const mapped = toProviderError(serviceError('ValidationException', 400, `bad token ${token}`), { op: 'ImportKeyMaterial' });
    expect(mapped.message).not.toContain(token);
    expect(mapped.message).toContain('[redacted]');
    expect(scrub('x '.repeat(400)).length).toBeLessThanOrEqual(300);
  });
});
