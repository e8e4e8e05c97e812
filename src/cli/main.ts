import { TOOL_VERSION } from '../core/version.js';
import { closest, usageError } from './args.js';
import { processIO, type CliIO, type Command } from './io.js';
import { SPECS, usageLine } from './specs.js';

/**
 * Each command module is loaded when it runs, so `--version` and `--help` load none of them and a
 * command loads only its own dependencies (validate no SDK, no simulator; the daemon node-cron).
 */
const planCommand: Command = async (argv, io) => (await import('./commands/plan.js')).planCommand(argv, io);
const applyCommand: Command = async (argv, io) => (await import('./commands/apply.js')).applyCommand(argv, io);

/** `reconcile plan` and `reconcile apply` are the same as `--plan` and `--apply`. */
const COMMANDS: Record<string, Command> = {
  plan: planCommand,
  apply: applyCommand,
  validate: async (argv, io) => (await import('./commands/validate.js')).validateCommand(argv, io),
  status: async (argv, io) => (await import('./commands/status.js')).statusCommand(argv, io),
  material: async (argv, io) => (await import('./commands/material.js')).materialCommand(argv, io),
  local: async (argv, io) => (await import('./commands/local.js')).localCommand(argv, io),
  sandbox: async (argv, io) => (await import('./commands/sandbox.js')).sandboxCommand(argv, io),
  daemon: async (argv, io) => (await import('./commands/daemon.js')).daemonCommand(argv, io),
};

const LISTED = ['plan', 'apply', 'validate', 'status', 'daemon', 'material generate', 'material kcv', 'material wrap', 'local create-bucket', 'local put-object', 'local get-object', 'local show', 'sandbox'] as const;

export const USAGE = `Usage:
${LISTED.map((c) => `  ${usageLine(SPECS[c])}`).join('\n')}
  reconcile version | --version | -V

Run \`reconcile <command> --help\` for a command's flags.
Exit codes: 0 success; 1 error; 2 (with --detailed-exitcode) the plan has changes; 130 interrupted (Ctrl-C).
`;

/** Dispatches argv to one command module and returns the exit code; bin/reconcile.js sets it. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [first] = argv;
  if (argv.length === 1 && (first === '--version' || first === '-V' || first === 'version')) return printVersion(io);
  // The error boundary knows every error type (providers, simulator): loaded only past this point.
  const { withBoundary } = await import('./boundary.js');
  return withBoundary(dispatch)(argv, io);
}

function printVersion(io: CliIO): number {
  io.stdout(`byok-reconciler ${TOOL_VERSION}\n`);
  return 0;
}

async function dispatch(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic && COMMANDS[topic]) return COMMANDS[topic]([...rest.slice(1), '--help'], io);
    io.stdout(USAGE);
    return first === undefined ? 1 : 0;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    return printVersion(io);
  }
  const command = COMMANDS[first];
  if (command) return command(rest, io);
  const wantsPlan = argv.includes('--plan');
  const wantsApply = argv.includes('--apply');
  if (wantsPlan && wantsApply) throw usageError(SPECS.plan, '--plan and --apply cannot be combined', 'Plan first (--plan --out plan.json), then apply the saved plan (--apply plan.json).');
  if (wantsPlan) return planCommand(argv.filter((a) => a !== '--plan'), io);
  if (wantsApply) return applyCommand(argv.filter((a) => a !== '--apply'), io);
  const guess = first.startsWith('-') ? closest(first.replace(/^-+/, ''), ['plan', 'apply', 'version', 'help']) : closest(first, Object.keys(COMMANDS));
  const what = first.startsWith('-') ? `unknown flag ${first} (a command is required)` : `unknown command "${first}"`;
  const hint = guess ? `Did you mean \`reconcile ${first.startsWith('-') ? `--${guess}` : guess}\`?` : 'Name a command.';
  io.stderr(`error[cli.usage]: ${what}\n  ${hint}\n\n${USAGE}`);
  return 1;
}
