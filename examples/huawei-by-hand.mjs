// The manual BYOK procedure on Huawei Cloud, with Huawei's own npm clients and openssl, against
// `reconcile sandbox --cloud huawei` (AK/SK test/test). Usage:
//   node examples/huawei-by-hand.mjs http://127.0.0.1:4600          create, import, alias, bucket, object
//   node examples/huawei-by-hand.mjs http://127.0.0.1:4600 check    key states, bucket default key, object key
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import ObsClient from 'esdk-obs-nodejs';

const [url = 'http://127.0.0.1:4600', mode = 'setup'] = process.argv.slice(2);
const BUCKET = 'kms-key-rotation-test-bucket';
const credentials = new BasicCredentials().withAk('test').withSk('test').withProjectId('0123456789abcdef0123456789abcdef');
const hc = new ClientBuilder((c) => c).withCredential(credentials).withEndpoint(url).build();
const kms = (method, verb, data) =>
  hc.sendRequest({ method, url: `/v1.0/{project_id}/kms/${verb}`, pathParams: {}, headers: {}, queryParams: {}, ...(data ? { data } : {}), contentType: 'application/json' });
const obs = new ObsClient({ access_key_id: 'test', secret_access_key: 'test', server: url, path_style: true });
await new Promise((r) => setImmediate(r)); // esdk-obs-nodejs finishes its set-up asynchronously

if (mode === 'check') {
  const { key_details: keys } = await kms('POST', 'list-keys', { key_spec: 'ALL', limit: '100' });
  for (const k of keys) console.log(`key ${k.key_id}  state ${k.key_state}  alias ${k.key_alias}  expires ${k.expiration_time ? new Date(Number(k.expiration_time)).toISOString() : '-'}`);
  const enc = await obs.getBucketEncryption({ Bucket: BUCKET });
  console.log('bucket default key', enc.InterfaceResult?.Rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID);
  const head = await obs.getObjectMetadata({ Bucket: BUCKET, Key: 'reports/q1.csv' });
  console.log('object reports/q1.csv key', head.InterfaceResult?.SseKmsKey);
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'hw-by-hand-'));
try {
  const { key_info: { key_id: keyId } } = await kms('POST', 'create-key', { key_alias: 'by-hand-key', key_spec: 'AES_256', origin: 'external', key_description: 'imported_key' });
  const params = await kms('POST', 'get-parameters-for-import', { key_id: keyId, wrapping_algorithm: 'RSAES_OAEP_SHA_256' });
  writeFileSync(join(dir, 'pub.der'), Buffer.from(params.public_key, 'base64'));
  execFileSync('openssl', ['rand', '-out', join(dir, 'material.bin'), '32']);
  execFileSync('openssl', ['pkeyutl', '-encrypt', '-pubin', '-keyform', 'DER', '-inkey', join(dir, 'pub.der'), '-in', join(dir, 'material.bin'),
    '-out', join(dir, 'wrapped.bin'), '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256']);
  const wrapped = execFileSync('openssl', ['base64', '-A', '-in', join(dir, 'wrapped.bin')]).toString();
  // Always give expiration_time (epoch seconds): without it a default expiry applies.
  await kms('POST', 'import-key-material', { key_id: keyId, import_token: params.import_token, encrypted_key_material: wrapped, expiration_time: Math.floor(Date.now() / 1000) + 200 * 86400 });
  await kms('POST', 'aliases', { key_id: keyId, alias: 'rotation-test-key' });
  await obs.createBucket({ Bucket: BUCKET });
  await obs.setBucketEncryption({ Bucket: BUCKET, Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'kms', KMSMasterKeyID: keyId } } });
  await obs.putObject({ Bucket: BUCKET, Key: 'reports/q1.csv', Body: 'a,b\n1,2\n', Metadata: { owner: 'finance' } });
  const { key_info: info } = await kms('POST', 'describe-key', { key_id: keyId });
  console.log(`by hand: key ${keyId} state ${info.key_state} (2 = enabled), alias rotation-test-key, bucket ${BUCKET} with one object`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
