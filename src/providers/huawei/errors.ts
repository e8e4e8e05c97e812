/**
 * Huawei answers in our codes. KMS errors come as `{"error": {"error_code", "error_msg"}}`, the API
 * gateway's (signature, throttling) flat as `{"error_code", "error_msg"}`. Messages are scrubbed of
 * anything blob-like, so no token or wrapped material can reach a log.
 */
import type { DiagnosticCode } from '../../diagnostics/codes.js';
import { scrub } from '../scrub.js';
import { ProviderError } from '../port.js';

const NOT_FOUND = new Set(['KMS.0205', 'KMS.0207', 'KMS.1103']);
const INVALID_STATE = new Set(['KMS.0303', 'KMS.0310', 'KMS.2701', 'KMS.1402']);
const TOKEN = new Set(['KMS.2601', 'KMS.2603', 'KMS.2605']);

function classify(code: string, status: number): { code: DiagnosticCode; retryable: boolean } {
  if (status === 429 || code === 'APIGW.0308' || code === 'KMS.0002') return { code: 'provider.throttled', retryable: true };
  if (status >= 500) return { code: 'provider.unavailable', retryable: true };
  if (status === 401 || status === 403 || code.startsWith('APIGW.03')) return { code: 'provider.access-denied', retryable: false };
  if (NOT_FOUND.has(code) || status === 404) return { code: 'provider.not-found', retryable: false };
  if (INVALID_STATE.has(code)) return { code: 'provider.invalid-state', retryable: false };
  if (TOKEN.has(code)) return { code: 'provider.import-token', retryable: false };
  if (code === 'KMS.2606' || code === 'KMS.2608' || code === 'KMS.2609') return { code: 'provider.incorrect-material', retryable: false };
  return { code: 'provider.rejected', retryable: false };
}

export function errorFromResponse(op: string, target: string | undefined, status: number, body: unknown): ProviderError {
  const b = (body ?? {}) as Record<string, unknown>;
  const nested = (typeof b['error'] === 'object' && b['error'] !== null ? b['error'] : b) as Record<string, unknown>;
  const code = typeof nested['error_code'] === 'string' ? nested['error_code'] : `HTTP${status}`;
  const msg = typeof nested['error_msg'] === 'string' ? nested['error_msg'] : '';
  const mapped = classify(code, status);
  let text = `${op}${target ? ` ${target}` : ''} failed: ${code}${msg ? `: ${scrub(msg)}` : ''}`;
  if (mapped.code === 'provider.access-denied') {
    text += '. Check the AK/SK (HUAWEICLOUD_SDK_AK/SK or the manifest\'s accessKeyIdEnv/accessKeySecretEnv) and the IAM permissions of that user';
  }
  return new ProviderError(mapped.code, code, text, mapped.retryable);
}

/** Network failures (no HTTP answer): retryable, never carrying the request (it may hold a token). */
export function networkError(op: string, target: string | undefined, err: unknown): ProviderError {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'NetworkError';
  const msg = typeof e?.message === 'string' ? scrub(e.message) : '';
  return new ProviderError('provider.unavailable', code, `${op}${target ? ` ${target}` : ''} failed: ${code}${msg ? `: ${msg}` : ''}`, true);
}
