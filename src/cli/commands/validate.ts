import { parseArgs } from 'node:util';
import { loadManifest } from '../../manifest/index.js';
import { resolve } from 'node:path';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { printDiagnostics, reportFailure } from '../common.js';
import type { CliIO } from '../io.js';

/** Validates the manifest (schema, rules, wrapping compatibility, material) without any API call. */
export async function validateCommand(argv: string[], io: CliIO): Promise<number> {
  try {
    const { values } = parseArgs({ args: argv, options: { file: { type: 'string', short: 'f', default: 'keys.yaml' } }, strict: true });
    const file = resolve(io.cwd, values.file!);
    const { desired, diagnostics } = await loadManifest(file, { env: io.env, cwd: io.cwd });
    printDiagnostics(io, diagnostics);
    if (!desired || hasErrors(diagnostics)) {
      const n = diagnostics.filter((d) => d.severity === 'error').length;
      io.stderr(`\n${values.file}: ${n} error${n === 1 ? '' : 's'}; nothing was changed.\n`);
      return 1;
    }
    io.stdout(`${values.file} is valid: manifest "${desired.name}", ${desired.keys.length} key(s), ${desired.buckets.length} bucket(s).\n`);
    return 0;
  } catch (e) {
    return reportFailure(io, e);
  }
}
