/**
 * The manual BYOK story on Alibaba Cloud, end to end through real processes and sockets:
 * `reconcile sandbox --cloud alibaba` serves KMS 2016-01-20 + OSS; the BYOK procedure is done by
 * hand with Alibaba's own @alicloud/kms20160120 client, `openssl pkeyutl` and ali-oss; then
 * `reconcile` (type: alibaba) takes it over, renews, recovers a key whose material expired, and
 * rotates, each checked through Alibaba's clients, with an empty plan after each apply. The
 * material never shows up in any output, saved plan or the sandbox's state file.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, tempDir, write, type CliResult } from '../e2e/cli.js';
import { kms, kmsClient, ossClient } from './clients.js';

const BUCKET = 'kms-key-rotation-test-bucket';
const OBJECT = 'reports/q1.csv';
const req = (name: string, fields: Record<string, unknown>) => new kms[name]!(fields);

describe('reconcile takes over, renews, recovers and rotates a hand-made Alibaba BYOK setup (sandbox)', () => {
  const dir = tempDir('byok-ali-');
  let sandbox: ChildProcess;
  let port = 0;
  let manualKeyId = '';
  const outputs: string[] = [];
  const env = { HOME: dir, ALIBABA_CLOUD_ACCESS_KEY_ID: 'test', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'test' };
  const reconcile = (args: string[]): CliResult => {
    const r = cli(args, dir, env);
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const kmsc = () => kmsClient(port);
  const oss = () => ossClient(port, BUCKET);
  const manifest = (material: string, expiration: string) => `version: 1
name: takeover
providers:
  hz:
    type: alibaba
    region: cn-hangzhou
    endpoint: http://127.0.0.1:${port}
keys:
  rotation-test-key:
    provider: hz
    description: imported_key
    material: { file: ${material} }
    wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }
    expiration: ${expiration}
    aliases: [alias/rotation-test-key]
    retire: { action: disable, after: 0d }
buckets:
  ${BUCKET}:
    key: rotation-test-key
    reencrypt: true
`;

  async function startSandbox(at?: string): Promise<void> {
    sandbox = spawn(process.execPath, [BIN, 'sandbox', '--cloud', 'alibaba', '--port', String(port), '--quotas', 'none', '--wrapping-key-pool', '1', '-f', 'sb/keys.yaml', ...(at ? ['--at', at] : [])], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      sandbox.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      sandbox.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
    });
  }
  async function stopSandbox(): Promise<void> {
    const exited = new Promise((r) => sandbox.once('exit', r));
    sandbox.kill('SIGTERM');
    await exited;
  }
  const aliasTarget = async () => (await kmsc().describeKey(req('DescribeKeyRequest', { keyId: 'alias/rotation-test-key' }))).keyMetadata;
  const kinds = (r: CliResult) => (JSON.parse(r.stdout) as { actions: { kind: string }[] }).actions.map((a) => a.kind);
  /** Applies with the JSON report, whose `plan.actions` say what was planned. */
  const applyJson = (): { code: number; kinds: string[]; text: string } => {
    const r = reconcile(['--apply', '--auto-approve', '--format', 'json']);
    const doc = r.stdout.trim() ? (JSON.parse(r.stdout) as { plan: { actions: { kind: string }[] } }) : { plan: { actions: [] } };
    return { code: r.code, kinds: doc.plan.actions.map((a) => a.kind), text: r.stdout + r.stderr };
  };
  const emptyPlan = () => expect(reconcile(['--plan', '--detailed-exitcode']).code).toBe(0);

  beforeAll(async () => {
    mkdirSync(join(dir, 'sb'));
    write(dir, 'sb/keys.yaml', 'version: 1\nname: sandbox\nkeys: {}\n');
    await startSandbox();
    // The BYOK procedure, by hand, with Alibaba's own client (HMAC-SHA1 signed) and openssl.
    const c = kmsc();
    manualKeyId = (await c.createKey(req('CreateKeyRequest', { origin: 'EXTERNAL', keySpec: 'Aliyun_AES_256', description: 'imported_key' }))).keyMetadata.keyId;
    const params = await c.getParametersForImport(req('GetParametersForImportRequest', { keyId: manualKeyId, wrappingAlgorithm: 'RSAES_OAEP_SHA_256', wrappingKeySpec: 'RSA_2048' }));
    writeFileSync(join(dir, 'pub.der'), Buffer.from(params.publicKey, 'base64'));
    execFileSync('openssl', ['rand', '-out', 'manual.bin', '32'], { cwd: dir });
    execFileSync('openssl', ['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', 'pub.der', '-in', 'manual.bin', '-out', 'wrapped.bin',
      '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'], { cwd: dir });
    await c.importKeyMaterial(req('ImportKeyMaterialRequest', { keyId: manualKeyId, encryptedKeyMaterial: readFileSync(join(dir, 'wrapped.bin')).toString('base64'), importToken: params.importToken, keyMaterialExpireUnix: Math.floor(Date.now() / 1000) + 500 * 86400 }));
    expect((await c.describeKey(req('DescribeKeyRequest', { keyId: manualKeyId }))).keyMetadata.keyState).toBe('Enabled');
    await c.createAlias(req('CreateAliasRequest', { aliasName: 'alias/rotation-test-key', keyId: manualKeyId }));
    await ossClient(port).putBucket(BUCKET);
    await oss().putBucketEncryption(BUCKET, { SSEAlgorithm: 'KMS', KMSMasterKeyID: manualKeyId });
    await oss().put(OBJECT, Buffer.from('a,b\n1,2\n'), { mime: 'text/csv', headers: { 'x-oss-meta-owner': 'finance', 'x-oss-storage-class': 'IA', 'x-oss-tagging': 'team=fin' } });
    writeFileSync(join(dir, 'm1.bin'), randomBytes(32), { mode: 0o600 });
    writeFileSync(join(dir, 'm2.bin'), randomBytes(32), { mode: 0o600 });
  }, 60_000);

  afterAll(async () => {
    if (sandbox?.exitCode === null) await stopSandbox();
  });

  it('takes over: its own tagged key, alias and bucket moved, object re-encrypted keeping its attributes, the hand-made key untouched', async () => {
    write(dir, 'keys.yaml', manifest('m1.bin', '{ validFor: 40d, renewBefore: 10d }'));
    const plan = reconcile(['--plan', '--format', 'json', '--out', 'plan.json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(kinds(plan)).toEqual(['create-key', 'import-material', 'update-alias', 'put-bucket-encryption', 'reencrypt-objects']);
    const apply = reconcile(['--apply', 'plan.json', '--auto-approve']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);

    const current = await aliasTarget();
    expect(current.keyId).not.toBe(manualKeyId);
    expect(current.keyState).toBe('Enabled');
    const tags = (await kmsc().listResourceTags(req('ListResourceTagsRequest', { keyId: current.keyId }))).tags.tag;
    expect(tags).toEqual(expect.arrayContaining([expect.objectContaining({ tagKey: 'byok:manifest', tagValue: 'takeover' })]));
    expect((await oss().getBucketEncryption(BUCKET)).encryption.KMSMasterKeyID).toBe(current.keyId);
    const head = (await oss().head(OBJECT)).res.headers;
    expect(head).toMatchObject({ 'x-oss-server-side-encryption-key-id': current.keyId, 'content-type': 'text/csv', 'x-oss-meta-owner': 'finance', 'x-oss-storage-class': 'IA' });
    expect((await oss().getObjectTagging(OBJECT)).tag).toEqual({ team: 'fin' });
    expect((await kmsc().describeKey(req('DescribeKeyRequest', { keyId: manualKeyId }))).keyMetadata.keyState).toBe('Enabled');
    emptyPlan();
  }, 60_000);

  it('renews: the same key, same material, later expiry', async () => {
    const before = await aliasTarget();
    write(dir, 'keys.yaml', manifest('m1.bin', '{ validFor: 100d, renewBefore: 61d }'));
    const apply = applyJson();
    expect(apply.code, apply.text).toBe(0);
    expect(apply.kinds).toEqual(['reimport-material']);
    const after = await aliasTarget();
    expect(after.keyId).toBe(before.keyId);
    expect(Date.parse(after.materialExpireTime) - Date.parse(before.materialExpireTime)).toBeGreaterThan(55 * 86_400_000);
    emptyPlan();
  }, 60_000);

  it('recovers a key whose material expired (PendingImport, OSS reads refused) by re-importing the same material', async () => {
    await stopSandbox();
    await startSandbox('+101d');
    const expired = await aliasTarget();
    expect(expired.keyState).toBe('PendingImport');
    await expect(oss().get(OBJECT)).rejects.toMatchObject({ status: 403 });
    write(dir, 'keys.yaml', manifest('m1.bin', '{ validFor: 300d, renewBefore: 61d }'));
    const apply = applyJson();
    expect(apply.code, apply.text).toBe(0);
    expect(apply.kinds).toEqual(['reimport-material']);
    expect(apply.text).toMatch(/recovering/);
    const back = await aliasTarget();
    expect([back.keyId, back.keyState]).toEqual([expired.keyId, 'Enabled']);
    expect((await oss().get(OBJECT)).content.toString()).toBe('a,b\n1,2\n');
    emptyPlan();
  }, 60_000);

  it('rotates: new key, alias and bucket moved, objects re-encrypted, old key disabled last', async () => {
    const old = await aliasTarget();
    write(dir, 'keys.yaml', manifest('m2.bin', '{ validFor: 300d, renewBefore: 61d }'));
    const apply = applyJson();
    expect(apply.code, apply.text).toBe(0);
    expect(apply.kinds).toEqual(expect.arrayContaining(['create-key', 'import-material', 'update-alias', 'put-bucket-encryption', 'reencrypt-objects', 'disable-key']));
    expect(apply.kinds.indexOf('disable-key')).toBeGreaterThan(apply.kinds.indexOf('reencrypt-objects'));
    const now = await aliasTarget();
    expect(now.keyId).not.toBe(old.keyId);
    expect((await kmsc().describeKey(req('DescribeKeyRequest', { keyId: old.keyId }))).keyMetadata.keyState).toBe('Disabled');
    expect((await oss().getBucketEncryption(BUCKET)).encryption.KMSMasterKeyID).toBe(now.keyId);
    expect((await oss().head(OBJECT)).res.headers['x-oss-server-side-encryption-key-id']).toBe(now.keyId);
    expect((await oss().get(OBJECT)).content.toString()).toBe('a,b\n1,2\n');
    expect((await kmsc().describeKey(req('DescribeKeyRequest', { keyId: manualKeyId }))).keyMetadata.keyState).toBe('Enabled');
    emptyPlan();
  }, 60_000);

  it('never shows the material: not in any output, the saved plan, nor the sandbox state file', async () => {
    await stopSandbox();
    const texts = [...outputs, readFileSync(join(dir, 'plan.json'), 'utf8'), readFileSync(join(dir, 'sb', '.reconcile', 'local-state.json'), 'utf8')];
    for (const file of ['m1.bin', 'm2.bin']) {
      const m = readFileSync(join(dir, file));
      for (const form of [m.toString('hex'), m.toString('base64'), m.toString('base64url')]) {
        for (const t of texts) expect(t.includes(form)).toBe(false);
      }
    }
  });
});
