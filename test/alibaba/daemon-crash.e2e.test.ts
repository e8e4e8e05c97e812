/**
 * The alibaba provider through the CLI against an Alibaba-wire sandbox in this process:
 * - kill -9 of `reconcile --apply` at several points, then re-runs converge: one usable key per
 *   manifest key with its alias, extras only material-less keys scheduled for deletion, empty plan;
 * - `reconcile daemon` renews an Alibaba key inside its window and exports its expiry metric.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, cliAsync, tempDir, write, type CliResult } from '../e2e/cli.js';
import { get, startDaemon } from '../daemon/support/process.js';
import { startAliEnv, type AliEnv } from './env.js';

const DAY_S = 86_400;
let env: AliEnv;

/** The CLI as a child process without blocking this process's event loop (the sandbox runs here). */
function run(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  Object.assign(process.env, ENV);
  env = await startAliEnv({}, 'cn-hangzhou');
});
afterAll(async () => env?.close());

const ENV = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'test', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'test' };
const provider = () => `providers:\n  hz: { type: alibaba, region: cn-hangzhou, endpoint: "${env.sandbox.url}" }\ndefaults:\n  provider: hz\n  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }\n`;

function keysOf(manifest: string) {
  const all = env.sim.listKeys({ Limit: 1000 }).Keys.map((k) => {
    const md = env.sim.describeKey({ KeyId: k.KeyId }).KeyMetadata;
    const tags = Object.fromEntries(env.sim.listResourceTags({ KeyId: k.KeyId }).Tags.map((t) => [t.TagKey, t.TagValue]));
    return { keyId: k.KeyId, state: md.KeyState, tags };
  });
  return all.filter((k) => k.tags['byok:manifest'] === manifest);
}

describe('alibaba through the CLI', () => {
  it('converges after apply is killed at several points: no duplicate usable key', async () => {
    const dir = tempDir('byok-ali-crash-');
    const keys: string[] = [];
    for (let i = 0; i < 4; i++) {
      writeFileSync(join(dir, `m${i}.bin`), randomBytes(32), { mode: 0o600 });
      keys.push(`  k${i}:\n    material: { file: m${i}.bin }\n    aliases: [alias/crash-k${i}]\n`);
    }
    write(dir, 'keys.yaml', `version: 1\nname: ali-crash\n${provider()}keys:\n${keys.join('')}`);
    const usable: number[] = [];
    for (const killAfter of [1, 3, 6, 9]) {
      const child = cliAsync(['--apply', '--auto-approve', '--log-format', 'json'], dir);
      let seen = 0;
      child.stderr.on('data', (chunk: Buffer) => {
        seen += chunk.toString().split('\n').filter((l) => l.includes('"action"')).length;
        if (seen >= killAfter) child.kill('SIGKILL');
      });
      await new Promise((r) => child.once('exit', r));
      usable.push(keysOf('ali-crash').filter((k) => k.state === 'Enabled').length);
    }
    expect(usable.some((n) => n < 4), `enabled keys after each kill: ${usable.join(',')}`).toBe(true);
    let last = await run(['--apply', '--auto-approve'], dir);
    if (last.code !== 0) last = await run(['--apply', '--auto-approve'], dir);
    expect(last.code, last.stderr + last.stdout).toBe(0);
    expect((await run(['--plan', '--detailed-exitcode'], dir)).code).toBe(0);
    const mine = keysOf('ali-crash');
    for (let i = 0; i < 4; i++) {
      const forKey = mine.filter((k) => k.tags['byok:key'] === `k${i}`);
      const live = forKey.filter((k) => k.state !== 'PendingDeletion');
      expect(live.map((k) => k.state), `k${i}`).toEqual(['Enabled']);
      const alias = env.sim.listAliases({ KeyId: live[0]!.keyId }).Aliases.map((a) => a.AliasName);
      expect(alias).toEqual([`alias/crash-k${i}`]);
    }
  }, 120_000);

  it('the daemon renews an Alibaba key inside its window and exports its expiry', async () => {
    const dir = tempDir('byok-ali-daemon-');
    writeFileSync(join(dir, 'm.bin'), randomBytes(32), { mode: 0o600 });
    const manifest = (expiration: string) => `version: 1\nname: ali-daemon\n${provider()}keys:\n  app:\n    material: { file: m.bin }\n    expiration: ${expiration}\n`;
    write(dir, 'keys.yaml', manifest('{ validFor: 40d, renewBefore: 10d }'));
    expect((await run(['--apply', '--auto-approve'], dir)).code).toBe(0);
    write(dir, 'keys.yaml', manifest('{ validFor: 100d, renewBefore: 61d }'));
    const d = startDaemon(['--metrics-addr', '127.0.0.1:0', '--schedule', '0 0 1 1 *', '--jitter', '0'], dir, ENV);
    try {
      const addr = await d.address();
      await d.waitForLog((l) => l.trigger === 'start' && l.result === 'success', 60_000);
      const metrics = (await get(`http://${addr}/metrics`)).body;
      const left = Number(/byok_material_expiry_seconds\{manifest="ali-daemon",key="app",provider="hz",generation="1"\} (-?\d+)/.exec(metrics)?.[1]);
      expect(left).toBeGreaterThan(99 * DAY_S);
      expect(left).toBeLessThanOrEqual(100 * DAY_S);
      expect(metrics).toMatch(/byok_actions_total\{kind="reimport-material",result="applied"\} 1/);
      expect(keysOf('ali-daemon').map((k) => k.state)).toEqual(['Enabled']);
    } finally {
      d.child.kill('SIGTERM');
      await d.exited;
    }
  }, 90_000);
});
