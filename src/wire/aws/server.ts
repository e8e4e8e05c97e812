/**
 * The AWS-wire sandbox: one HTTP port on 127.0.0.1 serving AWS KMS and the Resource Groups Tagging
 * API (JSON 1.1, told apart by `X-Amz-Target`) and S3 (REST/XML, everything else) over the
 * in-process simulator.
 *
 * Per request, in this order: signature shape check; operation recognised (counted); injected
 * latency; quota (throttled requests are never applied); fault before apply (never applied);
 * apply; `onMutate`; fault after apply (applied, but the answer is lost); answer.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkSigV4 } from './auth.js';
import { BodyError, readBody } from '../body.js';
import { faultDice, faultReply, throttleReply } from './faults.js';
import { jsonError } from './json-wire.js';
import { KMS_TARGET_PREFIX, routeKms } from './kms-protocol.js';
import { parseQuotaSetting, QuotaGate, rateLookup } from './quotas.js';
import { s3Error } from './s3-errors.js';
import { S3Api } from './s3-protocol.js';
import { StatsRecorder } from '../stats.js';
import { listen, runFaulted, sendReply, serveAdmin } from '../host.js';
import { TAGGING_TARGET_PREFIX, TaggingApi } from './tagging-api.js';
import type { ErrorReply, QuotaSetting, Reply, SandboxHandle, SandboxOptions, Service } from './types.js';

export async function startSandbox(opts: SandboxOptions): Promise<SandboxHandle> {
  const { sim } = opts;
  const s3 = new S3Api(sim);
  const tagging = new TaggingApi(sim);
  let quotas: QuotaSetting = opts.quotas ?? 'none';
  const gate = new QuotaGate(rateLookup(quotas));
  const dice = faultDice(opts);
  const stats = new StatsRecorder();
  const latency = Math.max(0, opts.latencyMs ?? 0);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    if (url.pathname.startsWith('/_sandbox/')) return admin(req, res, url);
    const target = headerValue(req, 'x-amz-target');
    const service: Service = target === undefined ? 's3' : target.startsWith(TAGGING_TARGET_PREFIX) ? 'tagging' : 'kms';
    const errorReply: ErrorReply = service === 's3' ? s3Error : jsonError;
    let body: Buffer;
    try {
      // Read first, whatever the outcome, so the keep-alive connection stays usable.
      body = await readBody(req);
    } catch (err) {
      if (err instanceof BodyError) return send(req, res, errorReply(err.code, err.message, 400));
      throw err;
    }
    const auth = checkSigV4(req, url.searchParams);
    if (!auth.ok) {
      if (service === 's3') return send(req, res, auth.missing ? s3Error('AccessDenied', 'Access Denied', 403) : s3Error('AuthorizationHeaderMalformed', auth.message, 400));
      return send(req, res, jsonError(auth.missing ? 'MissingAuthenticationTokenException' : 'IncompleteSignatureException', auth.message, auth.missing ? 403 : 400));
    }
    const routed = service === 's3' ? s3.route(req, url) : service === 'tagging' ? tagging.route(target!) : target!.startsWith(KMS_TARGET_PREFIX) ? routeKms(sim, target!) : jsonError('UnknownOperationException', `Unknown target ${target}`, 400);
    if ('status' in routed) return send(req, res, routed);
    const { op } = routed;
    stats.call(op);
    const textStatus = opts.textAnswers?.[op];
    if (textStatus !== undefined) {
      return send(req, res, { status: textStatus, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `${textStatus} ${STATUS_CODES[textStatus] ?? 'Error'}: ${op}\n`, errorCode: String(textStatus) });
    }
    if (latency > 0) await sleep(latency);
    if (!gate.take(op, service === 's3' ? S3Api.quotaClass(req.method ?? 'GET') : undefined)) {
      stats.throttled(op);
      return send(req, res, throttleReply(service, errorReply));
    }
    const faulted = { stats, dice, onMutate: opts.onMutate, faultReply: (status: 500 | 503) => faultReply(service, status, errorReply) };
    return runFaulted(faulted, req, res, { op, mutating: routed.mutating, run: () => routed.run(body) });
  }

  function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
    sendReply(stats, req, res, reply);
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname !== '/_sandbox/quotas') return serveAdmin(stats, req, res, url);
    const json = (status: number, body: unknown): void => send(req, res, { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (req.method === 'GET') {
      req.resume();
      return json(200, { quotas });
    }
    if (req.method !== 'POST') {
      req.resume();
      return json(405, { message: 'use GET or POST on /_sandbox/quotas' });
    }
    // The quotas the sandbox enforces from the next request on: a benchmark switches a scaled run to
    // AWS's own rates without restarting (and losing) the simulator.
    let value: unknown;
    try {
      value = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8'));
    } catch {
      return json(400, { message: 'the body is not JSON (or is over 64 KiB); send e.g. "aws", "none", {"scale": 100} or {"DescribeKey": 2000}' });
    }
    const parsed = parseQuotaSetting(value);
    if (!parsed.ok) return json(400, { message: parsed.message });
    quotas = parsed.setting;
    gate.setLookup(rateLookup(quotas));
    json(200, { quotas });
  }

  return listen(stats, opts.port, handle, () => jsonError('InternalFailure', 'The sandbox failed to handle the request', 500));
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
