import { spawn } from 'node:child_process';
import type { MaterialSource } from '../core/types.js';
import { decodeOrThrow } from './encoded.js';
import { materialError } from './errors.js';
import { zeroize } from './zeroize.js';

type CommandSource = Extract<MaterialSource, { type: 'command' }>;

/** Base64 of the largest PKCS#8 key is about 3.2 KB; more output than this is not material. */
export const MAX_COMMAND_STDOUT = 64 * 1024;
const STDERR_KEEP = 4 * 1024;
const STDERR_SHOWN = 200;

const BASE64_FIX = 'The command must print the material base64-encoded on stdout (e.g. `vault kv get -field=key ...` of a base64 value).';

/**
 * Runs the argv directly (no shell: nothing in it is interpreted), stdin closed, in `cwd`.
 * Killed (SIGKILL) at the timeout. Its stdout is the secret: collected chunk by chunk, decoded,
 * and every chunk zeroed; it is never shown. Its stderr may be shown (last line, truncated).
 */
export async function readCommandSource(source: CommandSource, cwd: string, env: NodeJS.ProcessEnv): Promise<Buffer> {
  const [file, ...args] = source.argv;
  if (file === undefined || file === '') throw materialError('material.command-failed', source, 'has an empty argv', 'Give the command as an array: [program, arg, ...].');
  const chunks: Buffer[] = [];
  try {
    const outcome = await run(file, args, cwd, env, source.timeoutMs, chunks);
    const seconds = `${Math.round(source.timeoutMs / 100) / 10}s`;
    const stderr = lastLine(outcome.stderr);
    const said = stderr ? ` It said on stderr: ${stderr}` : ' It wrote nothing on stderr.';
    switch (outcome.kind) {
      case 'spawn-error':
        throw materialError('material.command-failed', source, `could not be started (${outcome.code})`, `Check that ${file} is installed and on PATH; argv is run without a shell.`);
      case 'timeout':
        throw materialError('material.command-failed', source, `did not finish within ${seconds} and was killed`, `Make sure it does not wait for input (stdin is closed) or for a login prompt.${said}`);
      case 'too-much':
        throw materialError('material.malformed', source, `printed more than ${MAX_COMMAND_STDOUT} bytes on stdout and was killed`, BASE64_FIX);
      case 'exit':
        if (outcome.code !== 0) {
          const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
          throw materialError('material.command-failed', source, how, `Run it by hand to see why (its stdout is never shown here).${said}`);
        }
    }
    const collected = Buffer.concat(chunks);
    return decodeOrThrow(collected, 'base64', source, BASE64_FIX);
  } finally {
    zeroize(...chunks);
  }
}

type Outcome =
  | { kind: 'exit'; code: number | null; signal: NodeJS.Signals | null; stderr: Buffer }
  | { kind: 'timeout'; stderr: Buffer }
  | { kind: 'too-much'; stderr: Buffer }
  | { kind: 'spawn-error'; code: string; stderr: Buffer };

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, chunks: Buffer[]): Promise<Outcome> {
  return new Promise((resolvePromise) => {
    const child = spawn(file, args, { cwd, env, shell: false, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stderr = Buffer.alloc(0);
    let stdoutBytes = 0;
    let stopped: 'timeout' | 'too-much' | null = null;
    const stop = (why: 'timeout' | 'too-much') => {
      if (stopped === null) stopped = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
      stdoutBytes += c.length;
      if (stdoutBytes > MAX_COMMAND_STDOUT) stop('too-much');
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr = Buffer.concat([stderr, c]);
      if (stderr.length > STDERR_KEEP) stderr = stderr.subarray(stderr.length - STDERR_KEEP);
    });
    let settled = false;
    const settle = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(o);
    };
    child.on('error', (e: NodeJS.ErrnoException) => settle({ kind: 'spawn-error', code: e.code ?? e.message, stderr }));
    child.on('close', (code, signal) => settle(stopped ? { kind: stopped, stderr } : { kind: 'exit', code, signal, stderr }));
  });
}

/** Last non-empty stderr line, printable ASCII only, truncated: enough to diagnose, bounded. */
function lastLine(stderr: Buffer): string {
  const lines = stderr.toString('utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const last = (lines[lines.length - 1] ?? '').replace(/[^\x20-\x7e]/g, '?');
  return last.length > STDERR_SHOWN ? `${last.slice(0, STDERR_SHOWN)}...` : last;
}
