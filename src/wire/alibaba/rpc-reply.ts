/**
 * Alibaba POP RPC answers: JSON bodies with `RequestId`; errors carry `Code`, `Message`,
 * `HostId` and `Recommend` with the HTTP status Alibaba uses (400 parameters, 404 not found,
 * 409 state conflicts, 5xx server side). Simulator errors (AWS names) are translated here.
 */
import { randomUUID } from 'node:crypto';
import { asSimError } from '../aws/json-wire.js';
import type { WireReply } from './types.js';

export class PopError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function popReply(value: Record<string, unknown>): WireReply {
  const body = JSON.stringify({ RequestId: randomUUID().toUpperCase(), ...value });
  return { status: 200, headers: { 'content-type': 'application/json;charset=utf-8' }, body };
}

export function popError(code: string, message: string, status: number): WireReply {
  const requestId = randomUUID().toUpperCase();
  const body = JSON.stringify({
    RequestId: requestId,
    HostId: 'kms.sandbox.aliyuncs.com',
    Code: code,
    Message: message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Kms&requestId=${requestId}`,
  });
  return { status, headers: { 'content-type': 'application/json;charset=utf-8' }, body, errorCode: code };
}

/**
 * The simulator's AWS error names in Alibaba's codes. `Forbidden.KeyNotFound`,
 * `Forbidden.AliasNotFound`, `Rejected.*` (409) and `InvalidParameter` are Alibaba's documented
 * families; the import-specific names are ours where Alibaba documents none (see README).
 */
function translate(awsCode: string, message: string): { code: string; status: number } {
  switch (awsCode) {
    case 'NotFoundException':
      return /alias/i.test(message) ? { code: 'Forbidden.AliasNotFound', status: 404 } : { code: 'Forbidden.KeyNotFound', status: 404 };
    case 'KMSInvalidStateException':
      if (/not pending deletion/.test(message)) return { code: 'Rejected.StateModifiedFailed', status: 409 };
      if (/is disabled/.test(message)) return { code: 'Rejected.Disabled', status: 409 };
      if (/pending import/.test(message)) return { code: 'Rejected.PendingImport', status: 409 };
      if (/pending deletion/.test(message)) return { code: 'Rejected.PendingDeletion', status: 409 };
      return { code: 'Rejected.StateModifiedFailed', status: 409 };
    case 'AlreadyExistsException':
      return { code: 'Rejected.AlreadyExists', status: 409 };
    case 'IncorrectKeyMaterialException':
      return { code: 'Rejected.IncorrectKeyMaterial', status: 400 };
    case 'InvalidImportTokenException':
      return { code: 'InvalidParameter.ImportToken', status: 400 };
    case 'ExpiredImportTokenException':
      return { code: 'Rejected.ImportTokenExpired', status: 400 };
    case 'InvalidCiphertextException':
      return { code: 'InvalidParameter.EncryptedKeyMaterial', status: 400 };
    case 'UnsupportedOperationException':
      return { code: 'UnsupportedOperation', status: 400 };
    case 'ValidationException':
    case 'NotAuthorizedException':
    case 'TagException':
    case 'InvalidArnException':
    case 'InvalidMarkerException':
      return { code: 'InvalidParameter', status: 400 };
    default:
      return { code: 'InternalFailure', status: 500 };
  }
}

export function popErrorFromThrown(err: unknown): WireReply {
  if (err instanceof PopError) return popError(err.code, err.message, err.status);
  const sim = asSimError(err);
  if (sim) {
    const t = translate(sim.awsCode, sim.message);
    // AWS ARNs in simulator messages become Alibaba's.
    return popError(t.code, sim.message.replace(/arn:aws(?:-cn)?:kms:/g, 'acs:kms:'), t.status);
  }
  return popError('InternalError', 'The request processing has failed due to some unknown error, exception or failure.', 500);
}
