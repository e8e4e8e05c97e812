import { applyCommand } from './commands/apply.js';
import { localCommand } from './commands/local.js';
import { materialCommand } from './commands/material.js';
import { planCommand } from './commands/plan.js';
import { sandboxCommand } from './commands/sandbox.js';
import { statusCommand } from './commands/status.js';
import { validateCommand } from './commands/validate.js';
import { processIO, type CliIO, type Command } from './io.js';

const SUBCOMMANDS: Record<string, Command> = {
  validate: validateCommand,
  status: statusCommand,
  material: materialCommand,
  local: localCommand,
  sandbox: sandboxCommand,
  daemon: async (argv, io) => (await import('./commands/daemon.js')).daemonCommand(argv, io),
};

export const USAGE = `Usage:
  reconcile --plan  [-f keys.yaml] [--format text|json|markdown] [--out plan.json] [--detailed-exitcode] [--at TIME]
  reconcile --apply [plan.json] [-f keys.yaml] [--auto-approve] [--format text|json] [--at TIME]
  reconcile validate [-f keys.yaml]
  reconcile status  [-f keys.yaml] [--at TIME] [--format text|json]
  reconcile daemon  [-f keys.yaml] [--schedule CRON] [--scope renew|all] [--metrics-addr HOST:PORT] [--once]
                    [--jitter SECONDS] [--unhealthy-after N] [--log-format json|text] [--at TIME]
  reconcile material generate --out FILE | kcv FILE | wrap --public-key DER --algorithm ALG --in FILE --out FILE
  reconcile local create-bucket NAME | put-object BUCKET KEY FILE | get-object BUCKET KEY | show
  reconcile sandbox [-f keys.yaml] [--port N] [--latency MS] [--quotas aws|none|SCALE] [--faults RATE] [--faults-after-apply RATE] [--seed N] [--wrapping-key-pool N] [--at TIME]

Exit codes: 0 success; 1 error; 2 (with --detailed-exitcode) the plan has changes.
`;

/** Dispatches argv to one command module and returns the exit code. The only place that exits. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(USAGE);
    return first === undefined ? 1 : 0;
  }
  if (first === '--version') {
    io.stdout('byok-reconciler 0.1.0\n');
    return 0;
  }
  const sub = SUBCOMMANDS[first];
  if (sub) return sub(rest, io);
  if (argv.includes('--plan') && argv.includes('--apply')) return fail(io, '--plan and --apply cannot be combined');
  if (argv.includes('--plan')) return planCommand(argv, io);
  if (argv.includes('--apply')) return applyCommand(argv, io);
  return fail(io, `unknown command "${first}"`);
}

function fail(io: CliIO, message: string): number {
  io.stderr(`error[cli.usage]: ${message}\n\n${USAGE}`);
  return 1;
}
