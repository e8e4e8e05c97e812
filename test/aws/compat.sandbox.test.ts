import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClients, destroyClients } from '../../src/providers/aws/clients.js';
import { ProviderError } from '../../src/providers/port.js';
import { enabledKey, inDays, keyInput, material32, startEnv, useTestCredentials, wrapOaep256, type Env } from './env.js';

/** What independent AWS-compatible servers showed: whole-second ValidTo, 501 and text answers, region and credentials. */
describe('against answers that are not AWS JSON', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv({ textAnswers: { GetResources: 501, ListAliases: 502, TagResource: 501 } });
  });
  afterAll(() => env.close());

  it('discovery auto falls back to list-keys when the tagging API answers 501 text, without retrying it', async () => {
    const key = await enabledKey(env.provider, 'compat', 'a');
    const auto = await env.newProvider({ discovery: 'auto' });
    env.sandbox.resetStats();
    const found = await auto.keys.listManagedKeys('compat');
    expect(found.map((k) => k.keyId)).toEqual([key.keyId]);
    expect(env.sandbox.stats().calls.GetResources).toBe(1);
  });

  it('names the operation and the endpoint for a 501, and does not retry it', async () => {
    const key = await env.provider.keys.createKey(keyInput('compat', 'b'));
    env.sandbox.resetStats();
    const err = await env.provider.keys.tagKey(key.keyId, { x: 'y' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ code: 'provider.rejected', retryable: false, message: `operation TagResource is not available at ${env.sandbox.url} (HTTP 501)` });
    expect(env.sandbox.stats().calls.TagResource).toBe(1);
  });

  it('reports a 502 text page as the endpoint answering something that is not AWS, not as a SyntaxError', async () => {
    const err = await env.provider.keys.getAliases(['alias/x']).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'provider.unavailable' });
    expect((err as Error).message).toBe(`ListAliases failed: ${env.sandbox.url} answered HTTP 502 with a body that is not an AWS response`);
    expect((err as Error).message).not.toMatch(/SyntaxError|Deserialization/);
  });

  it('sends ValidTo in whole seconds', async () => {
    const key = await env.provider.keys.createKey(keyInput('compat', 'c'));
    const params = await env.provider.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
    const validTo = new Date(inDays(env.clock, 30).getTime() + 789);
    await env.provider.keys.importMaterial(key.keyId, params, { encryptedKeyMaterial: wrapOaep256(params.publicKey, material32()) }, { model: 'expires', validTo });
    const live = env.sim.describeKey({ KeyId: key.keyId }).KeyMetadata.ValidTo!;
    expect(live.getTime() % 1000).toBe(0);
    expect(live.getTime()).toBe(Math.floor(validTo.getTime() / 1000) * 1000);
  });
});

describe('region and credentials as the AWS CLI finds them', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('takes AWS_DEFAULT_REGION when neither the manifest nor AWS_REGION names one', async () => {
    useTestCredentials();
    delete process.env.AWS_REGION;
    process.env.AWS_DEFAULT_REGION = 'eu-west-2';
    const clients = createClients({ name: 'p', type: 'aws', regionClass: 'standard' });
    expect(await clients.kms.config.region()).toBe('eu-west-2');
    destroyClients(clients);
  });

  it("takes the profile's region after the environment", async () => {
    useTestCredentials();
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    const dir = mkdtempSync(join(tmpdir(), 'byok-aws-config-'));
    writeFileSync(join(dir, 'config'), '[profile ops]\nregion = ap-south-1\n');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    const clients = createClients({ name: 'p', type: 'aws', regionClass: 'standard', profile: 'ops' });
    expect(await clients.kms.config.region()).toBe('ap-south-1');
    destroyClients(clients);
  });

  it('says that no credentials were found, for which profile, and what to do', async () => {
    const env = await startEnv({}, {}, { profile: 'nobody' });
    try {
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      const p = await env.newProvider({ discovery: 'list-keys' });
      const err = await p.keys.listManagedKeys('x').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'provider.access-denied' });
      expect((err as Error).message).toMatch(/^no AWS credentials found \(profile nobody\) for ListKeys\. Log in for profile nobody/);
      expect((err as Error).message).not.toContain('CredentialsProviderError');
      // The CLI prints the provider's error name only when the message does not stand alone.
      const { reportFailure } = await import('../../src/cli/boundary.js');
      let printed = '';
      reportFailure({ stdout: () => undefined, stderr: (t) => void (printed += t), cwd: '/', env: {}, isTTY: false }, err);
      expect(printed).toBe(`error[provider.access-denied]: ${(err as Error).message}\n`);
    } finally {
      await env.close();
    }
  });
});
