import { parseArgs } from 'node:util';
import { UserError, error } from '../diagnostics/diagnostic.js';
import type { FlagName, FlagValues } from './flags.js';
import { flagDef, usageLine, type CommandSpec } from './specs.js';

export interface ParsedArgs {
  values: FlagValues;
  positionals: string[];
  /** `--help` was given: print the command's help, exit 0, do nothing else. */
  help: boolean;
}

/**
 * Parses argv for one command. Every mistake (unknown flag, missing value, wrong number of
 * arguments) is a `cli.usage` error naming the flag, with a did-you-mean and the usage line.
 */
export function parseFor(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const defs = [...spec.flags, 'help' as const].map(flagDef);
  const end = argv.indexOf('--');
  if ((end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h')) {
    return { values: {}, positionals: [], help: true };
  }
  const options = Object.fromEntries(defs.map((d) => [d.name, d.short ? { type: d.type, short: d.short } : { type: d.type }]));
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  const byName = new Map(defs.map((d) => [d.name as string, d]));
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const def = byName.get(t.name);
    if (!def) throw unknownFlag(spec, t.rawName, argv[t.index] ?? t.rawName, defs.map((d) => d.name));
    if (def.type === 'string' && (t.value === undefined || (t.inlineValue !== true && /^--?[A-Za-z]/.test(t.value)))) {
      throw usageError(spec, `${t.rawName} needs a value (${def.value ?? 'VALUE'})`, `Give it as ${t.rawName} ${def.value ?? 'VALUE'}.`);
    }
    if (def.type === 'boolean' && t.inlineValue) throw usageError(spec, `${t.rawName} takes no value`, `Write ${t.rawName} alone.`);
  }
  const { min, max } = spec.positionals ?? { min: 0, max: 0 };
  if (positionals.length > max) {
    throw usageError(spec, `unexpected argument "${positionals[max]}"`, max === 0 ? `reconcile ${spec.words} takes no arguments.` : `reconcile ${spec.words} takes ${spec.args}.`);
  }
  if (positionals.length < min) throw usageError(spec, `reconcile ${spec.words}: expected ${spec.args}`, 'Give every argument the usage line names.');
  return { values: values as FlagValues, positionals, help: false };
}

export function usageError(spec: CommandSpec, summary: string, detail: string): UserError {
  return new UserError(error('cli.usage', summary, { detail: `${detail}\n  Usage: ${usageLine(spec)}\n  See \`reconcile ${spec.words} --help\`.` }));
}

function unknownFlag(spec: CommandSpec, rawName: string, raw: string, names: readonly FlagName[]): UserError {
  // `-auto-approve` reads as the short flags -a -u -t ...; name the long flag the user meant.
  const typed = raw.startsWith('--') ? raw.slice(2).split('=')[0]! : raw.startsWith('-') && raw.length > 2 ? raw.slice(1) : rawName.replace(/^-+/, '');
  const shown = raw.startsWith('-') && !raw.startsWith('--') && raw.length > 2 ? raw : rawName;
  const guess = closest(typed, names);
  const hint = guess ? `Did you mean --${guess}?` : `reconcile ${spec.words} does not take ${shown}.`;
  return usageError(spec, `unknown flag ${shown}`, hint);
}

/** The flag name nearest to what was typed, when near enough to be a typo. */
export function closest(typed: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const n of names) {
    const d = distance(typed, n);
    if (d < bestDistance) [best, bestDistance] = [n, d];
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(typed.length / 3)) ? best : null;
}

/** Damerau-Levenshtein (optimal string alignment): a swap of two letters is one typo. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}
