/**
 * Huawei KMS REST/JSON conventions: snake_case fields, every value in key_info a string, times in
 * milliseconds as strings (describe) or seconds as numbers (import parameters), errors as
 * `{"error": {"error_code": "KMS.xxxx", "error_msg": "..."}}`; the API gateway's own refusals
 * (signature, throttling) are flat `{"error_code": "APIGW.xxxx", "error_msg": "..."}`.
 */
import { randomUUID } from 'node:crypto';
import { SimError } from '../../sim/sim-types.js';
import type { Reply } from '../aws/types.js';

export function kmsReply(value: unknown, status = 200): Reply {
  const headers: Record<string, string> = { 'x-request-id': randomUUID().replace(/-/g, '') };
  if (value === undefined) return { status, headers };
  headers['content-type'] = 'application/json;charset=UTF-8';
  return { status, headers, body: JSON.stringify(value) };
}

export function kmsError(code: string, message: string, status: number): Reply {
  const reply = kmsReply({ error: { error_code: code, error_msg: message } }, status);
  reply.errorCode = code;
  return reply;
}

export function gatewayError(code: string, message: string, status: number): Reply {
  const reply = kmsReply({ error_code: code, error_msg: message, request_id: randomUUID().replace(/-/g, '') }, status);
  reply.errorCode = code;
  return reply;
}

/** A refusal the wire layer decides itself (field checks before the simulator is called). */
export class HwFail extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const badParam = (message: string): HwFail => new HwFail('KMS.0201', message);

/**
 * Simulator errors in Huawei's words. Codes the reference documents are used where one fits
 * (KMS.0310, KMS.1401/1402, KMS.2601-2606, KMS.0409, KMS.1104); the rest are the sandbox's
 * choice and marked as unverified in the README.
 */
export function fromSimError(e: SimError, op: string): HwFail {
  const m = e.message;
  switch (e.awsCode) {
    case 'NotFoundException':
      return new HwFail('KMS.0205', `The key does not exist: ${m}`, 404);
    case 'KMSInvalidStateException':
      if (op === 'import-key-material') return new HwFail('KMS.0310', 'The key is not in Pending import state');
      if (op === 'schedule-key-deletion' && m.includes('pending deletion')) return new HwFail('KMS.1402', 'The key is already pending deletion');
      return new HwFail('KMS.0303', `The key state does not allow ${op}: ${m}`);
    case 'ExpiredImportTokenException':
      return new HwFail('KMS.2601', 'The import token has expired');
    case 'InvalidImportTokenException':
      return new HwFail('KMS.2603', 'The import token was not issued for this key or is invalid');
    case 'InvalidCiphertextException':
      return new HwFail('KMS.2605', 'Token verification failed: the key material could not be decrypted with this import token');
    case 'IncorrectKeyMaterialException':
      return new HwFail('KMS.2606', 'The imported key material differs from the key material imported before');
    case 'AlreadyExistsException':
      return new HwFail('KMS.1104', m);
    case 'TagException':
      return m === 'Too many tags' ? new HwFail('KMS.0409', 'Too many tags') : new HwFail('KMS.0401', m);
    case 'UnsupportedOperationException':
      return new HwFail('KMS.0309', m);
    default:
      if (op === 'schedule-key-deletion' && m.includes('out of range')) return new HwFail('KMS.1401', m);
      return new HwFail('KMS.0201', m);
  }
}

export function failReply(e: unknown, op: string): Reply {
  if (e instanceof HwFail) return kmsError(e.code, e.message, e.status);
  if (e instanceof SimError) {
    const f = fromSimError(e, op);
    return kmsError(f.code, f.message, f.status);
  }
  throw e;
}

/** The JSON body as an object; anything else is the gateway's malformed-request answer. */
export function parseBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    throw badParam('The request body is not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badParam('The request body must be a JSON object');
  return v as Record<string, unknown>;
}

export function str(b: Record<string, unknown>, field: string, required: true): string;
export function str(b: Record<string, unknown>, field: string, required?: false): string | undefined;
export function str(b: Record<string, unknown>, field: string, required = false): string | undefined {
  const v = b[field];
  if (v === undefined || v === null) {
    if (required) throw badParam(`${field} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw badParam(`${field} must be a string`);
  return v;
}
