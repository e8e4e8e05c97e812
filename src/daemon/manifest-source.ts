import type { DesiredState } from '../core/types.js';
import { UserError, formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

export interface ManifestLoad {
  /** The manifest this tick works with: the fresh one, or the last good one when the fresh one is invalid. */
  desired: DesiredState;
  /** Why the file on disk was not used; null when it was. */
  problem: { diagnostics: Diagnostic[]; since: Date } | null;
  /** True when the digest differs from the previous good manifest. */
  changed: boolean;
}

/**
 * Re-reads the manifest each tick and keeps the last good one. An invalid edit never stops
 * renewals of what was valid before: the daemon goes on with the last good manifest and reports
 * the problem (log, `byok_manifest_valid`, health) until the file is fixed.
 */
export class ManifestSource {
  private good: DesiredState | null;
  private invalidSince: Date | null = null;
  private lastProblem: Diagnostic[] | null = null;

  constructor(
    private readonly load: () => Promise<DesiredState>,
    initial: DesiredState | null = null,
  ) {
    this.good = initial;
  }

  get lastGood(): DesiredState | null {
    return this.good;
  }

  /** Why the file on disk was not used at the last reload; null when it was. */
  get problem(): Diagnostic[] | null {
    return this.lastProblem;
  }

  /** Throws the load error only when no manifest was ever valid. */
  async reload(now: Date): Promise<ManifestLoad> {
    try {
      const desired = await this.load();
      const changed = this.good !== null && this.good.digest !== desired.digest;
      this.good = desired;
      this.invalidSince = null;
      this.lastProblem = null;
      return { desired, problem: null, changed };
    } catch (e) {
      if (this.good === null) throw e;
      this.invalidSince ??= now;
      this.lastProblem = diagnosticsOf(e);
      return { desired: this.good, problem: { diagnostics: this.lastProblem, since: this.invalidSince }, changed: false };
    }
  }
}

function diagnosticsOf(e: unknown): Diagnostic[] {
  if (e instanceof UserError) return e.diagnostics;
  return [{ severity: 'error', code: 'manifest.unreadable', summary: e instanceof Error ? e.message : String(e) }];
}

/** One line per diagnostic, for a log record or a health warning. */
export function describeProblem(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => formatDiagnostic(d).split('\n')[0]).join('; ');
}
