import type { CliIO } from '../../src/cli/io.js';
import { materialCommand } from '../../src/cli/commands/material.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `reconcile material ...` in-process with a capturing CliIO. */
export async function material(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env, isTTY: false };
  const code = await materialCommand(argv, io);
  return { code, stdout, stderr };
}
