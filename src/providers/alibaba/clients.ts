/**
 * Alibaba's clients for one provider instance:
 * - KMS through @alicloud/openapi-client's generic `callApi` (POP RPC, ACS3-HMAC-SHA256), which
 *   reaches every 2016-01-20 action (@alicloud/kms20160120 1.2.0 lacks DKMSInstanceId and Tags on
 *   CreateKey);
 * - OSS through ali-oss, one client per bucket (its bucket is client state), path-style
 *   (`sldEnable`) against an emulator endpoint;
 * - credentials from the manifest's accessKeyIdEnv/accessKeySecretEnv, else @alicloud/credentials'
 *   default chain (ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET/SECURITY_TOKEN, the credentials file, the
 *   ECS RAM role).
 */
import * as credentialsModule from '@alicloud/credentials';
import * as openApiModule from '@alicloud/openapi-client';
import OSS from 'ali-oss';
import type { AlibabaProviderConfig } from '../../core/types.js';
import { ProviderError } from '../port.js';

type Ctor = new (...args: any[]) => any;  

/** CommonJS modules compiled by tsc expose their class as `default.default` under ESM. */
function cjsDefault(mod: unknown): Ctor {
  const d = (mod as { default?: { default?: unknown } }).default;
  return (d?.default ?? d) as Ctor;
}

const OpenApiClient = cjsDefault(openApiModule);
const Credential = cjsDefault(credentialsModule);
const openApi = openApiModule as unknown as { Config: Ctor; Params: Ctor; OpenApiRequest: Ctor };

export interface AccessKey {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface CredentialSource {
  /** For openapi-client: static keys or the default-chain Credential object. */
  popConfig(): Record<string, unknown>;
  /** For ali-oss, which takes plain keys. */
  get(): Promise<AccessKey>;
}

export function credentialSource(config: AlibabaProviderConfig, env: NodeJS.ProcessEnv = process.env): CredentialSource {
  const idVar = config.accessKeyIdEnv;
  const secretVar = config.accessKeySecretEnv;
  if (idVar !== undefined || secretVar !== undefined) {
    const id = idVar !== undefined ? env[idVar] : env.ALIBABA_CLOUD_ACCESS_KEY_ID;
    const secret = secretVar !== undefined ? env[secretVar] : env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
    if (!id || !secret) {
      throw new ProviderError('provider.config', 'MissingCredentials', `provider ${config.name}: environment variable ${!id ? (idVar ?? 'ALIBABA_CLOUD_ACCESS_KEY_ID') : (secretVar ?? 'ALIBABA_CLOUD_ACCESS_KEY_SECRET')} is not set`);
    }
    const token = env.ALIBABA_CLOUD_SECURITY_TOKEN;
    const key: AccessKey = { accessKeyId: id, accessKeySecret: secret, ...(token ? { securityToken: token } : {}) };
    return { popConfig: () => ({ ...key }), get: async () => key };
  }
  let credential: { getCredential(): Promise<{ accessKeyId: string; accessKeySecret: string; securityToken?: string }> } | undefined;
  const chain = () => (credential ??= new Credential());
  return {
    popConfig: () => ({ credential: chain() }),
    async get() {
      try {
        const c = await chain().getCredential();
        return { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, ...(c.securityToken ? { securityToken: c.securityToken } : {}) };
      } catch (e) {
        throw new ProviderError('provider.access-denied', 'CredentialException', `provider ${config.name}: no Alibaba Cloud credentials found (${(e as Error).message?.split('\n')[0] ?? 'unknown'}). Set ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, accessKeyIdEnv/accessKeySecretEnv, a credentials file or an ECS RAM role.`);
      }
    },
  };
}

/** `http://127.0.0.1:4599` -> host `127.0.0.1:4599`, protocol `http`. */
function splitUrl(url: string): { host: string; protocol: 'http' | 'https' } {
  const u = new URL(url);
  return { host: u.host, protocol: u.protocol === 'http:' ? 'http' : 'https' };
}

export type PopResult = Record<string, any>;  

export interface PopClient {
  call(action: string, query: Record<string, string | number | undefined>): Promise<PopResult>;
}

export function popClient(config: AlibabaProviderConfig, creds: CredentialSource): PopClient {
  const region = config.region || 'cn-hangzhou';
  const ep = config.endpoint?.kms ? splitUrl(config.endpoint.kms) : { host: `kms.${region}.aliyuncs.com`, protocol: 'https' as const };
  const client = new OpenApiClient(new openApi.Config({ ...creds.popConfig(), endpoint: ep.host, protocol: ep.protocol, regionId: region, readTimeout: 30_000, connectTimeout: 10_000 }));
  return {
    async call(action, query) {
      const params = new openApi.Params({ action, version: '2016-01-20', protocol: ep.protocol.toUpperCase(), pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
      const q: Record<string, string> = {};
      for (const [k, v] of Object.entries(query)) if (v !== undefined) q[k] = String(v);
      // autoretry off: AlibabaCaller paces and retries every attempt itself.
      const res = await client.callApi(params, new openApi.OpenApiRequest({ query: q }), { autoretry: false });
      return res.body as PopResult;
    },
  };
}

/** ali-oss's typings miss bucket encryption, tagging and several multipart methods; what the adapter calls. */
type OssMethod = (...args: any[]) => Promise<any>;  
export interface OssClient {
  getBucketEncryption: OssMethod;
  putBucketEncryption: OssMethod;
  listV2: OssMethod;
  head: OssMethod;
  copy: OssMethod;
  getObjectTagging: OssMethod;
  initMultipartUpload: OssMethod;
  uploadPartCopy: OssMethod;
  completeMultipartUpload: OssMethod;
  abortMultipartUpload: OssMethod;
}

/** One ali-oss client per bucket, created on first use with fresh credentials. */
export function ossClients(config: AlibabaProviderConfig, creds: CredentialSource): (bucket: string) => Promise<OssClient> {
  const region = config.region || 'cn-hangzhou';
  const cache = new Map<string, Promise<OssClient>>();
  return (bucket) => {
    let c = cache.get(bucket);
    if (!c) {
      c = creds.get().then(
        (k) =>
          new OSS({
            accessKeyId: k.accessKeyId,
            accessKeySecret: k.accessKeySecret,
            ...(k.securityToken ? { stsToken: k.securityToken, refreshSTSTokenInterval: 3_600_000 } : {}),
            bucket,
            region: `oss-${region}`,
            ...(config.endpoint?.oss ? { endpoint: config.endpoint.oss, sldEnable: true } : { secure: true }),
            timeout: 120_000,
          } as OSS.Options) as unknown as OssClient,
      );
      cache.set(bucket, c);
      c.catch(() => cache.delete(bucket));
    }
    return c;
  };
}
