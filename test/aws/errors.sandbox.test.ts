import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/providers/port.js';
import { createAwsProvider } from '../../src/providers/aws/provider.js';
import { keyInput, startEnv, useTestCredentials, type Env } from './env.js';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env?.close();
});

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe('errors from the real SDK leave the adapter as ProviderError', () => {
  it('NotFound on a missing key names the key', async () => {
    const id = '99999999-9999-9999-9999-999999999999';
    const err = await failure(env.provider.keys.enableKey(id));
    expect([err.code, err.providerCode, err.retryable]).toEqual(['provider.not-found', 'NotFoundException', false]);
    expect(err.message).toContain(id);
  });

  it('an unknown profile is access-denied with a hint naming the profile', async () => {
    const p = await env.newProvider({}, { profile: 'no-such-profile' });
    const err = await failure(p.keys.createKey(keyInput('errs', 'k')));
    expect(err.code).toBe('provider.access-denied');
    expect(err.providerCode).toBe('CredentialsProviderError');
    expect(err.message).toMatch(/^no AWS credentials found \(profile no-such-profile\) for CreateKey\. Log in for profile no-such-profile/);
  });

  it('no credentials anywhere is access-denied pointing at the default chain', async () => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    try {
      const p = await env.newProvider();
      const err = await failure(p.keys.describeKey('11111111-2222-3333-4444-555555555555'));
      expect(err.code).toBe('provider.access-denied');
      expect(err.message).toContain('AWS_PROFILE');
    } finally {
      useTestCredentials();
    }
  });

  it('an unreachable endpoint is unavailable and retryable, after the SDK retried', async () => {
    const p = await createAwsProvider(
      { name: 'down', type: 'aws', region: 'us-east-1', regionClass: 'standard', endpoint: { kms: 'http://127.0.0.1:9', s3: 'http://127.0.0.1:9' } },
      { maxAttempts: 2 },
    );
    try {
      const err = await failure(p.keys.describeKey('11111111-2222-3333-4444-555555555555'));
      expect([err.code, err.providerCode, err.retryable]).toEqual(['provider.unavailable', 'ECONNREFUSED', true]);
      expect(p.stats().requests.DescribeKey).toBe(2);
      expect(p.stats().errors.DescribeKey).toBe(1);
    } finally {
      await p.close();
    }
  });

  it('refuses a provider config of another type', async () => {
    await expect(createAwsProvider({ name: 'x', type: 'local', state: '/tmp/x.json', regionClass: 'standard' })).rejects.toMatchObject({ code: 'provider.config' });
  });
});
