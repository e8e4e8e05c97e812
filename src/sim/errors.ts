/** Constructors for the AWS errors the simulator throws (names and HTTP statuses as AWS answers). */
import { SimError } from './sim-types.js';

export const notFound = (message: string): SimError => new SimError('NotFoundException', message);
export const invalidState = (message: string): SimError => new SimError('KMSInvalidStateException', message);
export const validation = (message: string): SimError => new SimError('ValidationException', message);
export const unsupported = (message: string): SimError => new SimError('UnsupportedOperationException', message);
export const tagError = (message: string): SimError => new SimError('TagException', message);

/** AWS's wording for a value outside an enum, so messages look like the real service's. */
export function enumError(value: string, field: string, allowed: readonly string[]): SimError {
  return validation(
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
  );
}

export function s3Error(code: string, message: string, httpStatus: number): SimError {
  return new SimError(code, message, httpStatus);
}
