/** SimError (AWS names) -> ProviderError (our codes). Nothing else leaves the local adapter. */
import type { DiagnosticCode } from '../../diagnostics/codes.js';
import { ProviderError } from '../port.js';
import { SimError } from '../../sim/sim-types.js';
import { LocalStateError } from '../../sim/store.js';

const BY_AWS_CODE: Readonly<Record<string, DiagnosticCode>> = {
  NotFoundException: 'provider.not-found',
  NoSuchBucket: 'provider.not-found',
  NoSuchKey: 'provider.not-found',
  'KMS.NotFoundException': 'provider.not-found',
  KMSInvalidStateException: 'provider.invalid-state',
  DisabledException: 'provider.invalid-state',
  'KMS.DisabledException': 'provider.invalid-state',
  'KMS.KMSInvalidStateException': 'provider.invalid-state',
  InvalidObjectState: 'provider.invalid-state',
  IncorrectKeyMaterialException: 'provider.incorrect-material',
  ExpiredImportTokenException: 'provider.import-token',
  InvalidImportTokenException: 'provider.import-token',
  NotAuthorizedException: 'provider.access-denied',
  AccessDenied: 'provider.access-denied',
  ThrottlingException: 'provider.throttled',
  SlowDown: 'provider.throttled',
};

function codeFor(e: SimError): DiagnosticCode {
  const mapped = BY_AWS_CODE[e.awsCode];
  if (mapped) return mapped;
  if (e.httpStatus >= 500) return 'provider.unavailable';
  // Validation*, TagException, AlreadyExists, InvalidCiphertext, UnsupportedOperation, PreconditionFailed, ...
  return 'provider.rejected';
}

export function toProviderError(e: unknown): ProviderError {
  if (e instanceof ProviderError) return e;
  if (e instanceof SimError) {
    const code = codeFor(e);
    return new ProviderError(code, e.awsCode, e.message, code === 'provider.throttled' || code === 'provider.unavailable');
  }
  if (e instanceof LocalStateError) return new ProviderError('provider.config', 'LocalStateError', e.message);
  return new ProviderError('internal', e instanceof Error ? e.name : 'Error', e instanceof Error ? e.message : String(e));
}

/** Runs a simulator call, translating its errors. */
export async function call<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toProviderError(e);
  }
}

/** null instead of an error when the resource is not there (the port's convention). */
export async function orNull<T>(fn: () => T | Promise<T>, notFoundCodes: readonly string[]): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof SimError && notFoundCodes.includes(e.awsCode)) return null;
    throw toProviderError(e);
  }
}
