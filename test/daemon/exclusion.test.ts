import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, cli, tempDir, write } from '../e2e/cli.js';
import { startDaemon, type DaemonProcess } from './support/process.js';

const PROBE = resolve(import.meta.dirname, 'support/probe.mjs');

function apply(args: string[], cwd: string): Promise<{ code: number | null; pid: number; stderr: string }> {
  const child = spawn(process.execPath, [BIN, '--apply', '--auto-approve', ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((done) => child.on('exit', (code) => done({ code, pid: child.pid!, stderr })));
}

const running: DaemonProcess[] = [];
const dir = tempDir('byok-daemon-excl-');
afterAll(async () => {
  for (const d of running) if (d.child.exitCode === null) d.child.kill('SIGKILL');
  await Promise.all(running.map((d) => d.exited));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Two daemon replicas on a one-second schedule and a pipeline's `reconcile --apply`, one manifest:
 * the material command (probe.mjs) checks, from inside each run, that the apply lock names its
 * own process at start and 300 ms later; the recorded intervals of different processes never overlap.
 */
it('two daemons and a CLI apply never hold the apply lock at the same time', async () => {
  expect(cli(['material', 'generate', '--out', 'm.bin'], dir).code).toBe(0);
  const trace = join(dir, 'trace.jsonl');
  const lock = join(dir, '.reconcile', 'daemon-excl.apply.lock');
  write(dir, 'keys.yaml', `version: 1
name: daemon-excl
keys:
  k:
    material: { command: [${process.execPath}, ${PROBE}, ${lock}, ${join(dir, 'm.bin')}, ${trace}] }
    wrapping: { algorithm: RSAES_OAEP_SHA_1, keySpec: RSA_2048 }
    expiration: { validFor: 90d, renewBefore: 10d }
`);
  const first = await apply([], dir);
  expect(first.code, first.stderr).toBe(0);

  const args = ['--metrics-addr', '127.0.0.1:0', '--schedule', '* * * * * *', '--jitter', '0'];
  const a = startDaemon(args, dir);
  const b = startDaemon(args, dir);
  running.push(a, b);
  await Promise.all([a.address(), b.address()]);

  // The pipeline renews at successive simulated times, retrying while a daemon holds the lock.
  const cliPids: number[] = [];
  let refused = 0;
  for (const at of ['+81d', '+162d', '+243d']) {
    for (let attempt = 0; ; attempt++) {
      expect(attempt).toBeLessThan(40);
      const r = await apply(['--at', at], dir);
      if (r.code === 0) {
        cliPids.push(r.pid);
        break;
      }
      expect(r.stderr).toMatch(/lock\.held/);
      refused++;
    }
  }
  await Promise.all([a, b].map((d) => d.waitForLog((l) => l.trigger === 'scheduled' && l.result === 'success')));
  a.child.kill('SIGTERM');
  b.child.kill('SIGTERM');
  expect(await a.exited).toBe(0);
  expect(await b.exited).toBe(0);
  expect(existsSync(lock)).toBe(false);

  const runs = readFileSync(trace, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { pid: number; start: number; end: number; still: boolean });
  expect(runs.filter((r) => !r.still), 'a process lost the lock in the middle of its run').toEqual([]);
  const sorted = [...runs].sort((x, y) => x.start - y.start);
  for (let i = 1; i < sorted.length; i++) {
    const [p, q] = [sorted[i - 1]!, sorted[i]!];
    if (p.pid !== q.pid) expect(q.start, `${p.pid} and ${q.pid} overlap`).toBeGreaterThanOrEqual(p.end);
  }
  // Everyone did work under the lock, and the losers saw it held.
  const holders = new Set(runs.map((r) => r.pid));
  for (const pid of cliPids) expect(holders.has(pid), `pid ${pid} never ran under the lock`).toBe(true);
  // A daemon reads its material under the lock only when it wins an election while it has work;
  // on a loaded machine one replica may lose every election, so require at least one of them
  // (both logged a successful scheduled run above).
  expect([a, b].some((d) => holders.has(d.child.pid!)), 'no daemon ran under the lock').toBe(true);
  const skips = [...a.logs, ...b.logs].filter((l) => l.result === 'skipped');
  expect(skips.length).toBeGreaterThan(0);
  expect(skips.some((l) => /holds the lock/.test(String(l.msg)))).toBe(true);
  console.info(JSON.stringify({ lockedRuns: runs.length, cliRefusedWhileDaemonHeldLock: refused, daemonSkips: skips.length }));
}, 90_000);
