import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const BIN = join(REPO, 'bin', 'reconcile.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would (node bin/reconcile.js), stdin closed, no TTY. */
export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI and returns the child, for kill -9 tests. */
export function cliAsync(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(prefix = 'byok-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function write(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

export interface ShowOutput {
  keys: { keyId: string; keyState: string; validTo: string | null; aliases: string[]; tags: Record<string, string> }[];
  buckets: { name: string; kmsKeyId: string | null; objects: { key: string; kmsKeyId: string }[] }[];
}

export function show(cwd: string, extra: string[] = []): ShowOutput {
  const r = cli(['local', 'show', ...extra], cwd);
  if (r.code !== 0) throw new Error(`local show failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ShowOutput;
}

/** The key id at the end of an ARN or a bare id. */
export function keyIdOf(idOrArn: string | null): string | null {
  return idOrArn ? idOrArn.slice(idOrArn.lastIndexOf('/') + 1) : null;
}
