import { spawn } from 'node:child_process';
import type { MaterialSource } from '../core/types.js';
import { decodeOrThrow } from './encoded.js';
import { materialError } from './errors.js';
import { zeroize } from './zeroize.js';

type CommandSource = Extract<MaterialSource, { type: 'command' }>;

/** Base64 of the largest PKCS#8 key is about 3.2 KB; more output than this is not material. */
export const MAX_COMMAND_STDOUT = 64 * 1024;

const BASE64_FIX = 'The command must print the material base64-encoded on stdout (e.g. `vault kv get -field=key ...` of a base64 value).';

/**
 * Runs the argv directly (no shell: nothing in it is interpreted), stdin closed, in `cwd`, as the
 * leader of its own process group so that the timeout kills grandchildren too (a grandchild that
 * keeps stdout open would otherwise hold the read open forever). Its stdout is the secret:
 * collected chunk by chunk, decoded, and every chunk zeroed. Neither stdout nor stderr is ever
 * shown, not even in part: a failing helper may print the material on either. Diagnostics carry
 * only the exit code, the signal and byte counts.
 */
export async function readCommandSource(source: CommandSource, cwd: string, env: NodeJS.ProcessEnv): Promise<Buffer> {
  const [file, ...args] = source.argv;
  if (file === undefined || file === '') throw materialError('material.command-failed', source, 'has an empty argv', 'Give the command as an array: [program, arg, ...].');
  const chunks: Buffer[] = [];
  try {
    const outcome = await run(file, args, cwd, env, source.timeoutMs, chunks);
    const seconds = `${Math.round(source.timeoutMs / 100) / 10}s`;
    const wrote = `It wrote ${outcome.stdoutBytes} bytes on stdout and ${outcome.stderrBytes} bytes on stderr (neither is shown: either may hold the material).`;
    const byHand = `Run it by hand in ${cwd} to see why: ${handCommand(source.argv)}`;
    switch (outcome.kind) {
      case 'spawn-error':
        throw materialError('material.command-failed', source, `could not be started (${outcome.code})`, `Check that ${file} is installed and on PATH; argv is run without a shell.`);
      case 'timeout':
        throw materialError(
          'material.command-failed',
          source,
          `did not finish within ${seconds} and was killed with its process group`,
          `Make sure it does not wait for input (stdin is closed) or for a login prompt, or raise \`timeout\`. ${wrote} ${byHand}`,
        );
      case 'too-much':
        throw materialError('material.malformed', source, `printed more than ${MAX_COMMAND_STDOUT} bytes on stdout and was killed`, BASE64_FIX);
      case 'exit':
        if (outcome.code !== 0) {
          const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with code ${outcome.code}`;
          throw materialError('material.command-failed', source, how, `${wrote} ${byHand}`);
        }
    }
    const collected = Buffer.concat(chunks);
    return decodeOrThrow(collected, 'base64', source, BASE64_FIX);
  } finally {
    zeroize(...chunks);
  }
}

/** The argv as a shell line to paste (arguments quoted); the argv is configuration, not material. */
function handCommand(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Process groups of commands still running: killed if this process exits under them. */
const running = new Set<number>();
let exitHook = false;

function track(pid: number | undefined): void {
  if (pid === undefined) return;
  running.add(pid);
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const group of running) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

type Counts = { stdoutBytes: number; stderrBytes: number };
type Outcome =
  | ({ kind: 'exit'; code: number | null; signal: NodeJS.Signals | null } & Counts)
  | ({ kind: 'timeout' } & Counts)
  | ({ kind: 'too-much' } & Counts)
  | ({ kind: 'spawn-error'; code: string } & Counts);

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, chunks: Buffer[]): Promise<Outcome> {
  return new Promise((resolvePromise) => {
    // detached: the child leads a new process group, so one kill reaches everything it started.
    const child = spawn(file, args, { cwd, env, shell: false, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, detached: true });
    const counts: Counts = { stdoutBytes: 0, stderrBytes: 0 };
    track(child.pid);
    let stopped: 'timeout' | 'too-much' | null = null;
    let settled = false;
    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const settle = (o: Outcome) => {
      if (settled) return;
      settled = true;
      if (child.pid !== undefined) running.delete(child.pid);
      clearTimeout(timer);
      clearTimeout(grace);
      // Whatever the outcome, nothing the command started outlives the read.
      if (o.kind !== 'exit' || o.code !== 0) killGroup();
      child.stdout.destroy();
      child.stderr.destroy();
      resolvePromise(o);
    };
    let grace: NodeJS.Timeout | undefined;
    const stop = (why: 'timeout' | 'too-much') => {
      if (stopped === null) stopped = why;
      killGroup();
      // A process outside the group (setsid) could still hold the pipes open: do not wait for it.
      grace ??= setTimeout(() => settle({ kind: why, ...counts }), 1000);
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c);
      counts.stdoutBytes += c.length;
      if (counts.stdoutBytes > MAX_COMMAND_STDOUT) stop('too-much');
    });
    child.stderr.on('data', (c: Buffer) => {
      counts.stderrBytes += c.length;
      c.fill(0);
    });
    child.on('error', (e: NodeJS.ErrnoException) => settle({ kind: 'spawn-error', code: e.code ?? e.message, ...counts }));
    child.on('close', (code, signal) => settle(stopped ? { kind: stopped, ...counts } : { kind: 'exit', code, signal, ...counts }));
  });
}
