import type { AliasRule } from './types.js';

/** Why `alias` is not a valid alias name under `rule`, or null when it is. */
export function aliasProblem(alias: string, rule: AliasRule): string | null {
  if (rule.prefix && !alias.startsWith(rule.prefix)) return `must start with \`${rule.prefix}\``;
  if (rule.prefix && alias.length === rule.prefix.length) return `needs a name after \`${rule.prefix}\``;
  const reserved = rule.reserved.find((r) => alias.startsWith(r));
  if (reserved) return `must not start with \`${reserved}\` (reserved for the provider's own keys)`;
  if (alias.length > rule.maxLength) return `is ${alias.length} characters long; the limit is ${rule.maxLength}`;
  if (!rule.pattern.test(alias)) return 'may only contain letters, digits and `:/_-`';
  if (rule.forbiddenSuffix && alias.endsWith(rule.forbiddenSuffix)) return `must not end in \`${rule.forbiddenSuffix}\``;
  return null;
}
