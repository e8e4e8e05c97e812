import { formatDiagnostic, UserError, error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { ProviderError } from '../providers/port.js';
import { SimError } from '../sim/sim-types.js';
import { LocalStateError } from '../sim/store.js';
import type { CliIO, Command } from './io.js';

/**
 * The CLI's one error boundary: every command runs inside it, and it alone turns a failure into
 * stderr lines and an exit code. User mistakes and provider errors are one diagnostic each and exit
 * 1 without a stack trace; only an unexpected error is `internal`, with its stack under BYOK_DEBUG=1.
 */
export interface BoundaryOptions {
  /** Print each diagnostic on one line (its detail after a dash): for `local`, whose output is scripted. */
  oneLine?: boolean;
}

export function withBoundary(command: Command, options: BoundaryOptions = {}): Command {
  return async (argv, io) => {
    try {
      return await command(argv, io);
    } catch (e) {
      return reportFailure(io, e, options);
    }
  };
}

export function reportFailure(io: CliIO, e: unknown, options: BoundaryOptions = {}): number {
  const print = (d: Diagnostic) => io.stderr(`${options.oneLine ? formatDiagnostic(d).replace(/\n\s+/g, ' — ') : formatDiagnostic(d)}\n`);
  if (e instanceof UserError) e.diagnostics.forEach(print);
  else if (e instanceof ProviderError) print(error(e.code, providerMessage(e)));
  // The simulator answers like S3/KMS do: `Code: message`, as a script against the real cloud would see.
  else if (e instanceof SimError) io.stderr(`${e.awsCode}: ${e.message}\n`);
  else if (e instanceof LocalStateError) print(error('provider.config', e.message));
  else {
    io.stderr(`error[internal]: ${e instanceof Error ? e.message : String(e)}\n`);
    if (io.env.BYOK_DEBUG && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
  }
  return 1;
}

/** The provider's error name once: adapters' own sentences (lower case) and messages that name it stand alone. */
function providerMessage(e: ProviderError): string {
  return e.message.includes(e.providerCode) || /^[a-z]/.test(e.message) ? e.message : `${e.providerCode}: ${e.message}`;
}

export function printDiagnostics(io: CliIO, diags: readonly Diagnostic[]): void {
  for (const d of diags) io.stderr(`${formatDiagnostic(d)}\n`);
}

export { UserError };
