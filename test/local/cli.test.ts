import { describe, expect, it, beforeEach } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCommand } from '../../src/cli/commands/local.js';
import type { CliIO } from '../../src/cli/io.js';
import { openLocalStore } from '../../src/sim/store.js';
import { DAY, importInto, sharedWrappingKeys } from './helpers.js';

let cwd: string;
const realClock = { now: () => new Date() };

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'byok-cli-'));
  writeFileSync(join(cwd, 'keys.yaml'), 'version: 1\nname: demo\nproviders:\n  sandbox: { type: local, state: .sim/state.json }\n');
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd, env: {}, isTTY: false };
  const code = await localCommand(argv, io);
  return { code, out, err };
}

/** A key with material valid for 10 days, set as the default key of bucket `data`. */
async function seed(): Promise<{ keyId: string; arn: string }> {
  const sim = openLocalStore(join(cwd, '.sim/state.json'), realClock, { wrappingKeys: sharedWrappingKeys }).sim;
  const keyId = sim.createKey({ Origin: 'EXTERNAL', Tags: [{ TagKey: 'byok:manifest', TagValue: 'demo' }] }).KeyMetadata.KeyId;
  await importInto(sim, keyId, Buffer.alloc(32, 5), { validTo: new Date(Date.now() + 10 * DAY) });
  sim.createAlias({ AliasName: 'alias/demo', TargetKeyId: keyId });
  sim.createBucket({ Bucket: 'data' });
  sim.putBucketEncryption({ Bucket: 'data', SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyId });
  return { keyId, arn: sim.describeKey({ KeyId: keyId }).KeyMetadata.Arn };
}

function expectOneLineError(r: { code: number; out: string; err: string }, pattern: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.err).toMatch(pattern);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.err.trimEnd().split('\n')).toHaveLength(1);
}

describe('reconcile local', () => {
  it('create-bucket uses the manifest local instance state file; a second time fails like S3', async () => {
    expect(await run('create-bucket', 'photos')).toEqual({ code: 0, out: 'created bucket photos\n', err: '' });
    expect(JSON.parse(readFileSync(join(cwd, '.sim/state.json'), 'utf8')).buckets[0].name).toBe('photos');
    const again = await run('create-bucket', 'photos');
    expectOneLineError(again, /^BucketAlreadyOwnedByYou: .+\n$/);
  });

  it('put-object refuses a bucket without a default KMS key', async () => {
    await run('create-bucket', 'plain');
    writeFileSync(join(cwd, 'f.txt'), 'x');
    expectOneLineError(await run('put-object', 'plain', 'f', 'f.txt'), /bucket plain has no default KMS key/);
  });

  it('put-object encrypts under the bucket default key; get-object prints it, and fails like S3 once the key is disabled', async () => {
    const { keyId, arn } = await seed();
    writeFileSync(join(cwd, 'hello.txt'), 'hello world');
    const put = await run('put-object', 'data', 'docs/hello.txt', 'hello.txt');
    expect(put).toMatchObject({ code: 0, out: `put s3://data/docs/hello.txt (11 bytes) under ${arn}\n` });
    expect(await run('get-object', 'data', 'docs/hello.txt')).toEqual({ code: 0, out: 'hello world', err: '' });
    expect((await run('get-object', 'data', 'docs/hello.txt', '--out', 'copy.bin')).code).toBe(0);
    expect(readFileSync(join(cwd, 'copy.bin'), 'utf8')).toBe('hello world');

    openLocalStore(join(cwd, '.sim/state.json'), realClock).sim.disableKey({ KeyId: keyId });
    expectOneLineError(await run('get-object', 'data', 'docs/hello.txt'), new RegExp(`^KMS\\.DisabledException: ${arn} is disabled\\.\\n$`));
    expectOneLineError(await run('put-object', 'data', 'other', 'hello.txt'), /^KMS\.DisabledException: /);
  });

  it('--at is simulated time: past ValidTo the object is unreadable (read-only, so nothing is saved)', async () => {
    await seed();
    writeFileSync(join(cwd, 'a.txt'), 'A');
    await run('put-object', 'data', 'a', 'a.txt');
    expectOneLineError(await run('get-object', 'data', 'a', '--at', '+11d'), /^KMS\.KMSInvalidStateException: .+ is pending import\.\n$/);
    const shown = JSON.parse((await run('show', '--at', '+11d')).out);
    expect(shown.keys[0]).toMatchObject({ keyState: 'PendingImport', validTo: null });
    expect((await run('get-object', 'data', 'a')).out).toBe('A');
  });

  it('show prints keys with state, ValidTo, aliases and tags, and buckets with their objects and keys', async () => {
    const { keyId } = await seed();
    writeFileSync(join(cwd, 'a.txt'), 'A');
    await run('put-object', 'data', 'a', 'a.txt');
    const r = await run('show');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.keys).toEqual([
      expect.objectContaining({ keyId, keyState: 'Enabled', validTo: expect.any(String), aliases: ['alias/demo'], tags: { 'byok:manifest': 'demo' } }),
    ]);
    expect(doc.buckets).toEqual([expect.objectContaining({ name: 'data', kmsKeyId: keyId, objects: [expect.objectContaining({ key: 'a', kmsKeyId: keyId })] })]);
  });

  it('--provider picks another local instance; -f picks another manifest', async () => {
    writeFileSync(join(cwd, 'keys.yaml'), 'providers:\n  one: { type: local, state: one.json }\n  two: { type: local, state: two.json }\n');
    await run('create-bucket', 'in-two', '--provider', 'two');
    expect(JSON.parse(readFileSync(join(cwd, 'two.json'), 'utf8')).buckets).toHaveLength(1);
    expect(JSON.parse((await run('show')).out).buckets).toEqual([]);
    writeFileSync(join(cwd, 'other.yaml'), 'providers:\n  x: { type: local, state: x.json }\n');
    await run('create-bucket', 'in-x', '-f', 'other.yaml');
    expect(JSON.parse(readFileSync(join(cwd, 'x.json'), 'utf8')).buckets[0].name).toBe('in-x');
  });

  it.each([
    [[], /a command is required/],
    [['explode'], /unknown command "explode"/],
    [['create-bucket'], /expected 1 argument/],
    [['show', '--bogus'], /error\[cli\.usage\]/],
    [['show', '--at', 'tomorrow'], /--at: cannot read "tomorrow"/],
    [['show', '-f', 'missing.yaml'], /missing\.yaml does not exist/],
    [['show', '--provider', 'nope'], /no local provider instance named "nope"/],
  ])('refuses %j with one clear error', async (argv, pattern) => {
    expectOneLineError(await run(...argv), pattern);
  });

  it('--help prints usage', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('put-object BUCKET KEY FILE');
  });
});
