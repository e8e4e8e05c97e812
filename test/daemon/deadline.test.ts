import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { write } from '../e2e/cli.js';
import { appliedDir, eventually, get, startDaemon, stopAll, type DaemonProcess } from './support/process.js';

/**
 * A run that hangs must not leave the daemon looking healthy, nor unkillable: the run gets a
 * deadline (a run past it is failed and /healthz turns 503), and SIGTERM ends the process within
 * the stop timeout even while the hung read goes on; nothing the daemon started outlives it.
 * The material command hangs only once `hang` exists, so the daemon starts normally first.
 */
const MANIFEST = `version: 1
name: deadline-e2e
keys:
  k:
    material: { command: [sh, -c, "test -f hang && { echo $$ > hung.pid; exec sleep 1000; }; base64 < m.bin"], timeout: 10m }
    wrapping: { algorithm: RSAES_OAEP_SHA_1, keySpec: RSA_2048 }
`;

describe('reconcile daemon: run deadline and bounded stop', () => {
  let dir: string;
  const running: DaemonProcess[] = [];

  beforeEach(() => {
    dir = appliedDir('byok-deadline-', MANIFEST);
  });
  afterEach(() => stopAll(running, dir));

  it('fails a run past its deadline, turns unhealthy, and stops on SIGTERM within the stop timeout', async () => {
    const d = startDaemon(['--metrics-addr', '127.0.0.1:0', '--schedule', '* * * * * *', '--jitter', '0', '--run-timeout', '2', '--stop-timeout', '1'], dir);
    running.push(d);
    const addr = await d.address();
    await d.waitForLog((l) => l.trigger === 'start' && l.result === 'success');
    write(dir, 'hang', '');
    const failed = await d.waitForLog((l) => l.code === 'daemon.run-timeout', 20_000);
    expect(failed).toMatchObject({ result: 'failure' });
    expect(String(failed.msg)).toContain('did not finish within its deadline (2 s');
    const health = await get(`http://${addr}/healthz`);
    expect(health.status).toBe(503);
    expect(health.body).toContain('passed its deadline');
    expect((await get(`http://${addr}/metrics`)).body).toMatch(/byok_healthy 0/);
    await d.waitForLog((l) => l.result === 'skipped' && /stuck/.test(String(l.msg)));

    const pid = Number(readFileSync(join(dir, 'hung.pid'), 'utf8'));
    const stopAt = Date.now();
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(1);
    expect(Date.now() - stopAt).toBeLessThan(5_000);
    await eventually(async () => {
      try {
        process.kill(pid, 0);
        return readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z') ? true : undefined;
      } catch {
        return true;
      }
    }, 3_000);
    expect(existsSync(join(dir, 'hang'))).toBe(true);
  }, 60_000);

  it('a busy --metrics-addr is a user error with a hint, not an internal one', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const d = startDaemon(['--metrics-addr', `127.0.0.1:${port}`, '--jitter', '0'], dir);
      running.push(d);
      expect(await d.exited).toBe(1);
      const text = d.logs.map((l) => String(l.msg)).join('\n');
      expect(text).toContain(`error[cli.refused]: --metrics-addr 127.0.0.1:${port}: the address is already in use`);
      expect(text).toContain('--metrics-addr HOST:PORT');
      expect(text).not.toContain('internal');
    } finally {
      server.close();
    }
  }, 30_000);
});
