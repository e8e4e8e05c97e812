/**
 * What every wire sandbox shares, whatever its protocol: writing a reply (counted in the stats),
 * the `/_sandbox/stats` and `/_sandbox/reset` admin endpoints, and one HTTP server on 127.0.0.1
 * whose handle the tests, the bench and `reconcile sandbox` drive.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FaultDice } from './faults.js';
import type { SandboxStats, StatsRecorder } from './stats.js';

/** A complete HTTP answer. `body` undefined = no body (HEAD, 204). `errorCode` is counted, not sent. */
export interface HostReply {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
  errorCode?: string;
}

export interface HostHandle {
  url: string;
  port: number;
  stats(): SandboxStats;
  resetStats(): void;
  close(): Promise<void>;
}

export function sendReply(stats: StatsRecorder, req: IncomingMessage, res: ServerResponse, reply: HostReply): void {
  if (reply.status >= 400) stats.error(reply.errorCode ?? String(reply.status));
  const body = reply.body === undefined ? undefined : Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body, 'utf8');
  const headers: Record<string, string> = { ...reply.headers };
  // HEAD keeps the Content-Length its handler set (the object's size) and sends no body.
  if (headers['content-length'] === undefined && reply.status !== 204 && reply.status !== 304) headers['content-length'] = String(body?.length ?? 0);
  res.writeHead(reply.status, headers);
  res.end(req.method === 'HEAD' || reply.status === 204 ? undefined : body);
}

/** One routed operation, ready to run against the simulator. */
export interface HostOperation {
  op: string;
  mutating: boolean;
  run(): Promise<HostReply>;
}

export interface FaultedRun {
  stats: StatsRecorder;
  dice: FaultDice;
  /** The protocol's own answer to an injected 500 or 503. */
  faultReply(status: 500 | 503): HostReply;
  /** Called after a request changed the simulator (debounced persistence). */
  onMutate?: (() => void) | undefined;
  /** Called after the operation ran, before its answer may be lost (tests). */
  onApplied?: ((op: string) => void | Promise<void>) | undefined;
}

/**
 * The end every sandbox gives a request once it is routed, counted, delayed and within quota: a
 * fault before applying (a cut connection, or a 500/503 in the protocol's words), else the
 * operation runs; a change is reported; then the answer is either lost (fault after apply: the
 * change was made) or sent.
 */
export async function runFaulted(ctx: FaultedRun, req: IncomingMessage, res: ServerResponse, operation: HostOperation): Promise<void> {
  const { stats, dice } = ctx;
  const before = dice.before();
  if (before.kind === 'drop') {
    stats.fault(operation.op, 'drop');
    return void res.socket?.destroy();
  }
  if (before.kind === 'error') {
    stats.fault(operation.op, 'error');
    return sendReply(stats, req, res, ctx.faultReply(before.status));
  }
  const reply = await operation.run();
  if (operation.mutating && reply.status < 300) ctx.onMutate?.();
  await ctx.onApplied?.(operation.op);
  if (dice.dropAfterApply()) {
    stats.fault(operation.op, 'drop-after-apply');
    return void res.socket?.destroy();
  }
  sendReply(stats, req, res, reply);
}

/** `GET /_sandbox/stats`, `POST /_sandbox/reset`; anything else under `/_sandbox/` is a 404. */
export function serveAdmin(stats: StatsRecorder, req: IncomingMessage, res: ServerResponse, url: URL): void {
  req.resume();
  if (url.pathname === '/_sandbox/stats' && req.method === 'GET') {
    return sendReply(stats, req, res, { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(stats.snapshot()) });
  }
  if (url.pathname === '/_sandbox/reset' && req.method === 'POST') {
    stats.reset();
    return sendReply(stats, req, res, { status: 204, headers: {} });
  }
  sendReply(stats, req, res, { status: 404, headers: { 'content-type': 'application/json' }, body: '{"message":"unknown sandbox endpoint"}' });
}

/**
 * Serves `handle` on 127.0.0.1. A handler that throws is a sandbox bug, not a simulated failure:
 * the client gets `crashReply` (the protocol's own 500) if that is still possible, else a cut connection.
 */
export async function listen(stats: StatsRecorder, port: number | undefined, handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>, crashReply: () => HostReply): Promise<HostHandle> {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendReply(stats, req, res, crashReply());
      else res.destroy();
    });
  });
  // Longer than client agents keep idle sockets, so a reused socket is never closed under a request.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
