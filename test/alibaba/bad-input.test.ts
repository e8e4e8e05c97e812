/**
 * Alibaba-specific bad input is refused at validate (and plan) with file:line:column, exit 1,
 * and no request reaches the sandbox: SM2PKE outside mainland China or on a SOFTWARE key,
 * RSAES_OAEP_SHA_1 in a KMS instance, reserved alias prefixes, `bucketKey: false` on OSS.
 * RSAES_PKCS1_V1_5 is accepted with a warning.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempDir, write, type CliResult } from '../e2e/cli.js';
import { startAliEnv, type AliEnv } from './env.js';

let env: AliEnv;
const dir = tempDir('byok-ali-bad-');
beforeAll(async () => {
  env = await startAliEnv();
  writeFileSync(join(dir, 'm.bin'), randomBytes(32), { mode: 0o600 });
});
afterAll(async () => env?.close());

function run(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ALIBABA_CLOUD_ACCESS_KEY_ID: 'test', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'test' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const manifest = (o: { region?: string; extra?: string; wrapping?: string; aliases?: string; buckets?: string }) => `version: 1
name: ali-bad
providers:
  hz:
    type: alibaba
    region: ${o.region ?? 'cn-hangzhou'}
    endpoint: ${env.sandbox.url}${o.extra ?? ''}
keys:
  app:
    provider: hz
    material: { file: m.bin }
    wrapping: ${o.wrapping ?? '{ algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }'}
    aliases: ${o.aliases ?? '[alias/app]'}
${o.buckets ?? ''}`;

const cases: [string, Parameters<typeof manifest>[0], RegExp][] = [
  ['SM2PKE outside mainland China', { region: 'ap-southeast-1', wrapping: '{ algorithm: SM2PKE, keySpec: SM2 }' }, /keys\.yaml:12:5: error\[wrapping\.incompatible\]: Alibaba Cloud KMS does not accept SM2PKE .*Chinese mainland/],
  ['SM2PKE on a SOFTWARE key', { wrapping: '{ algorithm: SM2PKE, keySpec: SM2 }' }, /keys\.yaml:12:5: error\[wrapping\.incompatible\]: SM2PKE is only for HSM-protected keys/],
  ['OAEP_SHA_1 in a KMS instance', { extra: '\n    instanceId: kst-hzz-1', wrapping: '{ algorithm: RSAES_OAEP_SHA_1, keySpec: RSA_2048 }' }, /keys\.yaml:13:5: error\[wrapping\.incompatible\]: keys in a KMS instance .* RSAES_OAEP_SHA_1/],
  ['reserved alias prefix', { aliases: '[alias/acs-app]' }, /keys\.yaml:13:15: error\[manifest\.alias-name\]: alias `alias\/acs-app` must not start with `alias\/acs`/],
  ['bucketKey false on OSS', { buckets: 'buckets:\n  bk-one: { key: app, bucketKey: false }\n' }, /keys\.yaml:15:\d+: error\[manifest\.schema\]: bucket `bk-one` is on OSS/],
];

describe('bad Alibaba manifests', () => {
  it.each(cases)('%s: refused at validate and plan with file:line:column, and no request is sent', async (_name, o, pattern) => {
    write(dir, 'keys.yaml', manifest(o));
    env.sandbox.resetStats();
    const v = await run(['validate']);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(pattern);
    expect(v.stderr).not.toMatch(/\n\s+at /);
    const p = await run(['--plan']);
    expect(p.code).toBe(1);
    expect(env.sandbox.stats().totals.calls).toBe(0);
  }, 30_000);

  it('accepts RSAES_PKCS1_V1_5 with a warning that names the better choice', async () => {
    write(dir, 'keys.yaml', manifest({ wrapping: '{ algorithm: RSAES_PKCS1_V1_5, keySpec: RSA_2048 }' }));
    const v = await run(['validate']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr + v.stdout).toMatch(/warning\[wrapping\.incompatible\].*RSAES_PKCS1_V1_5.*NIST/s);
  }, 30_000);
});
