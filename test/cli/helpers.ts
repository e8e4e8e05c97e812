import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs `reconcile ARGV` in-process, as bin/reconcile.js does, with captured output. */
export async function reconcile(argv: string[], cwd = mkdtempSync(join(tmpdir(), 'byok-cli-')), env: NodeJS.ProcessEnv = {}, tty = false): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd, env: { NO_COLOR: '1', ...env }, isTTY: tty, errIsTTY: tty };
  const code = await main(argv, io);
  return { code, out, err };
}
