/**
 * AWS JSON 1.1 (awsJson1_1), shared by KMS and the Resource Groups Tagging API: `POST /` with
 * `X-Amz-Target: <Service>.<Operation>`, blobs as base64 strings, timestamps as epoch seconds
 * (JSON numbers), errors as HTTP 4xx/5xx with `{"__type": "<Code>", "message": "..."}`.
 */
import { randomUUID } from 'node:crypto';
import { SimError } from '../../sim/sim-types.js';
import type { Reply } from './types.js';

export const JSON_11 = 'application/x-amz-json-1.1';

export function jsonReply(value: unknown, status = 200): Reply {
  const body = value === undefined ? '' : JSON.stringify(toWire(value));
  return { status, headers: { 'content-type': JSON_11, 'x-amzn-requestid': randomUUID() }, body };
}

export function jsonError(code: string, message: string, status: number): Reply {
  const reply = jsonReply({ __type: code, message }, status);
  // SDKs read `__type` from the body; some clients prefer this header.
  reply.headers['x-amzn-errortype'] = code;
  reply.errorCode = code;
  return reply;
}

/** Dates become epoch seconds, Buffers base64; undefined fields are dropped. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/** Thrown by input readers; becomes a 400 with this code. */
export class WireError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WireError('SerializationException', 'Start of structure or map found where not expected, or the body is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new WireError('SerializationException', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** AWS's wording for a missing required member (`Value null at 'keyId' ...`). */
export function requireFields(input: Record<string, unknown>, names: readonly string[]): void {
  const missing = names.filter((n) => input[n] === undefined || input[n] === null);
  if (missing.length === 0) return;
  const parts = missing.map((n) => `Value null at '${n[0]!.toLowerCase()}${n.slice(1)}' failed to satisfy constraint: Member must not be null`);
  throw new WireError('ValidationException', `${missing.length} validation error${missing.length > 1 ? 's' : ''} detected: ${parts.join('; ')}`);
}

export function blob(input: Record<string, unknown>, name: string): Buffer | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) throw new WireError('SerializationException', `${name} must be a base64 string`);
  return Buffer.from(v, 'base64');
}

export function timestamp(input: Record<string, unknown>, name: string): Date | undefined {
  const v = input[name];
  if (v === undefined || v === null) return undefined;
  const d = typeof v === 'number' ? new Date(v * 1000) : typeof v === 'string' ? new Date(/^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v)) : new Date(NaN);
  if (Number.isNaN(d.getTime())) throw new WireError('SerializationException', `${name} must be a timestamp (epoch seconds)`);
  return d;
}

/** A thrown simulator error (or anything else) as the service's error answer. */
export function errorFromThrown(
  err: unknown,
  errorReply: (code: string, message: string, status: number) => Reply,
  internal: string,
): Reply {
  if (err instanceof WireError) return errorReply(err.code, err.message, 400);
  const sim = asSimError(err);
  if (sim) return errorReply(sim.awsCode, sim.message, sim.httpStatus);
  return errorReply(internal, 'We encountered an internal error. Please try again.', 500);
}

/** Duck-typed so that a second copy of the module (or a subclass) is still recognised. */
export function asSimError(err: unknown): SimError | null {
  if (err instanceof SimError) return err;
  if (err instanceof Error && typeof (err as Partial<SimError>).awsCode === 'string' && typeof (err as Partial<SimError>).httpStatus === 'number') {
    return err as SimError;
  }
  return null;
}
