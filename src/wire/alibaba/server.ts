/**
 * The Alibaba-wire sandbox: one HTTP port on 127.0.0.1 serving KMS 2016-01-20 (POP RPC: `Action`
 * in the query, a form body or `x-acs-action`) and OSS (REST, path-style) over the simulator
 * running ALIBABA_SIM_RULES. Both signature schemes of the KMS clients and the OSS header
 * signature are verified against the configured AccessKeys.
 *
 * Per request: read body; signature verified; operation recognised (counted); latency; quota
 * (throttled requests are never applied); fault before apply; apply; `onMutate`; fault after
 * apply (applied, answer lost); answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ALIBABA_KMS_ACTION_CLASS, ALIBABA_KMS_QUOTA_CLASSES, ALIBABA_OSS_QUOTA_CLASSES } from '../../catalog/alibaba.js';
import { QuotaGate } from '../aws/quotas.js';
import { BodyError, readBody } from '../body.js';
import { faultDice } from '../faults.js';
import { StatsRecorder } from '../stats.js';
import { listen, runFaulted, sendReply, serveAdmin } from '../host.js';
import { KMS_ACTIONS, type Params } from './kms-ops.js';
import { OssApi, type OssRouted } from './oss-protocol.js';
import { OssFail, ossError, ossErrorFromThrown } from './oss-reply.js';
import { verifyOssSignature } from './oss-signature.js';
import { popError, popErrorFromThrown, popReply } from './rpc-reply.js';
import { verifyPopSignature } from './rpc-signature.js';
import { DEFAULT_ACCESS_KEYS, type AlibabaSandboxHandle, type AlibabaSandboxOptions, type WireReply } from './types.js';

type Service = 'kms' | 'oss';

function isKms(req: IncomingMessage, url: URL): boolean {
  if (req.headers['x-acs-action'] !== undefined || url.searchParams.has('Action')) return true;
  return url.pathname === '/' && req.method === 'POST' && String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
}

function formPairs(req: IncomingMessage, body: Buffer): [string, string][] {
  if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return [];
  return [...new URLSearchParams(body.toString('utf8'))];
}

export async function startAlibabaSandbox(opts: AlibabaSandboxOptions): Promise<AlibabaSandboxHandle> {
  const { sim } = opts;
  const keys = opts.accessKeys ?? DEFAULT_ACCESS_KEYS;
  const oss = new OssApi(sim);
  const rates: Record<string, number> = { ...ALIBABA_KMS_QUOTA_CLASSES, ...ALIBABA_OSS_QUOTA_CLASSES, ...(opts.quotas ?? {}) };
  const limited = opts.quotas !== undefined;
  const gate = new QuotaGate((op, cls) => {
    if (!limited) return null;
    const key = op in rates ? op : cls;
    const rate = key === undefined ? undefined : rates[key];
    return key !== undefined && rate !== undefined && rate > 0 && Number.isFinite(rate) ? { key, rate } : null;
  });
  const dice = faultDice(opts);
  const stats = new StatsRecorder();
  const latency = Math.max(0, opts.latencyMs ?? 0);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname.startsWith('/_sandbox/')) return admin(req, res, url);
    const service: Service = isKms(req, url) ? 'kms' : 'oss';
    const errorReply = service === 'kms' ? popError : ossError;
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch (err) {
      if (err instanceof BodyError) return send(req, res, errorReply(err.code, err.message, 400));
      throw err;
    }
    let op: string;
    let quotaClass: string | undefined;
    let mutating: boolean;
    let run: () => Promise<WireReply>;
    if (service === 'kms') {
      const form = formPairs(req, body);
      const query = [...url.searchParams];
      const check = verifyPopSignature({ method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, body, form }, keys);
      if (!check.ok) return send(req, res, popError(check.code, check.message, check.status));
      const params: Params = Object.fromEntries([...query, ...form]);
      op = params.Action ?? String(req.headers['x-acs-action'] ?? '');
      if (params.Version !== undefined && params.Version !== '2016-01-20' && req.headers['x-acs-version'] !== '2016-01-20') {
        return send(req, res, popError('InvalidVersion', `Specified parameter Version ${params.Version} is not valid.`, 400));
      }
      const action = KMS_ACTIONS[op];
      if (!action) return send(req, res, popError('InvalidAction.NotFound', `Specified api ${op} is not found, please check your url and method.`, 404));
      quotaClass = ALIBABA_KMS_ACTION_CLASS[op];
      mutating = action.mutating;
      run = async () => {
        try {
          return popReply(await action.run(sim, params));
        } catch (e) {
          return popErrorFromThrown(e);
        }
      };
    } else {
      let routed: OssRouted;
      try {
        routed = oss.route(req, url);
      } catch (e) {
        return send(req, res, e instanceof OssFail ? ossError(e.code, e.message, e.status) : ossErrorFromThrown(e));
      }
      const check = verifyOssSignature(req.method ?? 'GET', routed.resourcePath, url.searchParams, req.headers, keys);
      if (!check.ok) return send(req, res, ossError(check.code, check.message, check.status));
      op = routed.op;
      quotaClass = routed.quotaClass;
      mutating = routed.mutating;
      run = async () => {
        try {
          return routed.run(body);
        } catch (e) {
          return ossErrorFromThrown(e);
        }
      };
    }
    stats.call(op);
    if (latency > 0) await sleep(latency);
    if (!gate.take(op, quotaClass)) {
      stats.throttled(op);
      return send(req, res, service === 'kms' ? popError('Rejected.Throttling', 'QPS Limit Exceeded', 429) : ossError('RequestLimitExceeded', 'Too many requests.', 503));
    }
    const faultReply = (status: 500 | 503) =>
      errorReply(status === 500 ? 'InternalError' : 'ServiceUnavailable', 'The request processing has failed due to some unknown error, exception or failure.', status);
    return runFaulted({ stats, dice, onMutate: opts.onMutate, faultReply }, req, res, { op, mutating, run });
  }

  function send(req: IncomingMessage, res: ServerResponse, reply: WireReply): void {
    sendReply(stats, req, res, reply);
  }

  function admin(req: IncomingMessage, res: ServerResponse, url: URL): void {
    serveAdmin(stats, req, res, url);
  }

  return listen(stats, opts.port, handle, () => popError('InternalError', 'The sandbox failed to handle the request.', 500));
}
