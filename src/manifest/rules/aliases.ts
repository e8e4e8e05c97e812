import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatPath, type ManifestPath } from '../positions.js';
import { aliasProblem, CATALOG } from '../../catalog/index.js';
import { keysWithProvider, problemAt, type Rule } from './context.js';

/** An alias points at exactly one key: two claims on one provider instance would fight forever. */
export const duplicateAliasRule: Rule = {
  name: 'duplicate-alias',
  check(ctx) {
    const out: Diagnostic[] = [];
    // The first claim keeps only its key and index: paths are built when there is a duplicate.
    const first = new Map<string, { key: string; index: number }>();
    for (const key of ctx.draft.keys) {
      key.aliases.forEach((alias, i) => {
        const id = `${key.provider}\u0000${alias}`;
        const claim = first.get(id);
        if (!claim) {
          first.set(id, { key: key.name, index: i });
          return;
        }
        const path: ManifestPath = ['keys', key.name, 'aliases', i];
        const prior = { key: claim.key, path: ['keys', claim.key, 'aliases', claim.index] as ManifestPath };
        const { line } = ctx.source.posOf(prior.path);
        const summary = prior.key === key.name
          ? `alias \`${alias}\` is listed twice in keys.${key.name}.aliases`
          : `alias \`${alias}\` is claimed by keys \`${prior.key}\` and \`${key.name}\``;
        out.push(problemAt(ctx, 'manifest.duplicate-alias', path, summary,
          `An alias points at one key. It is first claimed at ${formatPath(prior.path)} (line ${line}); keep only one.`));
      });
    }
    return out;
  },
};

/** Alias names follow the naming rules of the provider they are created in. */
export const aliasNameRule: Rule = {
  name: 'alias-name',
  check(ctx) {
    return keysWithProvider(ctx).flatMap(({ key, provider }) =>
      key.aliases.flatMap((alias, i) => {
        const why = aliasProblem(alias, CATALOG[provider.type].alias);
        if (why === null) return [];
        return [problemAt(ctx, 'manifest.alias-name', ['keys', key.name, 'aliases', i], `alias \`${alias}\` ${why}`,
          `Alias names on ${provider.type} (provider \`${provider.name}\`) ${aliasHint(provider.type)}.`)];
      }),
    );
  },
};

function aliasHint(type: keyof typeof CATALOG): string {
  const r = CATALOG[type].alias;
  const parts = [
    r.prefix ? `start with \`${r.prefix}\`` : undefined,
    r.reserved.length > 0 ? `not with ${r.reserved.map((p) => `\`${p}\``).join(', ')}` : undefined,
    `use 1-${r.maxLength} characters from letters, digits and \`:/_-\``,
    r.forbiddenSuffix ? `and do not end in \`${r.forbiddenSuffix}\`` : undefined,
  ];
  return parts.filter(Boolean).join(', ');
}
