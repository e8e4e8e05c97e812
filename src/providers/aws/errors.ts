import type { DiagnosticCode } from '../../diagnostics/codes.js';
import { AWS_FACTS } from '../../catalog/aws.js';
import { ProviderError } from '../port.js';
import { scrub } from '../scrub.js';

/**
 * Maps every SDK exception (KMS, S3, tagging API, credential chain, network) to a ProviderError
 * with our diagnostic code, keeping AWS's error name in `providerCode`. Nothing thrown by the SDK
 * leaves `providers/aws`: every call site funnels through `toProviderError`.
 *
 * Messages carry the operation, the target (ARN, alias, bucket) and AWS's own message, scrubbed of
 * anything that looks like a blob; the adapter never puts tokens or wrapped material in a target.
 */

interface SdkErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  Code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number };
}

type Mapping = { code: DiagnosticCode; retryable: boolean };

const NOT_FOUND = ['NotFoundException', 'NoSuchBucket', 'NoSuchKey', 'NotFound', 'NoSuchUpload'];
const INVALID_STATE = ['KMSInvalidStateException', 'DisabledException', 'KMS.DisabledException', 'KMS.KMSInvalidStateException', 'KeyUnavailableException', 'ConflictException'];
const IMPORT_TOKEN = ['ExpiredImportTokenException', 'InvalidImportTokenException'];
const THROTTLED = AWS_FACTS.throttlingErrors;
const UNAVAILABLE = ['KMSInternalException', 'InternalFailure', 'InternalError', 'InternalServiceException', 'ServiceUnavailable', 'ServiceUnavailableException', 'DependencyTimeoutException', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ConditionalRequestConflict'];
const ACCESS_DENIED = [
  'AccessDeniedException', 'AccessDenied', 'UnrecognizedClientException', 'InvalidSignatureException', 'SignatureDoesNotMatch',
  'InvalidAccessKeyId', 'InvalidClientTokenId', 'ExpiredTokenException', 'ExpiredToken', 'CredentialsProviderError',
  'IncompleteSignature', 'MissingAuthenticationToken', 'AllAccessDisabled', 'AccountProblem', 'OptInRequired',
];
const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET'];

function classify(name: string, status: number | undefined, message: string, networkCode: string | undefined): Mapping {
  if (NOT_FOUND.includes(name)) return { code: 'provider.not-found', retryable: false };
  if (INVALID_STATE.includes(name)) return { code: 'provider.invalid-state', retryable: false };
  if (name === 'IncorrectKeyMaterialException') return { code: 'provider.incorrect-material', retryable: false };
  // KMS could not unwrap: the material was wrapped for other parameters; fresh parameters fix it.
  if (name === 'InvalidCiphertextException') return { code: 'wrapping.public-key-mismatch', retryable: true };
  if (IMPORT_TOKEN.includes(name)) return { code: 'provider.import-token', retryable: true };
  if (THROTTLED.includes(name) || status === 429) return { code: 'provider.throttled', retryable: true };
  // Ambiguous names (KMS's LimitExceededException: request rates, or resource quotas such as keys
  // per Region): only a rate is worth retrying, and the message says which.
  if (AWS_FACTS.ambiguousThrottlingErrors.includes(name)) {
    return /rate|throttl|too many requests|per second/i.test(message)
      ? { code: 'provider.throttled', retryable: true }
      : { code: 'provider.rejected', retryable: false };
  }
  if (ACCESS_DENIED.includes(name) || status === 401 || status === 403) return { code: 'provider.access-denied', retryable: false };
  if (UNAVAILABLE.includes(name) || (networkCode !== undefined && NETWORK_CODES.includes(networkCode))) return { code: 'provider.unavailable', retryable: true };
  if (status !== undefined && status >= 500) return { code: 'provider.unavailable', retryable: true };
  if (status !== undefined && status >= 400) return { code: 'provider.rejected', retryable: false };
  return { code: 'provider.rejected', retryable: false };
}


export interface ErrorContext {
  /** Operation name, e.g. `CreateKey`. */
  op: string;
  /** Key id/ARN, alias or bucket the call was about. */
  target?: string;
  /** Configured profile, for the access-denied hint. */
  profile?: string;
  /** Where requests go (`http://127.0.0.1:4599`, `AWS eu-west-1`), for not-implemented answers. */
  endpoint?: string;
}

/** Names emulators and gateways give an operation they do not serve. */
const NOT_IMPLEMENTED = ['NotImplemented', 'NotImplementedException', 'UnknownOperationException', 'InvalidAction', 'UnsupportedOperationException'];

/**
 * Failures that are about the setup rather than one call: no credentials, no region, an operation
 * the endpoint does not serve, an answer that is not AWS's JSON/XML. One clear line each.
 */
function setupError(err: SdkErrorLike & Error, name: string, status: number | undefined, ctx: ErrorContext): ProviderError | null {
  const message = typeof err.message === 'string' ? err.message : '';
  if (name === 'CredentialsProviderError') {
    const where = ctx.profile ? ` (profile ${ctx.profile})` : '';
    return new ProviderError('provider.access-denied', name, `no AWS credentials found${where} for ${ctx.op}. ${credentialsHint(ctx.profile)}`, false);
  }
  if (/^Region is missing/.test(message)) {
    return new ProviderError('provider.config', 'NoRegion', `no AWS region for ${ctx.op}: set region on the provider in the manifest, or AWS_REGION / AWS_DEFAULT_REGION, or region in the AWS profile`, false);
  }
  if (status === 501 || NOT_IMPLEMENTED.includes(name)) {
    return new ProviderError('provider.rejected', 'NotImplemented', `operation ${ctx.op} is not available at ${ctx.endpoint ?? 'the endpoint'} (HTTP ${status ?? 501})`, false);
  }
  // The SDK could not parse the answer: a proxy's or an emulator's text/HTML page, not AWS's format.
  if (name === 'SyntaxError' || /Deserialization error/.test(message)) {
    const transient = status !== undefined && status >= 500;
    return new ProviderError(
      transient ? 'provider.unavailable' : 'provider.rejected',
      `HTTP${status ?? ''}`,
      `${ctx.op}${ctx.target ? ` ${ctx.target}` : ''} failed: ${ctx.endpoint ?? 'the endpoint'} answered HTTP ${status ?? '?'} with a body that is not an AWS response`,
      transient,
    );
  }
  return null;
}

function credentialsHint(profile: string | undefined): string {
  if (profile) return `Log in for profile ${profile} (\`aws sso login --profile ${profile}\`), or check its entry in ~/.aws/config and ~/.aws/credentials.`;
  return 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or set profile on the provider in the manifest; on AWS compute, attach a role.';
}

function accessHint(profile: string | undefined): string {
  const who = profile ? `profile '${profile}' (from the manifest)` : 'the default credential chain (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, instance or web-identity role)';
  return `Check the credentials of ${who}: they must be valid, unexpired, and allowed to call this operation.`;
}

function isSdkErrorLike(err: unknown): err is SdkErrorLike & Error {
  return typeof err === 'object' && err !== null && 'name' in err;
}

export function toProviderError(err: unknown, ctx: ErrorContext): ProviderError {
  if (err instanceof ProviderError) return err;
  if (!isSdkErrorLike(err)) return new ProviderError('internal', 'Unknown', `${ctx.op}: unexpected failure`);
  const rawName = typeof err.name === 'string' ? err.name : 'Error';
  const errorCode = typeof err.Code === 'string' ? err.Code : undefined;
  // S3 sometimes reports only a generic name with the real code in `Code`.
  const name = rawName === 'Error' || rawName === 'S3ServiceException' || rawName === 'KMSServiceException' ? (errorCode ?? rawName) : rawName;
  const networkCode = typeof err.code === 'string' ? err.code : undefined;
  const status = err.$metadata?.httpStatusCode;
  const message = typeof err.message === 'string' ? err.message : '';
  const setup = setupError(err, name, status, ctx);
  if (setup) return setup;
  const isSdkError = err.$metadata !== undefined || err.$fault !== undefined || name === 'CredentialsProviderError' || networkCode !== undefined || name === 'TimeoutError';
  if (!isSdkError) {
    return new ProviderError('internal', name, `${ctx.op}${ctx.target ? ` ${ctx.target}` : ''}: ${scrub(message)}`);
  }
  const mapping = classify(name, status, message, networkCode);
  const providerCode = networkCode !== undefined && status === undefined ? networkCode : name;
  let text = `${ctx.op}${ctx.target ? ` ${ctx.target}` : ''} failed: ${providerCode}${message ? `: ${scrub(message)}` : ''}`;
  if (mapping.code === 'provider.access-denied') text += `. ${accessHint(ctx.profile)}`;
  return new ProviderError(mapping.code, providerCode, text, mapping.retryable);
}

/** True when a mapped error means "the resource does not exist" (callers turn it into null). */
export function isNotFound(err: unknown): boolean {
  return err instanceof ProviderError && err.code === 'provider.not-found';
}
