/**
 * AWS KMS over JSON 1.1 (`X-Amz-Target: TrentService.<Op>`), translated onto the simulator, which
 * already speaks KMS field names and error names. Only ImportKeyMaterial needs conversions
 * (blobs, a timestamp); GetParametersForImport returns blobs and a timestamp, handled by `toWire`.
 */
import type { KmsSimulator, SimTag } from '../../sim/sim-types.js';
import { blob, errorFromThrown, jsonError, jsonReply, parseJsonBody, requireFields, timestamp } from './json-wire.js';
import type { Reply, Routed } from './types.js';

export const KMS_TARGET_PREFIX = 'TrentService.';

interface KmsOp {
  required: readonly string[];
  mutating: boolean;
  call(sim: KmsSimulator, input: Record<string, unknown>): unknown;
}

// `input as never`: the simulator validates enum values and ranges itself, like KMS does.
const OPS: Record<string, KmsOp> = {
  CreateKey: { required: [], mutating: true, call: (s, i) => s.createKey(i as never) },
  DescribeKey: { required: ['KeyId'], mutating: false, call: (s, i) => s.describeKey(i as never) },
  ListKeys: { required: [], mutating: false, call: (s, i) => s.listKeys(i as never) },
  GetParametersForImport: {
    required: ['KeyId', 'WrappingAlgorithm', 'WrappingKeySpec'],
    // Issuing a token is recorded by the simulator (the token must be redeemable later).
    mutating: true,
    call: (s, i) => s.getParametersForImport(i as never),
  },
  ImportKeyMaterial: {
    required: ['KeyId', 'ImportToken', 'EncryptedKeyMaterial'],
    mutating: true,
    call: (s, i) =>
      s.importKeyMaterial({
        KeyId: i.KeyId as string,
        ImportToken: blob(i, 'ImportToken')!,
        EncryptedKeyMaterial: blob(i, 'EncryptedKeyMaterial')!,
        ExpirationModel: i.ExpirationModel as string | undefined,
        ValidTo: timestamp(i, 'ValidTo'),
        ImportType: i.ImportType as string | undefined,
        KeyMaterialId: i.KeyMaterialId as string | undefined,
        KeyMaterialDescription: i.KeyMaterialDescription as string | undefined,
      }),
  },
  DeleteImportedKeyMaterial: { required: ['KeyId'], mutating: true, call: (s, i) => s.deleteImportedKeyMaterial(i as never) },
  RotateKeyOnDemand: { required: ['KeyId'], mutating: true, call: (s, i) => s.rotateKeyOnDemand(i as never) },
  ListKeyRotations: { required: ['KeyId'], mutating: false, call: (s, i) => s.listKeyRotations(i as never) },
  CreateAlias: { required: ['AliasName', 'TargetKeyId'], mutating: true, call: (s, i) => s.createAlias(i as never) },
  UpdateAlias: { required: ['AliasName', 'TargetKeyId'], mutating: true, call: (s, i) => s.updateAlias(i as never) },
  DeleteAlias: { required: ['AliasName'], mutating: true, call: (s, i) => s.deleteAlias(i as never) },
  ListAliases: { required: [], mutating: false, call: (s, i) => s.listAliases(i as never) },
  TagResource: { required: ['KeyId', 'Tags'], mutating: true, call: (s, i) => s.tagResource({ KeyId: i.KeyId as string, Tags: i.Tags as SimTag[] }) },
  UntagResource: { required: ['KeyId', 'TagKeys'], mutating: true, call: (s, i) => s.untagResource(i as never) },
  ListResourceTags: { required: ['KeyId'], mutating: false, call: (s, i) => s.listResourceTags(i as never) },
  EnableKey: { required: ['KeyId'], mutating: true, call: (s, i) => s.enableKey(i as never) },
  DisableKey: { required: ['KeyId'], mutating: true, call: (s, i) => s.disableKey(i as never) },
  ScheduleKeyDeletion: { required: ['KeyId'], mutating: true, call: (s, i) => s.scheduleKeyDeletion(i as never) },
  CancelKeyDeletion: { required: ['KeyId'], mutating: true, call: (s, i) => s.cancelKeyDeletion(i as never) },
};

/** Operations outside the simulator contract, served only when the simulator happens to offer them. */
const OPTIONAL_OPS: Record<string, { required: readonly string[]; mutating: boolean }> = {
  // Optional so that a sandbox can play an emulator without it (the last-use guard's fallback).
  GetKeyLastUsage: { required: ['KeyId'], mutating: false },
  GetKeyRotationStatus: { required: ['KeyId'], mutating: false },
  UpdateKeyDescription: { required: ['KeyId', 'Description'], mutating: true },
};

export function kmsError(code: string, message: string, status: number): Reply {
  return jsonError(code, message, status);
}

function optionalOp(sim: KmsSimulator, op: string): KmsOp | undefined {
  const spec = OPTIONAL_OPS[op];
  const method = op[0]!.toLowerCase() + op.slice(1);
  const fn = (sim as unknown as Record<string, unknown>)[method];
  if (!spec || typeof fn !== 'function') return undefined;
  return { ...spec, call: (s, i) => (fn as (req: unknown) => unknown).call(s, i) };
}

/** `target` is the X-Amz-Target value. Unknown operations are answered at once. */
export function routeKms(sim: KmsSimulator, target: string): Routed | Reply {
  const op = target.slice(KMS_TARGET_PREFIX.length);
  const spec = OPS[op] ?? optionalOp(sim, op);
  if (!spec) return kmsError('UnknownOperationException', `Unknown operation ${op}`, 400);
  return {
    service: 'kms',
    op,
    mutating: spec.mutating,
    async run(body) {
      try {
        const input = parseJsonBody(body);
        requireFields(input, spec.required);
        const out = await spec.call(sim, input);
        return jsonReply(out ?? undefined);
      } catch (err) {
        return errorFromThrown(err, kmsError, 'KMSInternalException');
      }
    },
  };
}
