/**
 * The Huawei-wire sandbox: one HTTP port on 127.0.0.1 serving Huawei KMS REST v1.0 (`/v1.0/...`,
 * SDK-HMAC-SHA256 verified) and OBS path-style (everything else, V2 signature verified) over the
 * simulator with Huawei's rules. Per request: body read; signature verified (the gateway's error
 * when wrong); operation recognised (counted); latency; fault before apply (never applied);
 * apply; `onMutate`; fault after apply (applied, answer lost); answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BodyError, readBody } from '../body.js';
import { StatsRecorder } from '../stats.js';
import { listen, runFaulted, sendReply, serveAdmin } from '../host.js';
import { faultDice } from '../aws/faults.js';
import { s3Error } from '../aws/s3-errors.js';
import { S3Api } from '../aws/s3-protocol.js';
import type { Reply, SandboxHandle } from '../aws/types.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import { gatewayError, kmsError } from './kms-json.js';
import { isKmsPath, routeKms } from './kms-routes.js';
import { verifyObsSignature } from './obs-signature.js';
import { obsView } from './obs-view.js';
import { verifySdkSignature } from './sdk-signature.js';

export const HUAWEI_SANDBOX_AK = 'test';
export const HUAWEI_SANDBOX_SK = 'test';

export interface HuaweiSandboxOptions {
  sim: LocalSimulator;
  port?: number;
  latencyMs?: number;
  faultRate?: number;
  faultAfterApplyRate?: number;
  seed?: number;
  /** Access key -> secret key; default `test` -> `test`. */
  credentials?: Record<string, string>;
  onMutate?: () => void;
  /** After an operation was applied, before its answer is sent (tests: kill a client mid-call). */
  onApplied?: (op: string) => void | Promise<void>;
}

/**
 * esdk-obs-nodejs percent-encodes header values (the copy source aside) and OBS decodes them;
 * done after the signature check, which covers the values as sent.
 */
function decodeObsHeaders(req: IncomingMessage): void {
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith('x-amz-') || name === 'x-amz-copy-source' || typeof value !== 'string' || !value.includes('%')) continue;
    try {
      req.headers[name] = decodeURIComponent(value);
    } catch {
      // Not percent-encoding after all: leave it as sent.
    }
  }
}

export async function startHuaweiSandbox(opts: HuaweiSandboxOptions): Promise<SandboxHandle> {
  const { sim } = opts;
  const obs = new S3Api(obsView(sim, () => ({ region: sim.region, domainId: sim.accountId })));
  const creds = opts.credentials ?? { [HUAWEI_SANDBOX_AK]: HUAWEI_SANDBOX_SK };
  const secretFor = (ak: string): string | undefined => (Object.hasOwn(creds, ak) ? creds[ak] : undefined);
  const dice = faultDice(opts);
  const stats = new StatsRecorder();
  const latency = Math.max(0, opts.latencyMs ?? 0);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname.startsWith('/_sandbox/')) return admin(req, res, url);
    const kms = isKmsPath(url.pathname);
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (err) {
      if (err instanceof BodyError) return send(req, res, kms ? kmsError('KMS.0201', err.message, 400) : s3Error(err.code, err.message, 400));
      throw err;
    }
    if (kms) {
      const auth = verifySdkSignature(req, url, body, secretFor);
      if (!auth.ok) return send(req, res, gatewayError('APIGW.0301', auth.message, 401));
    } else {
      const auth = verifyObsSignature(req, secretFor);
      if (!auth.ok) return send(req, res, s3Error(auth.code, auth.message, 403));
      decodeObsHeaders(req);
    }
    const routed = kms ? routeKms(sim, req, url) : obs.route(req, url);
    if ('status' in routed) return send(req, res, routed);
    stats.call(routed.op);
    if (latency > 0) await sleep(latency);
    const msg = 'The service is temporarily unavailable. Try again later.';
    const faultReply = (status: 500 | 503) => (kms ? kmsError('KMS.0001', msg, status) : s3Error(status === 500 ? 'InternalError' : 'ServiceUnavailable', msg, status));
    const faulted = { stats, dice, onMutate: opts.onMutate, onApplied: opts.onApplied, faultReply };
    return runFaulted(faulted, req, res, { op: routed.op, mutating: routed.mutating, run: () => routed.run(body) });
  }

  function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
    sendReply(stats, req, res, reply);
  }

  function admin(req: IncomingMessage, res: ServerResponse, url: URL): void {
    serveAdmin(stats, req, res, url);
  }

  return listen(stats, opts.port, handle, () => kmsError('KMS.0001', 'The sandbox failed to handle the request', 500));
}
