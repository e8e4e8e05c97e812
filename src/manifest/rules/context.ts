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

type KeyWithProvider = { key: DesiredKey; provider: ProviderConfig; origins: KeyOrigins };

/** Built once per draft: ten rules ask for it, and a manifest may hold tens of thousands of keys. */
const resolved = new WeakMap<Draft, readonly KeyWithProvider[]>();

/** Keys with their resolved provider instance; keys on an unknown instance are left out. */
export function keysWithProvider(ctx: RuleContext): readonly KeyWithProvider[] {
  let list = resolved.get(ctx.draft);
  if (!list) {
    const out: KeyWithProvider[] = [];
    for (const key of ctx.draft.keys) {
      const provider = ctx.draft.providers[key.provider];
      const origins = ctx.draft.origins.keys.get(key.name);
      if (provider && origins) out.push({ key, provider, origins });
    }
    list = out;
    resolved.set(ctx.draft, list);
  }
  return list;
}
