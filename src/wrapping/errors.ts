import type { DiagnosticCode } from '../diagnostics/codes.js';
import { UserError, error } from '../diagnostics/diagnostic.js';

/**
 * Wrapping failures. Summaries and details are built only from algorithm names, key specs and
 * sizes: never from material, keys or ciphertexts.
 */
export function wrappingError(code: DiagnosticCode, summary: string, detail?: string): UserError {
  return new UserError(error(code, summary, detail === undefined ? {} : { detail }));
}
