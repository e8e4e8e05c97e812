/** create-key, describe-key, list-keys, enable/disable, schedule/cancel deletion, in Huawei's shapes. */
import { HUAWEI_KEY_SPECS, huaweiKeyState, keySpecFromHuawei } from '../../catalog/huawei-names.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import type { SimKeyMetadata } from '../../sim/sim-types.js';
import { HwFail, badParam, str } from './kms-json.js';

export type Body = Record<string, unknown>;

const ms = (d: Date | undefined): string => (d ? String(d.getTime()) : '');

export function keyInfo(sim: LocalSimulator, md: SimKeyMetadata): Record<string, string> {
  return {
    key_id: md.KeyId,
    domain_id: sim.accountId,
    key_alias: md.KeyAlias ?? '',
    realm: sim.region,
    key_spec: HUAWEI_KEY_SPECS[md.KeySpec] ?? md.KeySpec,
    key_usage: md.KeyUsage,
    key_description: md.Description,
    creation_date: ms(md.CreationDate),
    scheduled_deletion_date: ms(md.DeletionDate),
    key_state: huaweiKeyState(md.KeyState),
    default_key_flag: '0',
    key_type: '1',
    // Milliseconds, as the documented example and the Terraform provider show (the field doc says seconds).
    // Kept after the material was deleted (expired): it tells a recovery from a first import.
    expiration_time: ms(md.ValidTo ?? md.LastValidTo),
    origin: md.Origin === 'EXTERNAL' ? 'external' : 'kms',
    key_rotation_enabled: 'false',
    sys_enterprise_project_id: '0',
    keystore_id: '0',
  };
}

export function createKey(sim: LocalSimulator, b: Body) {
  const alias = str(b, 'key_alias', true);
  const spec = str(b, 'key_spec') ?? 'AES_256';
  const keySpec = keySpecFromHuawei(spec);
  if (!keySpec || keySpec === 'SM4') throw badParam(`key_spec ${spec} is not supported by the sandbox`);
  const origin = str(b, 'origin') ?? 'kms';
  if (origin !== 'kms' && origin !== 'external') throw badParam(`origin must be kms or external, not ${origin}`);
  const description = str(b, 'key_description') ?? '';
  if (description.length > 255) throw badParam('key_description must be at most 255 characters');
  const usage = str(b, 'key_usage') ?? (keySpec.startsWith('HMAC_') ? 'GENERATE_VERIFY_MAC' : keySpec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY');
  if (!/^[a-zA-Z0-9:/_-]{1,255}$/.test(alias) || alias.endsWith('/default')) {
    throw new HwFail('KMS.1101', 'Invalid key_alias: 1-255 characters of [a-zA-Z0-9:/_-], not ending in /default');
  }
  const out = sim.createKey({ KeyAlias: alias, KeySpec: keySpec, KeyUsage: usage, Origin: origin === 'external' ? 'EXTERNAL' : 'AWS_KMS', Description: description });
  return { key_info: { key_id: out.KeyMetadata.KeyId, domain_id: sim.accountId, region_id: sim.region } };
}

export function describeKey(sim: LocalSimulator, b: Body) {
  return { key_info: keyInfo(sim, sim.describeKey({ KeyId: str(b, 'key_id', true) }).KeyMetadata) };
}

/** `limit` and `marker` are strings (the marker is the position to start at); key_spec defaults to AES_256. */
export function listKeys(sim: LocalSimulator, b: Body) {
  const limitText = str(b, 'limit');
  const markerText = str(b, 'marker');
  const limit = limitText === undefined ? 1000 : Number(limitText);
  const start = markerText === undefined || markerText === '' ? 0 : Number(markerText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw badParam('limit must be a string holding 1-1000');
  if (!Number.isInteger(start) || start < 0) throw badParam('marker must be a string holding a position');
  const spec = str(b, 'key_spec') ?? 'AES_256';
  const state = str(b, 'key_state');
  const all: SimKeyMetadata[] = [];
  let marker: string | undefined;
  do {
    const page = sim.listKeys({ Limit: 1000, ...(marker ? { Marker: marker } : {}) });
    for (const k of page.Keys) all.push(sim.describeKey({ KeyId: k.KeyId }).KeyMetadata);
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  const matching = all
    .filter((md) => spec === 'ALL' || (HUAWEI_KEY_SPECS[md.KeySpec] ?? md.KeySpec) === spec)
    .filter((md) => state === undefined || huaweiKeyState(md.KeyState) === state)
    .sort((x, y) => x.CreationDate.getTime() - y.CreationDate.getTime() || (x.KeyId < y.KeyId ? -1 : 1));
  const page = matching.slice(start, start + limit);
  const truncated = start + limit < matching.length;
  return {
    keys: page.map((md) => md.KeyId),
    key_details: page.map((md) => keyInfo(sim, md)),
    next_marker: truncated ? String(start + limit) : '',
    truncated: truncated ? 'true' : 'false',
    total: matching.length,
  };
}

/** Huawei enables only a Disabled key and disables only an Enabled one. */
export function setEnabled(sim: LocalSimulator, b: Body, enabled: boolean) {
  const keyId = str(b, 'key_id', true);
  const before = sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState;
  const need = enabled ? 'Disabled' : 'Enabled';
  if (before !== need) throw new HwFail('KMS.0303', `The key state is ${huaweiKeyState(before)}; ${enabled ? 'enable' : 'disable'}-key needs ${huaweiKeyState(need)}`);
  if (enabled) sim.enableKey({ KeyId: keyId });
  else sim.disableKey({ KeyId: keyId });
  return { key_info: { key_id: keyId, key_state: huaweiKeyState(sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState) } };
}

export function scheduleDeletion(sim: LocalSimulator, b: Body) {
  const keyId = str(b, 'key_id', true);
  const text = str(b, 'pending_days', true);
  if (!/^\d{1,4}$/.test(text)) throw new HwFail('KMS.1401', 'pending_days must be a string holding 7-1096');
  const out = sim.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: Number(text) });
  return { key_id: keyId, key_state: huaweiKeyState(out.KeyState) };
}

export function cancelDeletion(sim: LocalSimulator, b: Body) {
  const keyId = str(b, 'key_id', true);
  sim.cancelKeyDeletion({ KeyId: keyId });
  return { key_id: keyId, key_state: huaweiKeyState(sim.describeKey({ KeyId: keyId }).KeyMetadata.KeyState) };
}
