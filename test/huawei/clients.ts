/** Huawei's own npm clients, unmodified, pointed at the Huawei-wire sandbox on 127.0.0.1. */
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import ObsClient from 'esdk-obs-nodejs';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { HUAWEI_SIM_RULES } from '../../src/wire/huawei/rules.js';
import type { Clock } from '../../src/core/types.js';
import { startHuaweiSandbox } from '../../src/wire/huawei/server.js';
import type { SandboxHandle } from '../../src/wire/aws/types.js';

export const PROJECT_ID = '0123456789abcdef0123456789abcdef';

export function hcClient(url: string, ak = 'test', sk = 'test'): HcClient {
  const cred = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(PROJECT_ID);
  return new ClientBuilder((c: HcClient) => c).withCredential(cred).withEndpoint(url).build() as HcClient;
}

/** One KMS call the way the SDK's generated clients make it; the SDK's own exception on 4xx/5xx. */
export async function kms(client: HcClient, method: string, verb: string, data?: Record<string, unknown>, queryParams?: Record<string, string>): Promise<Record<string, unknown>> {
  return (await client.sendRequest({
    method,
    url: `/v1.0/{project_id}/kms/${verb}`,
    pathParams: {},
    headers: {},
    queryParams: queryParams ?? {},
    ...(data !== undefined ? { data } : {}),
    contentType: 'application/json',
  })) as Record<string, unknown>;
}

/** The same call, answered whatever the status: `{ status, body }` with the error body as sent. */
export async function kmsRaw(client: HcClient, method: string, verb: string, data?: Record<string, unknown>): Promise<{ status: number; body: Record<string, any> }> {
  const out = (await client.sendRequest({
    method,
    url: `/v1.0/{project_id}/kms/${verb}`,
    pathParams: {},
    headers: {},
    queryParams: {},
    ...(data !== undefined ? { data } : {}),
    contentType: 'application/json',
    axiosRequestConfig: { validateStatus: () => true },
  } as Parameters<HcClient['sendRequest']>[0])) as Record<string, any>;
  const { httpStatusCode, ...body } = out;
  return { status: httpStatusCode as number, body };
}

/** The client finishes its (async) set-up after the constructor returns; calls before that fail. */
export async function obsClient(url: string, ak = 'test', sk = 'test'): Promise<ObsClient> {
  const client = new ObsClient({ access_key_id: ak, secret_access_key: sk, server: url, path_style: true, max_retry_count: 0 });
  await new Promise((r) => setImmediate(r));
  return client;
}

export interface HwFixture {
  sim: LocalSimulator;
  sb: SandboxHandle;
  clock: { now(): Date; advance(ms: number): void };
}

export async function startHwFixture(): Promise<HwFixture> {
  let offset = 0;
  const clock: Clock & { advance(ms: number): void } = { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
  const sim = new LocalSimulator({ clock, wrappingKeyPool: 1, rules: HUAWEI_SIM_RULES, region: 'ap-southeast-1', accountId: 'd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0' });
  const sb = await startHuaweiSandbox({ sim });
  return { sim, sb, clock };
}
