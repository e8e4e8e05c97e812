/** `reconcile sandbox`: serves the manifest's local state file, persists mutations, stops on a signal. */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { runSandbox, sandboxCommand } from '../../src/cli/commands/sandbox.js';
import type { CliIO } from '../../src/cli/io.js';
import { clientConfig } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sandbox-cmd-'));
  writeFileSync(join(dir, 'keys.yaml'), 'version: 1\nname: demo\nproviders:\n  lab:\n    type: local\n    state: state/lab.json\ndefaults:\n  provider: lab\nkeys: {}\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function captureIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd: dir, env: {}, isTTY: false };
}

async function serve(args: string[] = []) {
  const io = captureIO();
  const signals = new EventEmitter();
  const done = runSandbox(['-f', 'keys.yaml', '--port', '0', '--quotas', 'none', ...args], io, signals);
  for (let i = 0; i < 200 && !io.out.join('').includes('listening'); i++) await new Promise((r) => setTimeout(r, 10));
  const url = /sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.out.join(''))?.[1];
  if (!url) throw new Error(`sandbox did not start: ${io.err.join('')}`);
  return { io, url, stop: async () => (signals.emit('SIGTERM'), done) };
}

const statePath = () => join(dir, 'state', 'lab.json');
const stateText = () => (existsSync(statePath()) ? readFileSync(statePath(), 'utf8') : '');

it('serves the state file, persists mutations, flushes on SIGTERM and serves them again', async () => {
  const first = await serve();
  expect(first.io.out.join('')).toContain('AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test');
  expect(first.io.out.join('')).toContain(statePath());
  const kms = new KMSClient(clientConfig(first.url));
  const s3 = new S3Client({ ...clientConfig(first.url), forcePathStyle: true });
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
  const keyId = KeyMetadata!.KeyId!;
  // Debounced: written shortly after, not necessarily at once.
  for (let i = 0; i < 100 && !stateText().includes(keyId); i++) await new Promise((r) => setTimeout(r, 20));
  expect(stateText()).toContain(keyId);
  await s3.send(new CreateBucketCommand({ Bucket: 'flushed-on-exit' }));
  kms.destroy();
  s3.destroy();
  expect(await first.stop()).toBe(0);
  expect(stateText()).toContain('flushed-on-exit');
  expect(first.io.out.join('')).toMatch(/sandbox stopped after 2 requests/);

  const second = await serve();
  const again = new KMSClient(clientConfig(second.url));
  expect((await again.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.KeyState).toBe('PendingImport');
  again.destroy();
  expect(await second.stop()).toBe(0);
});

it('runs at the simulated time given with --at', async () => {
  const s = await serve(['--at', '2030-06-01T00:00:00Z']);
  const kms = new KMSClient(clientConfig(s.url));
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL' }));
  kms.destroy();
  expect(Math.abs(KeyMetadata!.CreationDate!.getTime() - Date.parse('2030-06-01T00:00:00Z'))).toBeLessThan(60_000);
  await s.stop();
});

it('refuses bad flags with a usage diagnostic and exit code 1', async () => {
  for (const args of [['--port', 'abc'], ['--quotas', 'fast'], ['--faults', '2'], ['--bogus']]) {
    const io = captureIO();
    expect(await sandboxCommand(args, io)).toBe(1);
    expect(io.err.join('')).toContain('error[cli.usage]');
  }
  const io = captureIO();
  expect(await sandboxCommand(['-f', 'missing.yaml'], io)).toBe(1);
  expect(io.err.join('')).toContain('does not exist');
});
