import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ProviderConfig } from '../../core/types.js';
import type { ManifestPath } from '../positions.js';
import { problemAt, type Rule, type RuleContext } from './context.js';

/** `endpoint` URLs must parse and be http(s): a typo would otherwise surface only at the first call. */
export const endpointUrlRule: Rule = {
  name: 'endpoint-url',
  check(ctx) {
    const out: Diagnostic[] = [];
    for (const p of Object.values(ctx.draft.providers)) {
      const ep = p.endpoint;
      if (!ep) continue;
      const shared = ep.kms !== undefined && ep.kms === ep.s3;
      for (const service of shared ? (['kms'] as const) : (['kms', 's3'] as const)) {
        const url = ep[service];
        if (url === undefined || isHttpUrl(url)) continue;
        const path: ManifestPath = shared ? ['providers', p.name, 'endpoint'] : ['providers', p.name, 'endpoint', service];
        out.push(problemAt(ctx, 'manifest.schema', path, `invalid endpoint URL \`${url}\` for provider \`${p.name}\``, 'Give an absolute http:// or https:// URL, e.g. http://127.0.0.1:4599 or http://[::1]:4599.'));
      }
    }
    return out;
  },
};

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Two instances that reach the same account and region (same type, region, endpoint and profile;
 * or the same local state file) would each move shared aliases to their own keys, back and forth
 * on every apply. Refused: one account and region is one instance.
 */
export const sameTargetRule: Rule = {
  name: 'same-provider-target',
  check(ctx: RuleContext) {
    const seen = new Map<string, string>();
    const out: Diagnostic[] = [];
    for (const p of Object.values(ctx.draft.providers)) {
      const id = targetOf(p);
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, p.name);
        continue;
      }
      out.push(problemAt(ctx, 'provider.config', ['providers', p.name], `provider instances \`${first}\` and \`${p.name}\` reach the same ${p.type === 'local' ? 'local state file' : 'account and region'}`,
        `Each would move the other's aliases and buckets to its own keys on every apply. Keep one instance and point keys and buckets at it (or give them different regions, profiles or endpoints).`));
    }
    return out;
  },
};

function targetOf(p: ProviderConfig): string {
  if (p.type === 'local') return JSON.stringify(['local', p.state ?? '']);
  return JSON.stringify([p.type, p.region ?? '', p.profile ?? '', p.endpoint?.kms ?? '', p.endpoint?.s3 ?? '']);
}
