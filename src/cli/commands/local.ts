/**
 * `reconcile local ...`: the local simulator's S3 side and state, for demos and tests. Every
 * subcommand uses the state file of the manifest's local provider instance and honours `--at`
 * (simulated time).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError, error } from '../../diagnostics/diagnostic.js';
import type { Clock } from '../../core/types.js';
import { SimError } from '../../sim/sim-types.js';
import { openLocalStore } from '../../sim/store.js';
import { localStatePath } from '../../providers/local/state-path.js';
import { showLocal } from '../../sim/show.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import { parseAt } from '../at.js';
import { parseFor } from '../args.js';
import { withBoundary } from '../boundary.js';
import type { CliIO, Command } from '../io.js';
import { SPECS, helpText, usageLine, type CommandSpec } from '../specs.js';

const SUBCOMMANDS = ['create-bucket', 'put-object', 'get-object', 'show'] as const;
type Sub = (typeof SUBCOMMANDS)[number];
const specOf = (sub: Sub): CommandSpec => SPECS[`local ${sub}`];

const HELP = `Usage: reconcile local <command> [-f keys.yaml] [--provider NAME] [--at TIME]\n\n${SUBCOMMANDS.map((c) => `  ${usageLine(specOf(c))}\n      ${specOf(c).summary}`).join('\n')}\n\nRun \`reconcile local <command> --help\` for its flags.\n`;

const usageError = (summary: string): UserError => new UserError(error('cli.usage', summary, { detail: 'Run `reconcile local --help` for usage.' }));

type Values = ReturnType<typeof parseFor>['values'];

function putObject(sim: LocalSimulator, io: CliIO, [bucket, key, file]: string[], contentType: string | undefined, kmsKeyId: string | undefined): void {
  const path = resolve(io.cwd, file!);
  let body: Buffer;
  try {
    body = readFileSync(path);
  } catch (e) {
    throw usageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let enc;
  try {
    enc = sim.getBucketEncryption({ Bucket: bucket! });
  } catch (e) {
    if (!(e instanceof SimError) || e.awsCode !== 'ServerSideEncryptionConfigurationNotFoundError') throw e;
  }
  if (!kmsKeyId && (!enc?.KMSMasterKeyID || enc.SSEAlgorithm === 'AES256')) {
    throw new UserError(error('cli.refused', `bucket ${bucket} has no default KMS key: declare it with a key in the manifest and apply first, or pass --kms-key-id`));
  }
  const sse = kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyId } : {};
  const r = sim.putObject({ Bucket: bucket!, Key: key!, Body: body, ...sse, ...(contentType ? { ContentType: contentType } : {}) });
  io.stdout(`put s3://${bucket}/${key} (${body.length} bytes) under ${r.SSEKMSKeyId}\n`);
}

function getObject(sim: LocalSimulator, io: CliIO, [bucket, key]: string[], out: string | undefined): void {
  const o = sim.getObject({ Bucket: bucket!, Key: key! });
  if (out === undefined) io.stdout(o.Body.toString('utf8'));
  else writeFileSync(resolve(io.cwd, out), o.Body);
}

function run(sim: LocalSimulator, io: CliIO, sub: Sub, args: string[], values: Values): void {
  switch (sub) {
    case 'create-bucket':
      sim.createBucket({ Bucket: args[0]! });
      io.stdout(`created bucket ${args[0]}\n`);
      return;
    case 'put-object':
      return putObject(sim, io, args, values['content-type'], values['kms-key-id']);
    case 'get-object':
      return getObject(sim, io, args, values.out);
    case 'show':
      io.stdout(`${JSON.stringify(showLocal(sim), null, 2)}\n`);
      return;
  }
}

/** S3/KMS errors print as `Code: message`, ours as one-line diagnostics (the boundary's `oneLine`). */
export const localCommand: Command = withBoundary(
  async (argv, io) => {
    const sub = argv.find((a) => !a.startsWith('-') && (SUBCOMMANDS as readonly string[]).includes(a)) as Sub | undefined;
    if (sub === undefined) {
      if (argv.includes('--help') || argv.includes('-h')) return io.stdout(HELP), 0;
      const word = argv.find((a) => !a.startsWith('-'));
      throw usageError(word === undefined ? 'reconcile local: a command is required (create-bucket, put-object, get-object, show)' : `reconcile local: unknown command "${word}"`);
    }
    const rest = [...argv];
    rest.splice(rest.indexOf(sub), 1);
    const { values, positionals: args, help } = parseLocal(sub, rest);
    if (help) return io.stdout(helpText(specOf(sub))), 0;

    const manifest = resolve(io.cwd, values.file ?? 'keys.yaml');
    if (values.file !== undefined && !existsSync(manifest)) throw usageError(`manifest ${manifest} does not exist`);
    const at = parseAt(values.at, new Date());
    const clock: Clock = at ? { now: () => new Date(at) } : { now: () => new Date() };
    const store = openLocalStore(localStatePath(manifest, values.provider), clock);
    run(store.sim, io, sub, args, values);
    return 0;
  },
  { oneLine: true },
);

/** Arity mistakes keep their short wording (`expected 1 argument(s), got 0`), which scripts match. */
function parseLocal(sub: Sub, argv: string[]) {
  const spec = specOf(sub);
  const n = spec.positionals?.max ?? 0;
  const parsed = parseFor({ ...spec, positionals: { min: 0, max: Number.MAX_SAFE_INTEGER } }, argv);
  if (!parsed.help && parsed.positionals.length !== n) throw usageError(`reconcile local ${sub}: expected ${n} argument(s), got ${parsed.positionals.length}`);
  return parsed;
}
