/**
 * Alibaba's own npm clients, unmodified, pointed at the sandbox: @alicloud/kms20160120 1.2.0
 * (rpc-client, HMAC-SHA1 signature v1 in the query), @alicloud/openapi-client (generic callApi,
 * ACS3-HMAC-SHA256) and ali-oss (OSS V1 header signature, path-style with `sldEnable`).
 */
import * as kmsModule from '@alicloud/kms20160120';
import * as openApiModule from '@alicloud/openapi-client';
import * as rpcModule from '@alicloud/rpc-client';
import OSS from 'ali-oss';

type Ctor<T = any> = new (...args: any[]) => T; // eslint-disable-line @typescript-eslint/no-explicit-any

/** CommonJS modules built by tsc: under ESM the class is `default.default`. */
function cjsDefault<T>(mod: unknown): T {
  const d = (mod as { default?: { default?: unknown } }).default;
  return (d?.default ?? d) as T;
}

export const KmsClient = cjsDefault<Ctor>(kmsModule);
export const kms = kmsModule as unknown as Record<string, Ctor>;
const RpcConfig = (rpcModule as unknown as { Config: Ctor }).Config;
const OpenApiClient = cjsDefault<Ctor>(openApiModule);
const openApi = openApiModule as unknown as Record<string, Ctor>;

export function kmsClient(port: number, secret = 'test', accessKeyId = 'test') {
  return new KmsClient(new RpcConfig({ accessKeyId, accessKeySecret: secret, regionId: 'cn-hangzhou', endpoint: `127.0.0.1:${port}`, protocol: 'http' }));
}

export interface PopCaller {
  call(action: string, query: Record<string, string | number>): Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** `inBody`: parameters as a signed form body instead of the query string. */
export function popClient(port: number, secret = 'test', accessKeyId = 'test', inBody = false): PopCaller {
  const client = new OpenApiClient(new openApi.Config!({ accessKeyId, accessKeySecret: secret, endpoint: `127.0.0.1:${port}`, protocol: 'http', regionId: 'cn-hangzhou' }));
  return {
    async call(action, query) {
      const params = new openApi.Params!({ action, version: '2016-01-20', protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
      const q = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]));
      const res = await client.callApi(params, new openApi.OpenApiRequest!(inBody ? { body: q } : { query: q }), {});
      return res.body;
    },
  };
}

/** ali-oss's bundled typings miss several methods used here (bucket encryption, tagging). */
export type LooseOss = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export function ossClient(port: number, bucket?: string, secret = 'test'): LooseOss {
  return new OSS({ accessKeyId: 'test', accessKeySecret: secret, endpoint: `http://127.0.0.1:${port}`, sldEnable: true, region: 'oss-cn-hangzhou', ...(bucket ? { bucket } : {}) } as OSS.Options);
}
