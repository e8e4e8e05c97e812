import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { UserError, error } from '../diagnostics/diagnostic.js';
import type { HealthReport } from './health.js';

export interface HttpSource {
  registry: Registry;
  health(): HealthReport;
  /** Ready once a manifest is loaded and the first run was recorded. */
  ready(): boolean;
}

export interface MetricsServer {
  /** host:port actually bound (port 0 picks a free one). */
  readonly address: string;
  close(): Promise<void>;
}

/** `HOST:PORT`, `[V6]:PORT` or `:PORT` (all interfaces). */
export function parseAddr(value: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65_535) {
    throw new UserError(error('cli.usage', `--metrics-addr: "${value}" is not HOST:PORT`, { detail: 'For example 127.0.0.1:9464, 0.0.0.0:9464 (all interfaces, in a container) or [::1]:9464.' }));
  }
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

/**
 * /metrics (Prometheus text), /healthz (200 `ok`, or 503 with a JSON reason; 200 with JSON when
 * only warnings stand), /readyz. Nothing else, and no request body is ever read.
 */
export async function startMetricsServer(addr: string, src: HttpSource): Promise<MetricsServer> {
  const { host, port } = parseAddr(addr);
  const server = createServer((req, res) => void handle(req, res, src).catch(() => send(res, 500, 'text/plain', 'internal error\n')));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(listenError(addr, e)));
    server.listen(port, host, () => resolve());
  });
  const a = server.address() as AddressInfo;
  return { address: a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`, close: () => closeServer(server) };
}

/** A busy or forbidden address is the user's to fix: say which flag, and what to do. */
function listenError(addr: string, e: NodeJS.ErrnoException): Error {
  const fix = 'Pass a free address with --metrics-addr HOST:PORT (e.g. 127.0.0.1:9465), or stop what is listening there (another daemon for this manifest?).';
  switch (e.code) {
    case 'EADDRINUSE':
      return new UserError(error('cli.refused', `--metrics-addr ${addr}: the address is already in use`, { detail: fix }));
    case 'EACCES':
      return new UserError(error('cli.refused', `--metrics-addr ${addr}: not allowed to listen there (ports below 1024 need privileges)`, { detail: fix }));
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new UserError(error('cli.refused', `--metrics-addr ${addr}: no such local address on this machine`, { detail: 'Use 127.0.0.1, 0.0.0.0 (all interfaces) or an address of this machine.' }));
    default:
      return e;
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, src: HttpSource): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
  const path = (req.url ?? '/').split('?')[0];
  switch (path) {
    case '/metrics':
      return send(res, 200, src.registry.contentType, await src.registry.metrics());
    case '/healthz': {
      const h = src.health();
      if (!h.healthy) return send(res, 503, 'application/json', `${JSON.stringify({ status: 'unhealthy', reasons: h.reasons, warnings: h.warnings })}\n`);
      if (h.warnings.length > 0) return send(res, 200, 'application/json', `${JSON.stringify({ status: 'ok', warnings: h.warnings })}\n`);
      return send(res, 200, 'text/plain', 'ok');
    }
    case '/readyz':
      return src.ready() ? send(res, 200, 'text/plain', 'ready') : send(res, 503, 'text/plain', 'not ready: no run has finished yet\n');
    default:
      return send(res, 404, 'text/plain', 'not found\n');
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Scrapers keep connections alive; a shutdown must not wait for their idle timeout.
    server.closeIdleConnections();
  });
}
