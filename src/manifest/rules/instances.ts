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
      const urls = endpointsOf(p);
      if (urls.length === 0) continue;
      // A single URL for every service (the string form) is reported once, at `endpoint` itself.
      const shared = urls.length > 1 && urls.every(([, url]) => url === urls[0]![1]);
      for (const [service, url] of shared ? urls.slice(0, 1) : urls) {
        if (isHttpUrl(url)) continue;
        const path: ManifestPath = shared ? ['providers', p.name, 'endpoint'] : ['providers', p.name, 'endpoint', service];
        out.push(problemAt(ctx, 'manifest.schema', path, `invalid endpoint URL \`${url}\` for provider \`${p.name}\``, 'Give an absolute http:// or https:// URL, e.g. http://127.0.0.1:4599 or http://[::1]:4599.'));
      }
    }
    return out;
  },
};

/** The per-service endpoint URLs an instance sets (kms, s3, oss, obs: whatever its type has). */
function endpointsOf(p: ProviderConfig): [string, string][] {
  const ep = 'endpoint' in p ? (p.endpoint as Record<string, string | undefined> | undefined) : undefined;
  return Object.entries(ep ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
}

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

/** What identifies the account and region an instance reaches, whatever its type's fields are. */
function targetOf(p: ProviderConfig): string {
  if (p.type === 'local') return JSON.stringify(['local', p.state ?? '']);
  const fields = p as unknown as Record<string, unknown>;
  const identity = ['region', 'profile', 'projectId', 'instanceId', 'accessKeyIdEnv'].map((f) => fields[f] ?? '');
  const endpoints = endpointsOf(p).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([p.type, ...identity, endpoints]);
}
