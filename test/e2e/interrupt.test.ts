import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { BIN, cli, tempDir, write } from './cli.js';

/**
 * Ctrl-C during `reconcile --apply`: no new action starts, the ones in flight finish, the run says
 * what was done and what remains, releases the lock and exits 130; the next apply finishes the job.
 */
it('SIGINT stops starting actions, reports, releases the lock, exits 130', async () => {
  const dir = tempDir('byok-sigint-');
  writeFileSync(join(dir, 'm.bin'), Buffer.alloc(32, 3), { mode: 0o600 });
  const keys = Array.from({ length: 60 }, (_, i) => `  k${i}:\n    material: { file: m.bin }\n    aliases: [alias/k${i}]\n`).join('');
  write(dir, 'keys.yaml', `version: 1\nname: sigint\ndefaults:\n  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\nkeys:\n${keys}`);

  const child = spawn(process.execPath, [BIN, '--apply', '--auto-approve', '--log-format', 'json'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  let signalled = false;
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
    // Interrupt once some work is done: the first applied import.
    if (!signalled && /"result":"applied"[^\n]*import-material/.test(stderr)) {
      signalled = true;
      child.kill('SIGINT');
    }
  });
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));

  expect(signalled).toBe(true);
  expect(code, stderr).toBe(130);
  expect(stderr).toContain('Interrupted: starting no new action');
  const summary = /Interrupted: (\d+) applied, (\d+) failed, (\d+) not started/.exec(stderr);
  expect(summary, stderr).not.toBeNull();
  const [applied, failed, notStarted] = summary!.slice(1).map(Number) as [number, number, number];
  expect(applied).toBeGreaterThan(0);
  expect(failed).toBe(0);
  expect(notStarted).toBeGreaterThan(0);
  expect(applied + notStarted).toBe(180);
  expect(stdout).toContain(`Apply complete: ${applied} applied, 0 failed, ${notStarted} skipped.`);
  expect(existsSync(join(dir, '.reconcile', 'local-state.json'))).toBe(true);
  expect(readdirSync(join(dir, '.reconcile')).filter((f) => f.endsWith('.lock'))).toEqual([]);

  // What remains is planned and applied by the next run.
  expect(cli(['--plan', '--detailed-exitcode'], dir).code).toBe(2);
  expect(cli(['--apply', '--auto-approve'], dir).code).toBe(0);
  expect(cli(['--plan', '--detailed-exitcode'], dir).code).toBe(0);
}, 120_000);
