import { error, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { DiagnosticCode } from '../../diagnostics/codes.js';
import type { DesiredKey, ProviderConfig } from '../../core/types.js';
import type { Draft, KeyOrigins } from '../normalize.js';
import { formatPath, type ManifestPath, type SourceMap } from '../positions.js';

export interface RuleContext {
  draft: Draft;
  source: SourceMap;
}

/** A small named check over the normalised manifest. Rules never throw and never do I/O. */
export interface Rule {
  name: string;
  check(ctx: RuleContext): Diagnostic[];
}

/** An error at a manifest path: scalars are pointed at by value, mappings by their key. */
export function problemAt(ctx: RuleContext, code: DiagnosticCode, path: ManifestPath, summary: string, detail?: string): Diagnostic {
  return error(code, summary, { ...(detail ? { detail } : {}), path: formatPath(path), pos: ctx.source.posOf(path) });
}

/** Keys with their resolved provider instance; keys on an unknown instance are left out. */
export function keysWithProvider(ctx: RuleContext): { key: DesiredKey; provider: ProviderConfig; origins: KeyOrigins }[] {
  return ctx.draft.keys.flatMap((key) => {
    const provider = ctx.draft.providers[key.provider];
    const origins = ctx.draft.origins.keys.get(key.name);
    return provider && origins ? [{ key, provider, origins }] : [];
  });
}
