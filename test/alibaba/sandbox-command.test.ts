/** `reconcile sandbox --cloud alibaba`: serves the manifest's local state file over Alibaba's wire, persists, restarts. */
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSandbox, sandboxCommand } from '../../src/cli/commands/sandbox.js';
import type { CliIO } from '../../src/cli/io.js';
import { ossClient, popClient } from './clients.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ali-sandbox-cmd-'));
  writeFileSync(join(dir, 'keys.yaml'), 'version: 1\nname: demo\nproviders:\n  lab:\n    type: local\n    state: state/lab.json\ndefaults:\n  provider: lab\nkeys: {}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function captureIO(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), cwd: dir, env: {}, isTTY: false };
}

async function serve() {
  const io = captureIO();
  const signals = new EventEmitter();
  const done = runSandbox(['--cloud', 'alibaba', '-f', 'keys.yaml', '--port', '0'], io, signals);
  for (let i = 0; i < 300 && !io.out.join('').includes('listening'); i++) await new Promise((r) => setTimeout(r, 10));
  const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(io.out.join(''))?.[1]);
  if (!port) throw new Error(`sandbox did not start: ${io.err.join('')}`);
  return { io, port, stop: async () => (signals.emit('SIGTERM'), done) };
}

it('serves KMS and OSS on one port, saves to the state file on exit and serves it again', async () => {
  const first = await serve();
  expect(first.io.out.join('')).toContain('KMS 2016-01-20 + OSS, region cn-hangzhou');
  const keyId = (await popClient(first.port).call('CreateKey', { Origin: 'EXTERNAL' })).KeyMetadata.KeyId as string;
  await ossClient(first.port).putBucket('persisted-bucket');
  expect(await first.stop()).toBe(0);
  const state = readFileSync(join(dir, 'state', 'lab.json'), 'utf8');
  expect(state).toContain(keyId);
  expect(state).toContain('persisted-bucket');
  expect(JSON.parse(state).region).toBe('cn-hangzhou');

  const second = await serve();
  expect((await popClient(second.port).call('DescribeKey', { KeyId: keyId })).KeyMetadata.KeyState).toBe('PendingImport');
  expect(await second.stop()).toBe(0);
});

it('refuses an unknown cloud with a usage error', async () => {
  const io = captureIO();
  expect(await sandboxCommand(['--cloud', 'azure', '-f', 'keys.yaml'], io)).toBe(1);
  expect(io.err.join('')).toMatch(/--cloud: "azure" is not one of aws, alibaba/);
});
