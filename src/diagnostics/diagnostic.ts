import type { DiagnosticCode } from './codes.js';

export type Severity = 'error' | 'warning';

/** A place in a source file; line and column are 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  column: number;
}

/**
 * Diagnostics are data. `summary` is one line; `detail` says what to do. `path` is the manifest
 * path (e.g. `keys.payments.material.file`) where one applies. Neither ever contains key material.
 */
export interface Diagnostic {
  severity: Severity;
  code: DiagnosticCode;
  summary: string;
  detail?: string;
  path?: string;
  pos?: SourcePos;
}

export function error(code: DiagnosticCode, summary: string, extra: Omit<Partial<Diagnostic>, 'code' | 'summary' | 'severity'> = {}): Diagnostic {
  return { severity: 'error', code, summary, ...extra };
}

export function warning(code: DiagnosticCode, summary: string, extra: Omit<Partial<Diagnostic>, 'code' | 'summary' | 'severity'> = {}): Diagnostic {
  return { severity: 'warning', code, summary, ...extra };
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/**
 * A failure meant for the user: the CLI prints its diagnostics (never a stack trace) and exits 1.
 * Throw it only where returning diagnostics as values is impractical (deep in I/O paths).
 */
export class UserError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map((d) => d.summary).join('; '));
    this.name = 'UserError';
    this.diagnostics = list;
  }
}

/** `file:line:column: error[code]: summary` followed by an indented detail line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.pos ? `${d.pos.file}:${d.pos.line}:${d.pos.column}: ` : '';
  const field = d.path ? ` (${d.path})` : '';
  const head = `${where}${d.severity}[${d.code}]: ${d.summary}${field}`;
  return d.detail ? `${head}\n  ${d.detail}` : head;
}
