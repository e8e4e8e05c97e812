/**
 * Maps every failure of Alibaba's clients (openapi-client POP errors, ali-oss errors, credential
 * chain, network) to a ProviderError with our diagnostic code, keeping Alibaba's code in
 * `providerCode`. Messages are scrubbed of blob-like runs; no request field is ever quoted.
 */
import { isAlibabaThrottling } from '../../catalog/alibaba.js';
import type { DiagnosticCode } from '../../diagnostics/codes.js';
import { ProviderError } from '../port.js';

type Mapping = { code: DiagnosticCode; retryable: boolean };

const NOT_FOUND = new Set(['Forbidden.KeyNotFound', 'Forbidden.AliasNotFound', 'Forbidden.ResourceNotFound', 'NoSuchBucket', 'NoSuchKey', 'NoSuchUpload', 'EntityNotExist.Key']);
const INVALID_STATE = new Set(['Rejected.Disabled', 'Rejected.PendingImport', 'Rejected.PendingDeletion', 'Rejected.StateModifiedFailed', 'Forbidden.KeyStateInvalid']);
const IMPORT_TOKEN = new Set(['InvalidParameter.ImportToken', 'Rejected.ImportTokenExpired', 'Forbidden.ImportTokenExpired', 'InvalidImportToken']);
const ACCESS_DENIED = new Set([
  'SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidAccessKeyId', 'InvalidAccessKeyId.NotFound', 'InvalidAccessKeyId.Inactive',
  'Forbidden.RAM', 'Forbidden.NoPermission', 'Forbidden', 'NoPermission', 'InvalidSecurityToken.Expired', 'InvalidSecurityToken.Malformed',
  'InvalidSecurityToken.MismatchWithAccessKey', 'SignatureNonceUsed', 'InvalidTimeStamp.Expired', 'InvalidCredentials', 'CredentialException',
]);
const UNAVAILABLE = new Set(['InternalError', 'InternalFailure', 'ServiceUnavailable', 'ServiceUnavailableTemporary', 'RequestTimeout']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET', 'ResponseTimeoutError', 'ConnectionTimeoutError', 'RequestError']);

function classify(code: string, status: number | undefined, message: string): Mapping {
  if (NOT_FOUND.has(code)) return { code: 'provider.not-found', retryable: false };
  if (INVALID_STATE.has(code)) return { code: 'provider.invalid-state', retryable: false };
  // OSS answers 403 AccessDenied "This request is forbidden by kms" when the object's key cannot be used.
  if (code === 'AccessDenied' && /forbidden by kms/i.test(message)) return { code: 'provider.invalid-state', retryable: false };
  if (code === 'Rejected.IncorrectKeyMaterial') return { code: 'provider.incorrect-material', retryable: false };
  if (code === 'InvalidParameter.EncryptedKeyMaterial') return { code: 'wrapping.public-key-mismatch', retryable: true };
  if (IMPORT_TOKEN.has(code)) return { code: 'provider.import-token', retryable: true };
  if (isAlibabaThrottling(code) || status === 429) return { code: 'provider.throttled', retryable: true };
  if (ACCESS_DENIED.has(code) || code === 'AccessDenied' || status === 401 || status === 403) return { code: 'provider.access-denied', retryable: false };
  if (UNAVAILABLE.has(code) || NETWORK.has(code)) return { code: 'provider.unavailable', retryable: true };
  if (status !== undefined && status >= 500) return { code: 'provider.unavailable', retryable: true };
  return { code: 'provider.rejected', retryable: false };
}

/**
 * Nothing from a request may reach a message: the clients' network errors quote the request URL,
 * whose query string carries every POP parameter (ImportToken, EncryptedKeyMaterial), so query
 * strings are cut; long base64/hex runs are redacted too.
 */
export function scrub(text: string): string {
  const cleaned = text
    .replace(/(https?:\/\/[^\s?#]*)[?#]\S*/g, '$1?[query redacted]')
    .replace(/[A-Za-z0-9+/=_%-]{64,}/g, '[redacted]')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > 300 ? `${cleaned.slice(0, 297)}...` : cleaned;
}

interface ClientErrorLike {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  message?: unknown;
  data?: { statusCode?: unknown; Code?: unknown; Message?: unknown };
}

/** Alibaba's error code and HTTP status of any error the clients throw. */
export function errorCodeOf(err: unknown): { code: string; status: number | undefined; message: string } {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ClientErrorLike;
  const dataCode = typeof e.data?.Code === 'string' ? e.data.Code : undefined;
  const rawCode = typeof e.code === 'string' ? e.code : undefined;
  // rpc-client appends "Error" to the code; ali-oss names errors "<Code>Error".
  const code = dataCode ?? rawCode ?? (typeof e.name === 'string' ? e.name.replace(/Error$/, '') : 'Unknown');
  const status = typeof e.data?.statusCode === 'number' ? e.data.statusCode : typeof e.status === 'number' && e.status > 0 ? e.status : undefined;
  const message = typeof e.data?.Message === 'string' ? e.data.Message : typeof e.message === 'string' ? e.message : '';
  return { code, status, message };
}

export interface ErrorContext {
  op: string;
  target?: string;
}

export function toProviderError(err: unknown, ctx: ErrorContext): ProviderError {
  if (err instanceof ProviderError) return err;
  const { code, status, message } = errorCodeOf(err);
  const mapping = classify(code, status, message);
  let text = `${ctx.op}${ctx.target ? ` ${ctx.target}` : ''} failed: ${code}${message ? `: ${scrub(message)}` : ''}`;
  if (mapping.code === 'provider.access-denied') {
    text += '. Check the AccessKey (accessKeyIdEnv/accessKeySecretEnv, ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET, the credentials file or the ECS RAM role) and its RAM policy.';
  }
  return new ProviderError(mapping.code, code, text, mapping.retryable);
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ProviderError && err.code === 'provider.not-found';
}
