import { FLAGS, type FlagDef, type FlagName } from './flags.js';

/** A flag as one command uses it: the shared definition, with that command's value list or default. */
export type FlagUse = FlagName | { name: FlagName; value?: string; help?: string; default?: string };

/** One command or subcommand: what `--help` prints and what the argument parser accepts. */
export interface CommandSpec {
  /** The words after `reconcile` (`--plan`, `material generate`). */
  words: string;
  /** Positional arguments as shown in usage (`[plan.json]`, `BUCKET KEY FILE`). */
  args?: string;
  positionals?: { min: number; max: number };
  summary: string;
  flags: readonly FlagUse[];
}

const FORMAT_TEXT_JSON = { name: 'format', value: 'text|json', default: 'text' } as const;
const MANIFEST_LOCAL = ['file', { name: 'provider', help: 'the local provider instance whose state file to use' }, 'at'] as const;

export const SPECS = {
  plan: {
    words: '--plan',
    summary: 'Shows what an apply would change. `reconcile plan` is the same.',
    flags: ['file', { name: 'format', value: 'text|json|markdown', default: 'text' }, { name: 'out', help: 'save the plan (JSON) for `reconcile --apply FILE`' }, 'detailed-exitcode', 'at', 'log-format', 'color', 'no-color'],
  },
  apply: {
    words: '--apply',
    args: '[plan.json]',
    positionals: { min: 0, max: 1 },
    summary: 'Applies a saved plan, or plans and applies after confirmation. `reconcile apply` is the same.',
    flags: [{ name: 'file', help: 'the manifest (default: the one the saved plan names, else keys.yaml)' }, FORMAT_TEXT_JSON, 'auto-approve', 'at', 'log-format', 'color', 'no-color'],
  },
  validate: {
    words: 'validate',
    summary: 'Checks the manifest (schema, rules, wrapping, material) without any API call.',
    flags: ['file', FORMAT_TEXT_JSON],
  },
  status: {
    words: 'status',
    summary: 'Every managed key and generation with its state, ValidTo and days left.',
    flags: ['file', 'at', FORMAT_TEXT_JSON, 'log-format', 'color', 'no-color'],
  },
  daemon: {
    words: 'daemon',
    summary: 'Keeps materials from expiring on a schedule, with /metrics and /healthz; stops on SIGTERM.',
    flags: ['file', 'schedule', 'scope', 'metrics-addr', 'once', 'jitter', 'unhealthy-after', 'run-timeout', 'stop-timeout', 'log-format', 'at'],
  },
  'material generate': {
    words: 'material generate',
    summary: '32 random bytes (or the size of --key-spec) in a new file, mode 0600; prints the KCV.',
    flags: [{ name: 'out', help: 'where to write the material (folders are created 0700)' }, 'key-spec', { name: 'force', help: 'write even where git would not ignore the file' }],
  },
  'material kcv': {
    words: 'material kcv',
    args: 'FILE',
    positionals: { min: 1, max: 1 },
    summary: "Prints the material's key check value.",
    flags: ['encoding', 'key-spec'],
  },
  'material wrap': {
    words: 'material wrap',
    summary: 'Wraps material with a public key from import parameters, as a provider expects it.',
    flags: ['public-key', 'algorithm', 'in', 'out', 'key-spec', 'wrapping-key-spec', { name: 'provider', value: 'aws|local|alibaba|huawei', default: 'aws' }, 'region-class', 'encoding', 'out-private-key', 'force'],
  },
  'local create-bucket': { words: 'local create-bucket', args: 'NAME', positionals: { min: 1, max: 1 }, summary: 'Creates a bucket in the local simulator.', flags: MANIFEST_LOCAL },
  'local put-object': {
    words: 'local put-object',
    args: 'BUCKET KEY FILE',
    positionals: { min: 3, max: 3 },
    summary: "Stores FILE, encrypted under the bucket's default KMS key (or --kms-key-id).",
    flags: [...MANIFEST_LOCAL, 'content-type', 'kms-key-id'],
  },
  'local get-object': {
    words: 'local get-object',
    args: 'BUCKET KEY',
    positionals: { min: 2, max: 2 },
    summary: 'Prints the object (or writes it with --out); fails like S3 when its key is not usable.',
    flags: [...MANIFEST_LOCAL, 'out'],
  },
  'local show': { words: 'local show', summary: "The simulator's keys, aliases, buckets and objects as JSON.", flags: MANIFEST_LOCAL },
  sandbox: {
    words: 'sandbox',
    summary: 'Serves the local simulator (the manifest\'s local state file) over a cloud\'s wire protocols: aws (AWS KMS + S3 + the tagging API, the default), alibaba (KMS 2016-01-20 + OSS) or huawei (KMS v1.0 + OBS); AccessKey test/test.',
    flags: ['cloud', 'file', 'provider', 'port', 'latency', 'quotas', 'faults', 'faults-after-apply', 'seed', 'wrapping-key-pool', 'at'],
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof SPECS;

export function flagDef(use: FlagUse): FlagDef & { name: FlagName } {
  if (typeof use === 'string') return { ...FLAGS[use], name: use };
  return { ...FLAGS[use.name], ...use };
}

/** `reconcile --plan [-f FILE] [--format text|json|markdown] ...` */
export function usageLine(spec: CommandSpec): string {
  const parts = [`reconcile ${spec.words}`];
  if (spec.args) parts.push(spec.args);
  for (const use of spec.flags) {
    const f = flagDef(use);
    const name = f.name === 'file' ? '-f' : `--${f.name}`;
    parts.push(f.type === 'boolean' ? `[${name}]` : `[${name} ${f.value ?? 'VALUE'}]`);
  }
  return parts.join(' ');
}

/** What `reconcile <command> --help` prints. */
export function helpText(spec: CommandSpec): string {
  const rows = [...spec.flags, 'help' as const].map((use) => {
    const f = flagDef(use);
    const left = `${f.short ? `-${f.short}, ` : '    '}--${f.name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`;
    return [left, `${f.help}${f.default !== undefined ? ` (default ${f.default})` : ''}`] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  const flags = rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`).join('\n');
  return `Usage: ${usageLine(spec)}\n\n${spec.summary}\n\nFlags:\n${flags}\n`;
}
