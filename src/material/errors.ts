import type { MaterialSource } from '../core/types.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { UserError, error } from '../diagnostics/diagnostic.js';
import { describeSource } from './describe.js';

/**
 * Every material failure: the summary names the source and the problem, the detail says what to
 * do. Callers pass only sizes, names, modes and codes — never bytes of the material.
 */
export function materialError(code: DiagnosticCode, source: MaterialSource, problem: string, detail: string): UserError {
  return new UserError(error(code, `${describeSource(source)}: ${problem}`, { detail }));
}
