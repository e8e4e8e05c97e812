import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, tempDir, write } from './cli.js';

/**
 * The AWS path end to end, through real processes and sockets: `reconcile sandbox` serves the
 * simulator over the KMS/S3 wire protocols; the manual BYOK procedure is done by hand with the real `aws`
 * CLI and `openssl`; then `reconcile` (AWS SDK v3 provider) takes that state over — its own tagged
 * key, the alias and the bucket moved, objects re-encrypted — without touching the hand-made key;
 * then rotates once more and retires its previous generation.
 */
const run = promisify(execFile);
const hasAws = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;
const BUCKET = 'kms-key-rotation-test-bucket';

describe.skipIf(!hasAws)('reconcile takes over a hand-made AWS BYOK setup (sandbox)', () => {
  const dir = tempDir('byok-aws-');
  let sandbox: ChildProcess;
  let url = '';
  let env: NodeJS.ProcessEnv;
  let manualKeyId = '';

  const aws = async (...args: string[]): Promise<Record<string, any>> => {
    const { stdout } = await run('aws', [...args, '--endpoint-url', url, '--output', 'json'], { env, cwd: dir });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };
  const reconcile = (args: string[]) => cli(args, dir, env);
  const manifest = (material: string, after: string) => `version: 1
name: takeover
providers:
  tokyo:
    type: aws
    region: us-east-1
    endpoint: ${url}
    lock: { bucket: ${BUCKET}-lock }
keys:
  rotation-test-key:
    provider: tokyo
    description: imported_key
    material: { file: ${material} }
    wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: RSA_2048 }
    aliases: [alias/rotation-test-key]
    # The previous generation served the re-encryption moments ago, so the last-use guard
    # (GetKeyLastUsage) would hold its disable for quietFor; this test retires at once on purpose.
    retire: { action: disable, after: ${after}, quietFor: 0d }
buckets:
  ${BUCKET}:
    key: rotation-test-key
    reencrypt: true
`;

  beforeAll(async () => {
    mkdirSync(join(dir, 'sb'));
    write(dir, 'sb/keys.yaml', 'version: 1\nname: sandbox\nkeys: {}\n');
    writeFileSync(join(dir, 'empty'), '');
    env = {
      PATH: process.env.PATH, HOME: dir, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(dir, 'empty'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'empty'), AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '',
    };
    sandbox = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--quotas', 'none', '-f', 'sb/keys.yaml'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      sandbox.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      sandbox.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
    });

    // The seed procedure, by hand.
    const created = await aws('kms', 'create-key', '--origin', 'EXTERNAL', '--description', 'imported_key');
    manualKeyId = created.KeyMetadata.KeyId;
    const params = await aws('kms', 'get-parameters-for-import', '--key-id', manualKeyId, '--wrapping-algorithm', 'RSAES_OAEP_SHA_256', '--wrapping-key-spec', 'RSA_2048');
    writeFileSync(join(dir, 'pub.der'), Buffer.from(params.PublicKey, 'base64'));
    writeFileSync(join(dir, 'token.bin'), Buffer.from(params.ImportToken, 'base64'));
    await run('openssl', ['rand', '-out', join(dir, 'manual.bin'), '32']);
    await run('openssl', ['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', join(dir, 'pub.der'), '-in', join(dir, 'manual.bin'), '-out', join(dir, 'wrapped.bin'),
      '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256']);
    const validTo = new Date(Math.floor(Date.now() / 1000) * 1000 + 200 * 86_400_000).toISOString();
    await aws('kms', 'import-key-material', '--key-id', manualKeyId, '--encrypted-key-material', `fileb://${join(dir, 'wrapped.bin')}`,
      '--import-token', `fileb://${join(dir, 'token.bin')}`, '--expiration-model', 'KEY_MATERIAL_EXPIRES', '--valid-to', validTo);
    await aws('kms', 'create-alias', '--alias-name', 'alias/rotation-test-key', '--target-key-id', manualKeyId);
    await aws('s3api', 'create-bucket', '--bucket', BUCKET);
    await aws('s3api', 'create-bucket', '--bucket', `${BUCKET}-lock`);
    await aws('s3api', 'put-bucket-encryption', '--bucket', BUCKET, '--server-side-encryption-configuration',
      JSON.stringify({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: created.KeyMetadata.Arn }, BucketKeyEnabled: true }] }));
    write(dir, 'report.csv', 'a,b\n1,2\n');
    await aws('s3api', 'put-object', '--bucket', BUCKET, '--key', 'reports/q1.csv', '--body', join(dir, 'report.csv'), '--content-type', 'text/csv', '--metadata', 'owner=finance', '--storage-class', 'STANDARD_IA');
    expect(reconcile(['material', 'generate', '--out', 'm1.bin']).code).toBe(0);
    expect(reconcile(['material', 'generate', '--out', 'm2.bin']).code).toBe(0);
  }, 120_000);

  afterAll(() => {
    sandbox?.kill('SIGTERM');
  });

  const kinds = (stdout: string) => (JSON.parse(stdout) as { actions: { kind: string; target: string }[] }).actions.map((a) => a.kind);
  const head = () => aws('s3api', 'head-object', '--bucket', BUCKET, '--key', 'reports/q1.csv');

  it('plans the takeover, applies it, and never touches the hand-made key', async () => {
    write(dir, 'keys.yaml', manifest('m1.bin', '0d'));
    const plan = reconcile(['--plan', '--format', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(kinds(plan.stdout)).toEqual(['create-key', 'import-material', 'update-alias', 'put-bucket-encryption', 'reencrypt-objects']);
    const apply = reconcile(['--apply', '--auto-approve']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);

    const viaAlias = await aws('kms', 'describe-key', '--key-id', 'alias/rotation-test-key');
    expect(viaAlias.KeyMetadata.KeyId).not.toBe(manualKeyId);
    expect(viaAlias.KeyMetadata.KeyState).toBe('Enabled');
    const object = await head();
    expect(object.SSEKMSKeyId).toBe(viaAlias.KeyMetadata.Arn);
    expect([object.ContentType, object.Metadata, object.StorageClass]).toEqual(['text/csv', { owner: 'finance' }, 'STANDARD_IA']);
    expect((await aws('kms', 'describe-key', '--key-id', manualKeyId)).KeyMetadata.KeyState).toBe('Enabled');
    expect(reconcile(['--plan', '--detailed-exitcode']).code).toBe(0);
  }, 120_000);

  it('rotates its own key, retires the previous generation only after the moves, and refuses --at on a real apply', async () => {
    const before = (await aws('kms', 'describe-key', '--key-id', 'alias/rotation-test-key')).KeyMetadata;
    write(dir, 'keys.yaml', manifest('m2.bin', '0d'));
    const plan = reconcile(['--plan', '--format', 'json']);
    const list = kinds(plan.stdout);
    expect(list).toEqual(expect.arrayContaining(['create-key', 'import-material', 'update-alias', 'put-bucket-encryption', 'reencrypt-objects', 'disable-key']));
    expect(list.indexOf('disable-key')).toBeGreaterThan(list.indexOf('reencrypt-objects'));
    expect(reconcile(['--apply', '--auto-approve', '--at', '+1d']).code).toBe(1);
    const apply = reconcile(['--apply', '--auto-approve']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);

    const after = (await aws('kms', 'describe-key', '--key-id', 'alias/rotation-test-key')).KeyMetadata;
    expect(after.KeyId).not.toBe(before.KeyId);
    expect((await aws('kms', 'describe-key', '--key-id', before.KeyId)).KeyMetadata.KeyState).toBe('Disabled');
    expect((await head()).SSEKMSKeyId).toBe(after.Arn);
    await aws('s3api', 'get-object', '--bucket', BUCKET, '--key', 'reports/q1.csv', join(dir, 'out.csv'));
    expect((await aws('kms', 'describe-key', '--key-id', manualKeyId)).KeyMetadata.KeyState).toBe('Enabled');
    expect(reconcile(['--plan', '--detailed-exitcode']).code).toBe(0);
  }, 120_000);
});
