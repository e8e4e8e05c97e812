import { describe, expect, it, beforeEach } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { transpileInto } from './fixtures/transpile.js';
import { openLocalStore, LocalStateError } from '../../src/sim/store.js';
import { checkState } from '../../src/sim/state.js';
import { wrapMaterial } from '../../src/wrapping/index.js';
import { DAY, FakeClock, importInto } from './helpers.js';
import { sharedWrappingKeys } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'byok-store-'));
});

const open = (clock = new FakeClock(), path = join(dir, 'nested', 'state.json')) => openLocalStore(path, clock, { wrappingKeys: sharedWrappingKeys });
const fileState = (path: string) => checkState(JSON.parse(readFileSync(path, 'utf8')));

describe('openLocalStore', () => {
  it('creates the directory and a valid empty file with mode 0600', () => {
    const store = open();
    expect(store.path).toBe(join(dir, 'nested', 'state.json'));
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(fileState(store.path)).toMatchObject({ version: 1, accountId: '000000000000', region: 'us-east-1', keys: [] });
  });

  it('saves after every mutating call, and another store sees everything', async () => {
    const clock = new FakeClock();
    const a = open(clock);
    const k = a.sim.createKey({ Origin: 'EXTERNAL', Tags: [{ TagKey: 'byok:manifest', TagValue: 'm' }] }).KeyMetadata.KeyId;
    expect(fileState(a.path).keys.map((x) => x.keyId)).toEqual([k]);
    await importInto(a.sim, k, Buffer.alloc(32, 7), { validTo: new Date(clock.now().getTime() + 10 * DAY) });
    a.sim.createAlias({ AliasName: 'alias/app', TargetKeyId: k });
    a.sim.createBucket({ Bucket: 'data' });
    a.sim.putBucketEncryption({ Bucket: 'data', SSEAlgorithm: 'aws:kms', KMSMasterKeyID: k });
    a.sim.putObject({ Bucket: 'data', Key: 'x', Body: Buffer.from('body') });

    const b = open(clock);
    expect(b.sim.describeKey({ KeyId: 'alias/app' }).KeyMetadata).toMatchObject({ KeyId: k, KeyState: 'Enabled' });
    expect(b.sim.getObject({ Bucket: 'data', Key: 'x' }).Body.toString()).toBe('body');
    expect(b.sim.listResourceTags({ KeyId: k }).Tags).toEqual([{ TagKey: 'byok:manifest', TagValue: 'm' }]);
    // The fingerprint persisted: different material is still refused after a reload.
    await expect(importInto(b.sim, k, Buffer.alloc(32, 8))).rejects.toMatchObject({ awsCode: 'IncorrectKeyMaterialException' });
    clock.advance(11 * DAY);
    expect(open(clock).sim.describeKey({ KeyId: k }).KeyMetadata.KeyState).toBe('PendingImport');
  });

  it('reloads before a call when another process changed the file', () => {
    const a = open();
    const b = open();
    expect(b.sim.listBuckets().Buckets).toHaveLength(0);
    a.sim.createBucket({ Bucket: 'made-by-a' });
    expect(b.sim.listBuckets().Buckets.map((x) => x.Name)).toEqual(['made-by-a']);
    b.sim.createBucket({ Bucket: 'made-by-b' });
    expect(a.sim.listBuckets().Buckets.map((x) => x.Name)).toEqual(['made-by-a', 'made-by-b']);
    expect(a.reloadIfChanged()).toBe(false);
  });

  it('import parameters survive a process change (token issued by one store, used by another)', async () => {
    const clock = new FakeClock();
    const a = open(clock);
    const k = a.sim.createKey({ Origin: 'EXTERNAL' }).KeyMetadata.KeyId;
    const p = await a.sim.getParametersForImport({ KeyId: k, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const b = open(clock);
    b.sim.importKeyMaterial({
      KeyId: k,
      ImportToken: p.ImportToken,
      EncryptedKeyMaterial: wrapMaterial(Buffer.alloc(32, 1), p.PublicKey, 'RSAES_OAEP_SHA_256').encryptedKeyMaterial,
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    });
    expect(fileState(a.path).importParameters).toHaveLength(0);
  });

  it('drops expired import parameters from the file', async () => {
    const clock = new FakeClock();
    const a = open(clock);
    const k = a.sim.createKey({ Origin: 'EXTERNAL' }).KeyMetadata.KeyId;
    await a.sim.getParametersForImport({ KeyId: k, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    expect(fileState(a.path).importParameters).toHaveLength(1);
    clock.advance(DAY);
    a.sim.createBucket({ Bucket: 'trigger-a-save' });
    expect(fileState(a.path).importParameters).toHaveLength(0);
  });

  it('does not rewrite the file for read-only calls', () => {
    const a = open();
    a.sim.createBucket({ Bucket: 'data' });
    const before = statSync(a.path, { bigint: true });
    a.sim.listBuckets();
    a.sim.listKeys({});
    expect(statSync(a.path, { bigint: true }).ino).toBe(before.ino);
  });

  it('refuses a corrupt or foreign file with one line naming it', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"version": 99}');
    expect(() => open(new FakeClock(), path)).toThrow(LocalStateError);
    expect(() => open(new FakeClock(), path)).toThrow(/bad\.json is not a valid local state file \(unsupported state version 99.*\); it was left unchanged\. To recover, restore it from a backup .* move it aside \(mv /);
    writeFileSync(path, '{"vers');
    expect(() => open(new FakeClock(), path)).toThrow(/bad\.json is not a valid local state file/);
  });
});

describe('crash safety', () => {
  it.each(['written', 'synced'] as const)('a crash after the temp file was %s leaves the previous file whole', (phase) => {
    const path = join(dir, 's.json');
    open(new FakeClock(), path).sim.createBucket({ Bucket: 'before' });
    let crash = false;
    const store = openLocalStore(path, new FakeClock(), {
      onWritePhase: (p) => {
        if (crash && p === phase) throw new Error('simulated crash');
      },
    });
    crash = true;
    expect(() => store.sim.createBucket({ Bucket: 'after' })).toThrow(LocalStateError);
    expect(fileState(path).buckets.map((b) => b.name)).toEqual(['before']);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('kill -9 of a process writing in a loop always leaves a valid state file', async () => {
    const path = join(dir, 'crash.json');
    const out = mkdtempSync(join(tmpdir(), 'byok-js-'));
    const root = fileURLToPath(new URL('../../', import.meta.url));
    transpileInto(root, ['src/core', 'src/diagnostics', 'src/wrapping', 'src/material', 'src/providers/local', 'src/sim', 'test/local/fixtures'], out);
    const writer = join(out, 'test/local/fixtures/store-writer.js');
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, [writer, path], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        child.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
      });
      await new Promise((r) => setTimeout(r, 50 + round * 70));
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
      const state = fileState(path);
      expect(state.buckets.length).toBe(round + 1);
      expect(state.keys.length).toBeGreaterThan(0);
    }
    // The next open cleans the temp files the killed writers left.
    open(new FakeClock(), path);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
