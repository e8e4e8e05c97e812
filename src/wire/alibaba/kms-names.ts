/**
 * Alibaba's spellings of the simulator's values: key specs, key usages, origins, wrapping key
 * specs, ARNs and times (ISO-8601 UTC without milliseconds, as Alibaba prints them).
 */
import type { KeySpec, WrappingKeySpec } from '../../core/specs.js';
import type { SimKeyMetadata } from '../../sim/sim-types.js';
import { ALIBABA_KEY_SPEC_IN, ALIBABA_KEY_SPEC_OUT } from '../../catalog/alibaba.js';
import { PopError } from './rpc-reply.js';


export function keySpecIn(value: string | undefined): KeySpec {
  if (value === undefined || value === '') return 'SYMMETRIC_DEFAULT';
  const spec = ALIBABA_KEY_SPEC_IN[value];
  if (!spec) throw new PopError('InvalidParameter.KeySpec', `The specified KeySpec ${value} is not valid; use one of ${Object.keys(ALIBABA_KEY_SPEC_IN).join(', ')}.`);
  return spec;
}

export function usageIn(value: string | undefined): string {
  if (value === undefined || value === '' || value === 'ENCRYPT/DECRYPT') return 'ENCRYPT_DECRYPT';
  if (value === 'SIGN/VERIFY') return 'SIGN_VERIFY';
  throw new PopError('InvalidParameter.KeyUsage', `The specified KeyUsage ${value} is not valid; use ENCRYPT/DECRYPT or SIGN/VERIFY.`);
}

export function originIn(value: string | undefined): string {
  if (value === undefined || value === '' || value === 'Aliyun_KMS') return 'AWS_KMS';
  if (value === 'EXTERNAL') return 'EXTERNAL';
  throw new PopError('InvalidParameter.Origin', `The specified Origin ${value} is not valid; use Aliyun_KMS or EXTERNAL (case-sensitive).`);
}

export function wrappingKeySpecIn(value: string): WrappingKeySpec {
  if (value === 'RSA_2048') return 'RSA_2048';
  if (value === 'EC_SM2') return 'SM2';
  throw new PopError('InvalidParameter.WrappingKeySpec', `The specified WrappingKeySpec ${value} is not valid; use RSA_2048 or EC_SM2.`);
}

/** `2026-11-30T10:20:30Z`. */
export function popTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

export interface ArnScope {
  region: string;
  accountId: string;
}

export const popKeyArn = (s: ArnScope, keyId: string): string => `acs:kms:${s.region}:${s.accountId}:key/${keyId}`;
export const popAliasArn = (s: ArnScope, alias: string): string => `acs:kms:${s.region}:${s.accountId}:${alias}`;

/** An `acs:kms:...:key/<id>` ARN becomes its key id, `acs:kms:...:alias/<name>` its alias; anything else stays. */
export function keyRefIn(ref: string | undefined): string {
  if (ref === undefined) throw new PopError('MissingParameter', 'The input parameter "KeyId" that is mandatory for processing this request is not supplied.');
  const m = /^acs:kms:[^:]*:[^:]*:(key\/(.+)|(alias\/.+))$/.exec(ref);
  if (!m) return ref;
  return m[2] ?? m[3]!;
}

export function keyMetadataOut(s: ArnScope, md: SimKeyMetadata): Record<string, unknown> {
  const out: Record<string, unknown> = {
    KeyId: md.KeyId,
    Arn: popKeyArn(s, md.KeyId),
    KeyState: md.KeyState,
    KeySpec: ALIBABA_KEY_SPEC_OUT[md.KeySpec] ?? md.KeySpec,
    KeyUsage: md.KeyUsage === 'SIGN_VERIFY' ? 'SIGN/VERIFY' : 'ENCRYPT/DECRYPT',
    Origin: md.Origin === 'EXTERNAL' ? 'EXTERNAL' : 'Aliyun_KMS',
    ProtectionLevel: md.ProtectionLevel ?? 'SOFTWARE',
    Description: md.Description,
    Creator: s.accountId,
    CreationDate: popTime(md.CreationDate),
    DeleteDate: md.DeletionDate ? popTime(md.DeletionDate) : '',
    MaterialExpireTime: md.ValidTo ? popTime(md.ValidTo) : '',
    AutomaticRotation: 'Disabled',
    DeletionProtection: 'Disabled',
  };
  if (md.InstanceId !== undefined) out.DKMSInstanceId = md.InstanceId;
  return out;
}
