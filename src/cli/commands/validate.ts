import { resolve } from 'node:path';
import { collectAfterParse } from '../../engine/manifest-load.js';
import { loadManifest } from '../../manifest/index.js';
import { hasErrors } from '../../diagnostics/diagnostic.js';
import { renderJson } from '../../render/index.js';
import { parseFor } from '../args.js';
import { printDiagnostics, withBoundary } from '../boundary.js';
import { oneOf } from '../common.js';
import type { CliIO } from '../io.js';
import { SPECS, helpText } from '../specs.js';

/**
 * Validates the manifest (schema, rules, wrapping compatibility, material) without any API call.
 * `--format json` prints every diagnostic as data (file, line, column, code) for editors and CI.
 */
export const validateCommand = withBoundary(async (argv: string[], io: CliIO): Promise<number> => {
  const { values, help } = parseFor(SPECS.validate, argv);
  if (help) return io.stdout(helpText(SPECS.validate)), 0;
  const format = oneOf('--format', values.format, ['text', 'json'] as const, 'text');
  const shown = values.file ?? 'keys.yaml';
  // In this process, whatever the size: validate ends right after loading, so the loader thread of
  // plan and apply (engine/manifest-load.ts) would only add its start-up and a copy of the result.
  // Like that thread, it collects the yaml library's token tree as soon as it is garbage (a large
  // manifest the strict parse leaves to that library).
  const file = resolve(io.cwd, shown);
  const { desired, diagnostics } = await loadManifest(file, { env: io.env, cwd: io.cwd, ...collectAfterParse(file) });
  const valid = Boolean(desired) && !hasErrors(diagnostics);
  if (format === 'json') {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    io.stdout(renderJson({ formatVersion: 1, file: shown, valid, errors, warnings: diagnostics.length - errors, diagnostics }));
    return valid ? 0 : 1;
  }
  printDiagnostics(io, diagnostics);
  if (!desired || !valid) {
    const n = diagnostics.filter((d) => d.severity === 'error').length;
    io.stderr(`\n${shown}: ${n} error${n === 1 ? '' : 's'}; nothing was changed.\n`);
    return 1;
  }
  io.stdout(`${shown} is valid: manifest "${desired.name}", ${desired.keys.length} key(s), ${desired.buckets.length} bucket(s).\n`);
  return 0;
});
