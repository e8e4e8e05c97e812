import { spawn } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalSimulator } from '../../src/sim/simulator.js';
import { startSandbox, type SandboxHandle } from '../../src/wire/aws/index.js';
import { BIN, tempDir, write } from './cli.js';

/** With the AWS provider and `--log-format json`, every stderr line is a JSON log record (no SDK warning text). */
let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ sim: new LocalSimulator({ clock: { now: () => new Date() }, wrappingKeyPool: 1 }), port: 0 });
});
afterAll(() => sandbox.close());

function run(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((done) => child.on('exit', (code) => done({ code, stderr })));
}

it('apply against an AWS endpoint logs JSON lines only', async () => {
  const dir = tempDir('byok-aws-json-');
  write(dir, 'm.b64', Buffer.alloc(32, 4).toString('base64'));
  write(dir, 'keys.yaml', `version: 1
name: aws-json
providers:
  cloud: { type: aws, region: us-east-1, endpoint: ${sandbox.url} }
defaults:
  provider: cloud
  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }
keys:
  app:
    material: { file: m.b64, encoding: base64 }
`);
  (await import('node:fs')).chmodSync(`${dir}/m.b64`, 0o600);
  const r = await run(['--apply', '--auto-approve', '--log-format', 'json'], dir);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).not.toContain('NodeVersionSupportWarning');
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
});
