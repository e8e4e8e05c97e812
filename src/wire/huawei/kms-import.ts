/**
 * get-parameters-for-import, import-key-material, delete-imported-key-material. Huawei has one
 * RSA_2048 wrapping key per call and takes `expiration_time` in epoch SECONDS. When a request
 * leaves it out, the sandbox applies the console's default, expiry 24 h after the import, so a
 * client that forgets it finds out here rather than in production a day later.
 */
import { randomBytes } from 'node:crypto';
import { DAY_MS } from '../../core/specs.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import { huaweiKeyState } from '../../catalog/huawei-names.js';
import { HwFail, badParam, str } from './kms-json.js';
import type { Body } from './kms-keys.js';

/** The simulator's token is short; Huawei's are 200-6144 base64 characters: pad, then cut on the way back. */
const TOKEN_BYTES = 41;
const PADDED_TOKEN_BYTES = 180;
const TOKEN_RE = /^[0-9a-zA-Z+/=]{200,6144}$/;
const MATERIAL_RE = /^[0-9a-zA-Z+/=]{344,360}$/;
export const DEFAULT_EXPIRY_MS = DAY_MS;

const OFFERED = ['RSAES_OAEP_SHA_256'];

export async function getParameters(sim: LocalSimulator, b: Body) {
  const keyId = str(b, 'key_id', true);
  const algorithm = str(b, 'wrapping_algorithm', true);
  if (algorithm === 'SM2_ENCRYPT') throw badParam('wrapping_algorithm SM2_ENCRYPT is not offered in this region (the sandbox has no SM2)');
  if (!OFFERED.includes(algorithm)) throw badParam(`wrapping_algorithm must be one of ${OFFERED.join(', ')}, not ${algorithm}`);
  const out = await sim.getParametersForImport({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' });
  const token = Buffer.concat([out.ImportToken, randomBytes(PADDED_TOKEN_BYTES - out.ImportToken.length)]);
  return {
    key_id: keyId,
    import_token: token.toString('base64'),
    public_key: out.PublicKey.toString('base64'),
    expiration_time: Math.floor(out.ParametersValidTo.getTime() / 1000),
  };
}

function expirySeconds(b: Body): number | undefined {
  const v = b['expiration_time'];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw badParam('expiration_time must be an integer (epoch seconds)');
  return n;
}

export function importMaterial(sim: LocalSimulator, b: Body): undefined {
  const keyId = str(b, 'key_id', true);
  const token = str(b, 'import_token', true);
  const material = str(b, 'encrypted_key_material', true);
  if (!TOKEN_RE.test(token)) throw badParam('import_token must be 200-6144 base64 characters');
  if (!MATERIAL_RE.test(material)) throw badParam('encrypted_key_material must be 344-360 base64 characters (one RSA_2048 block)');
  if (b['encrypted_privatekey'] !== undefined) throw badParam('encrypted_privatekey (asymmetric import) is not supported by the sandbox');
  const now = sim.clock.now().getTime();
  const seconds = expirySeconds(b);
  // Seconds, not milliseconds: a millisecond value would land tens of thousands of years ahead.
  if (seconds !== undefined && seconds > 32_503_680_000) throw badParam('expiration_time is in epoch seconds; this value looks like milliseconds');
  const validTo = seconds === undefined ? new Date(now + DEFAULT_EXPIRY_MS) : new Date(seconds * 1000);
  if (validTo.getTime() <= now) throw new HwFail('KMS.2602', 'expiration_time must be later than the current time');
  const encrypted = Buffer.from(material, 'base64');
  try {
    sim.importKeyMaterial({
      KeyId: keyId,
      ImportToken: Buffer.from(token, 'base64').subarray(0, TOKEN_BYTES),
      EncryptedKeyMaterial: encrypted,
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      ValidTo: validTo,
    });
  } finally {
    encrypted.fill(0);
  }
  return undefined;
}

/** Only from enabled (2) or disabled (3): KMS.2701 otherwise. The key goes to pending import (5). */
export function deleteMaterial(sim: LocalSimulator, b: Body): undefined {
  const keyId = str(b, 'key_id', true);
  const state = sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState;
  if (state !== 'Enabled' && state !== 'Disabled') throw new HwFail('KMS.2701', `The key state is ${huaweiKeyState(state)}; key material can be deleted only from 2 or 3`);
  sim.deleteImportedKeyMaterial({ KeyId: keyId });
  return undefined;
}
