/**
 * The manual BYOK story on Huawei, end to end: by hand through Huawei's own clients (the SDK core's
 * HcClient, esdk-obs-nodejs) and `openssl pkeyutl`, then `reconcile` (type: huawei) takes over,
 * renews, rotates and recovers an expired key; a second plan is empty after each apply, and the
 * hand-made key is never touched. Checked through the same clients.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, write } from '../e2e/cli.js';
import { openssl } from '../wrapping/openssl.js';
import { hcClient, kms, obsClient } from './clients.js';
import { expireInState, huaweiManifest, reconcileAsync, startStoreSandbox, type HwSandbox } from './e2e-helpers.js';

const BUCKET = 'kms-key-rotation-test-bucket';

describe('reconcile takes over a hand-made Huawei BYOK setup (sandbox)', () => {
  const dir = tempDir('byok-hw-e2e-');
  let hw: HwSandbox;
  let manualKeyId = '';
  const reconcile = (args: string[]) => reconcileAsync(dir, args);
  const kinds = (stdout: string) => (JSON.parse(stdout) as { actions: { kind: string }[] }).actions.map((a) => a.kind);
  const describeKey = async (keyId: string) =>
    ((await kms(hcClient(hw.sb.url), 'POST', 'describe-key', { key_id: keyId })) as { key_info: Record<string, string> }).key_info;
  const aliasTarget = async (alias: string) => {
    const out = (await kms(hcClient(hw.sb.url), 'GET', 'aliases')) as { aliases: { alias: string; key_id: string }[] };
    return out.aliases.find((a) => a.alias === alias)?.key_id;
  };
  const objectKey = async () => {
    const head = await (await obsClient(hw.sb.url)).getObjectMetadata({ Bucket: BUCKET, Key: 'reports/q1.csv' });
    return head.InterfaceResult;
  };
  const bucketKey = async () => (await (await obsClient(hw.sb.url)).getBucketEncryption({ Bucket: BUCKET })).InterfaceResult['Rule']['ApplyServerSideEncryptionByDefault'];
  const manifest = (material: string, extra: { validFor?: string; renewBefore?: string } = {}) =>
    write(dir, 'keys.yaml', huaweiManifest(hw.sb.url, { name: 'takeover', material, bucket: BUCKET, ...extra }));

  beforeAll(async () => {
    hw = await startStoreSandbox(dir);
    const c = hcClient(hw.sb.url);
    const created = (await kms(c, 'POST', 'create-key', { key_alias: 'by-hand-key', key_spec: 'AES_256', origin: 'external', key_description: 'imported_key' })) as {
      key_info: { key_id: string };
    };
    manualKeyId = created.key_info.key_id;
    const params = (await kms(c, 'POST', 'get-parameters-for-import', { key_id: manualKeyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' })) as { import_token: string; public_key: string };
    writeFileSync(join(dir, 'pub.der'), Buffer.from(params.public_key, 'base64'));
    const wrapped = openssl(['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', join(dir, 'pub.der'), '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256'], randomBytes(32));
    await kms(c, 'POST', 'import-key-material', {
      key_id: manualKeyId,
      import_token: params.import_token,
      encrypted_key_material: wrapped.toString('base64'),
      expiration_time: Math.floor(Date.now() / 1000) + 200 * 86400,
    });
    expect((await describeKey(manualKeyId))['key_state']).toBe('2');
    await kms(c, 'POST', 'aliases', { key_id: manualKeyId, alias: 'rotation-test-key' });
    const obs = await obsClient(hw.sb.url);
    expect((await obs.createBucket({ Bucket: BUCKET })).CommonMsg.Status).toBeLessThan(300);
    await obs.setBucketEncryption({ Bucket: BUCKET, Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'kms', KMSMasterKeyID: manualKeyId } } });
    const put = await obs.putObject({ Bucket: BUCKET, Key: 'reports/q1.csv', Body: 'a,b\n1,2\n', ContentType: 'text/csv', Metadata: { owner: 'finance' }, StorageClass: 'STANDARD_IA' });
    expect(put.CommonMsg.Status).toBeLessThan(300);
    for (const m of ['m1.bin', 'm2.bin']) expect((await reconcile(['material', 'generate', '--out', m])).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    await hw?.sb.close();
  });

  it('takes over: own key with alias, bucket default and objects moved, hand-made key untouched', async () => {
    manifest('m1.bin', { validFor: '10d', renewBefore: '5d' });
    const original = await objectKey();
    const plan = await reconcile(['--plan', '--format', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(kinds(plan.stdout)).toEqual(['create-key', 'import-material', 'update-alias', 'put-bucket-encryption', 'reencrypt-objects']);
    const apply = await reconcile(['--apply', '--auto-approve']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);

    const ours = await aliasTarget('rotation-test-key');
    expect(ours).toBeDefined();
    expect(ours).not.toBe(manualKeyId);
    const info = await describeKey(ours!);
    expect(info['key_state']).toBe('2');
    expect(info['key_alias']).toMatch(/^byok\/takeover\/rotation-test-key\/g1\//);
    // The expiry the tool sent (10 days), not the 24 h default of an import without one.
    expect(Number(info['expiration_time']) - Date.now()).toBeGreaterThan(9.9 * 86_400_000);
    expect((await bucketKey())['KMSMasterKeyID']).toBe(`ap-southeast-1:0c7a3d5e9b1f4e2a8d6c0b9a7f5e3d1c:key/${ours}`);
    const head = await objectKey();
    expect(head['SseKmsKey']).toMatch(new RegExp(`key/${ours}$`));
    // esdk-obs-nodejs sends a string Body as application/json whatever ContentType says: compare with what was stored.
    expect([head['ContentType'], head['Metadata'], head['StorageClass']]).toEqual([original['ContentType'], { owner: 'finance' }, 'STANDARD_IA']);
    expect((await describeKey(manualKeyId))['key_state']).toBe('2');
    expect((await reconcile(['--plan', '--detailed-exitcode'])).code).toBe(0);
  }, 60_000);

  it('renews the same material well before expiry (delete, then import with the explicit expiry)', async () => {
    const ours = (await aliasTarget('rotation-test-key'))!;
    const before = Number((await describeKey(ours))['expiration_time']);
    manifest('m1.bin', { validFor: '20d', renewBefore: '12d' });
    const plan = await reconcile(['--plan', '--format', 'json']);
    expect(kinds(plan.stdout)).toEqual(['reimport-material']);
    const apply = await reconcile(['--apply', '--auto-approve']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    const info = await describeKey(ours);
    expect(info['key_state']).toBe('2');
    expect(Number(info['expiration_time'])).toBeGreaterThan(before + 9 * 86_400_000);
    expect((await reconcile(['--plan', '--detailed-exitcode'])).code).toBe(0);
  }, 60_000);

  it('recovers a key whose material expired (pending import, 5) with the same material', async () => {
    const ours = (await aliasTarget('rotation-test-key'))!;
    expireInState(dir, ours);
    expect((await describeKey(ours))['key_state']).toBe('5');
    const plan = await reconcile(['--plan', '--format', 'json']);
    expect(kinds(plan.stdout)).toEqual(['reimport-material']);
    const apply = await reconcile(['--apply', '--auto-approve']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    expect((await describeKey(ours))['key_state']).toBe('2');
    expect((await (await obsClient(hw.sb.url)).getObject({ Bucket: BUCKET, Key: 'reports/q1.csv' })).CommonMsg.Status).toBe(200);
    expect((await reconcile(['--plan', '--detailed-exitcode'])).code).toBe(0);
  }, 60_000);

  it('rotates: new key, alias, bucket and objects moved, old key disabled last', async () => {
    const old = (await aliasTarget('rotation-test-key'))!;
    manifest('m2.bin', { validFor: '20d', renewBefore: '12d' });
    const plan = await reconcile(['--plan', '--format', 'json']);
    const list = kinds(plan.stdout);
    expect(list).toEqual(['create-key', 'import-material', 'update-alias', 'put-bucket-encryption', 'reencrypt-objects', 'tag-key', 'disable-key']);
    const apply = await reconcile(['--apply', '--auto-approve']);
    expect(apply.code, apply.stderr + apply.stdout).toBe(0);
    const now = (await aliasTarget('rotation-test-key'))!;
    expect(now).not.toBe(old);
    expect((await describeKey(old))['key_state']).toBe('3');
    expect((await bucketKey())['KMSMasterKeyID']).toMatch(new RegExp(`key/${now}$`));
    expect((await objectKey())['SseKmsKey']).toMatch(new RegExp(`key/${now}$`));
    expect((await describeKey(manualKeyId))['key_state']).toBe('2');
    expect((await reconcile(['--plan', '--detailed-exitcode'])).code).toBe(0);
  }, 60_000);
});
