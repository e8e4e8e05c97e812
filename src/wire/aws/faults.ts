/** AWS's answers for injected faults and throttling; the dice themselves are in ../faults.ts. */
import type { ErrorReply, Reply, Service } from './types.js';

export { faultDice, seededRandom, type BeforeFault, type FaultDice } from '../faults.js';

/** The 5xx answer each service gives for an internal failure. */
export function faultReply(service: Service, status: 500 | 503, errorReply: ErrorReply): Reply {
  const codes: Record<Service, Record<500 | 503, string>> = {
    kms: { 500: 'KMSInternalException', 503: 'ServiceUnavailableException' },
    tagging: { 500: 'InternalServiceException', 503: 'ServiceUnavailableException' },
    s3: { 500: 'InternalError', 503: 'SlowDown' },
  };
  const message = status === 500 ? 'We encountered an internal error. Please try again.' : 'Service unavailable. Please reduce your request rate and retry.';
  return errorReply(codes[service][status], message, status);
}

/** The throttling answer each service gives when a quota is exceeded. */
export function throttleReply(service: Service, errorReply: ErrorReply): Reply {
  if (service === 's3') return errorReply('SlowDown', 'Please reduce your request rate.', 503);
  if (service === 'tagging') return errorReply('ThrottledException', 'Rate exceeded', 400);
  return errorReply('ThrottlingException', 'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.', 400);
}
