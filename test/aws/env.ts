/** Fixtures for the AWS adapter tests: the real SDK, through our provider, against the sandbox on 127.0.0.1. */
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { identityLabel } from '../../src/core/identity.js';
import { TAG, type AwsProviderConfig, type Clock } from '../../src/core/types.js';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { AWS_REQUEST_QUOTAS } from '../../src/providers/aws/quotas.js';
import { createAwsProvider, type AwsProvider, type AwsProviderOptions } from '../../src/providers/aws/provider.js';
import type { CreateKeyInput } from '../../src/providers/port.js';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../src/wire/aws/index.js';

/** Static test credentials through the default chain's env step; no host profile or IMDS is consulted. */
export function useTestCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDSANDBOXTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'sandbox-secret';
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_CONFIG_FILE = '/nonexistent/byok-test/config';
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/byok-test/credentials';
}

/** Wall time plus an offset the test can move (token expiry, lease expiry). */
export class OffsetClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface Env {
  sim: LocalSimulator;
  sandbox: SandboxHandle;
  clock: OffsetClock;
  config: AwsProviderConfig;
  provider: AwsProvider;
  /** Another provider instance on the same sandbox (own limiter and stats). */
  newProvider(opts?: AwsProviderOptions, config?: Partial<AwsProviderConfig>): Promise<AwsProvider>;
  close(): Promise<void>;
}

export async function startEnv(sandboxOpts: Omit<SandboxOptions, 'sim'> = {}, providerOpts: AwsProviderOptions = {}, configExtra: Partial<AwsProviderConfig> = {}): Promise<Env> {
  useTestCredentials();
  const clock = new OffsetClock();
  // One RSA pair per wrapping spec, reused: generating 4096-bit keys per call would dominate test time.
  const sim = new LocalSimulator({ clock, wrappingKeyPool: 1 });
  const sandbox = await startSandbox({ sim, port: 0, ...sandboxOpts });
  const config: AwsProviderConfig = {
    name: 'tokyo',
    type: 'aws',
    region: 'us-east-1',
    regionClass: 'standard',
    endpoint: { kms: sandbox.url, s3: sandbox.url },
    quotas: UNPACED,
    ...configExtra,
  };
  const providers: AwsProvider[] = [];
  const newProvider = async (opts: AwsProviderOptions = {}, extra: Partial<AwsProviderConfig> = {}) => {
    const p = await createAwsProvider({ ...config, ...extra }, { clock, ...providerOpts, ...opts });
    providers.push(p);
    return p;
  };
  const provider = await newProvider();
  return {
    sim,
    sandbox,
    clock,
    config,
    provider,
    newProvider,
    close: async () => {
      await Promise.all(providers.map((p) => p.close()));
      await sandbox.close();
    },
  };
}

export const material32 = (): Buffer => randomBytes(32);

/** RSAES_OAEP_SHA_* wrapping of raw material (the wrapping core has its own tests). */
export function wrapOaep(publicKeyDer: Buffer, material: Buffer, oaepHash: 'sha1' | 'sha256'): Buffer {
  return publicEncrypt({ key: createPublicKey({ key: publicKeyDer, format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, material);
}

export const wrapOaep256 = (publicKeyDer: Buffer, material: Buffer): Buffer => wrapOaep(publicKeyDer, material, 'sha256');

/**
 * Client pacing off (every rate 0): most tests are about behaviour, not rates, and AWS's 1 rps
 * GetParametersForImport would make them slow. The limiter tests set real quotas.
 */
export const UNPACED: Record<string, number> = Object.fromEntries(Object.keys(AWS_REQUEST_QUOTAS).map((op) => [op, 0]));

export function keyInput(manifest: string, keyName: string, extra: Partial<CreateKeyInput> = {}): CreateKeyInput {
  return {
    keySpec: 'SYMMETRIC_DEFAULT',
    description: `${keyName} (byok test)`,
    tags: { [TAG.manifest]: manifest, [TAG.key]: keyName, [TAG.generation]: '1', [TAG.kcv]: 'abcdef' },
    identity: { manifest, key: keyName, generation: 1, kcv: 'abcdef' },
    identityAlias: identityLabel({ manifest, key: keyName, generation: 1, kcv: 'abcdef' }),
    ...extra,
  };
}

export const inDays = (clock: Clock, d: number): Date => new Date(clock.now().getTime() + d * 86_400_000);

/** A key with material imported (Enabled), created through the adapter. */
export async function enabledKey(provider: AwsProvider, manifest: string, name: string): Promise<import('../../src/core/types.js').LiveKey> {
  const key = await provider.keys.createKey(keyInput(manifest, name));
  const params = await provider.keys.getImportParameters(key.keyId, 'RSAES_OAEP_SHA_256', 'RSA_2048');
  await provider.keys.importMaterial(key.keyId, params, { encryptedKeyMaterial: wrapOaep256(params.publicKey, material32()) }, { model: 'never' });
  return { ...key, state: 'Enabled', expirationModel: 'never' };
}

export interface RefusingProxy {
  url: string;
  close(): Promise<void>;
}

/** What a refusing proxy sees of a request before it decides. */
export interface ProxiedRequest {
  amzTarget: string;
  body: string;
  headers: IncomingHttpHeaders;
}

/**
 * A proxy on 127.0.0.1 in front of `target` (the sandbox): a request `refuse` picks is answered with
 * a JSON-protocol 400 of that error type and never reaches the sandbox; every other one is forwarded,
 * after `delayMs`.
 */
export async function refusingProxy(
  target: string,
  opts: { refuse: (req: ProxiedRequest) => { type: string; message: string } | null; delayMs?: (amzTarget: string, body: string) => number },
): Promise<RefusingProxy> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const amzTarget = String(req.headers['x-amz-target'] ?? '');
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => setTimeout(answer, opts.delayMs?.(amzTarget, Buffer.concat(chunks).toString('utf8')) ?? 0));
    const answer = () => {
      const refusal = opts.refuse({ amzTarget, body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      if (refusal) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': refusal.type });
        res.end(JSON.stringify({ __type: refusal.type, message: refusal.message }));
        return;
      }
      const fwd = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 500, up.headers);
        up.pipe(res);
      });
      fwd.on('error', () => res.destroy());
      fwd.end(Buffer.concat(chunks));
    };
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
