import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { expect } from 'vitest';
import { BIN, cli, tempDir, write } from '../../e2e/cli.js';

export type LogLine = Record<string, unknown> & { msg?: string };

/** A `reconcile daemon` child process with its JSON log lines (stderr) collected as they come. */
export interface DaemonProcess {
  child: ChildProcess;
  logs: LogLine[];
  /** Resolves with the first log line (already seen or to come) that matches. */
  waitForLog(match: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** The metrics server address the daemon logged. */
  address(): Promise<string>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

export function startDaemon(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): DaemonProcess {
  const child = spawn(process.execPath, [BIN, 'daemon', '--log-format', 'json', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let rest = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) {
      if (!p.trim()) continue;
      try {
        logs.push(JSON.parse(p) as LogLine);
      } catch {
        logs.push({ msg: p, raw: true });
      }
    }
    for (const w of waiters) w();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitForLog = (match: (l: LogLine) => boolean, timeoutMs = 20_000) =>
    new Promise<LogLine>((resolve, reject) => {
      const check = () => {
        const hit = logs.find(match);
        if (!hit) return;
        cleanup();
        resolve(hit);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching log line within ${timeoutMs} ms; got:\n${logs.map((l) => JSON.stringify(l)).join('\n')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    child,
    logs,
    waitForLog,
    exited,
    address: async () => String((await waitForLog((l) => typeof l.address === 'string')).address),
  };
}

/** Polls `probe` until it returns a value or the time is up. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function get(url: string): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

/** A fresh directory with generated material (m.bin) and `manifest` as keys.yaml, applied once. */
export function appliedDir(prefix: string, manifest: string): string {
  const dir = tempDir(prefix);
  expect(cli(['material', 'generate', '--out', 'm.bin'], dir).code).toBe(0);
  write(dir, 'keys.yaml', manifest);
  const apply = cli(['--apply', '--auto-approve'], dir);
  expect(apply.code, apply.stderr).toBe(0);
  return dir;
}

/** Kills the daemons still running (and waits for them), forgets them, and removes `dir`. */
export async function stopAll(running: DaemonProcess[], dir: string): Promise<void> {
  for (const d of running.splice(0)) {
    if (d.child.exitCode === null) d.child.kill('SIGKILL');
    await d.exited;
  }
  rmSync(dir, { recursive: true, force: true });
}
