/**
 * `reconcile local ...`: the local simulator's S3 side and state, for demos and tests. Every
 * subcommand uses the state file of the manifest's local provider instance and honours `--at`
 * (simulated time).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UserError, error, formatDiagnostic } from '../../diagnostics/diagnostic.js';
import type { Clock } from '../../core/types.js';
import { SimError } from '../../sim/sim-types.js';
import { LocalStateError, openLocalStore } from '../../sim/store.js';
import { localStatePath } from '../../providers/local/state-path.js';
import { showLocal } from '../../sim/show.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import { parseAt } from '../at.js';
import type { CliIO, Command } from '../io.js';

const USAGE = `usage: reconcile local <command> [-f keys.yaml] [--provider NAME] [--at TIME]
  create-bucket NAME              create a bucket
  put-object BUCKET KEY FILE      store FILE, encrypted under the bucket's default KMS key [--content-type TYPE]
                                  (or under --kms-key-id KEY, as an application naming a key itself would)
  get-object BUCKET KEY           print the object (or write it with --out FILE); fails like S3 when its key is not usable
  show                            the simulator's keys, aliases, buckets and objects as JSON
`;

const ARITY: Readonly<Record<string, number>> = { 'create-bucket': 1, 'put-object': 3, 'get-object': 2, show: 0 };

const usageError = (summary: string): UserError => new UserError(error('cli.usage', summary));

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        file: { type: 'string', short: 'f' },
        provider: { type: 'string' },
        at: { type: 'string' },
        out: { type: 'string', short: 'o' },
        'content-type': { type: 'string' },
        'kms-key-id': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw usageError(`reconcile local: ${(e as Error).message}`);
  }
}

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

function run(sim: LocalSimulator, io: CliIO, sub: string, args: string[], values: ReturnType<typeof parse>['values']): void {
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

/** One line per failure, never a stack trace: S3/KMS errors as `Code: message`, ours as diagnostics. */
function report(io: CliIO, e: unknown): number {
  if (e instanceof SimError) io.stderr(`${e.awsCode}: ${e.message}\n`);
  // A diagnostic's detail joins its summary on the same line.
  else if (e instanceof UserError) for (const d of e.diagnostics) io.stderr(`${formatDiagnostic(d).replace(/\n\s+/g, ' — ')}\n`);
  else if (e instanceof LocalStateError) io.stderr(`error[provider.config]: ${e.message}\n`);
  else io.stderr(`error[internal]: ${e instanceof Error ? e.message : String(e)}\n`);
  return 1;
}

export const localCommand: Command = async (argv, io) => {
  try {
    const { values, positionals } = parse(argv);
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const [sub, ...args] = positionals;
    if (sub === undefined) throw usageError('reconcile local: a command is required (create-bucket, put-object, get-object, show)');
    const arity = ARITY[sub];
    if (arity === undefined) throw usageError(`reconcile local: unknown command "${sub}"`);
    if (args.length !== arity) throw usageError(`reconcile local ${sub}: expected ${arity} argument(s), got ${args.length}`);

    const manifest = resolve(io.cwd, values.file ?? 'keys.yaml');
    if (values.file !== undefined && !existsSync(manifest)) throw usageError(`manifest ${manifest} does not exist`);
    const at = parseAt(values.at, new Date());
    const clock: Clock = at ? { now: () => new Date(at) } : { now: () => new Date() };
    const store = openLocalStore(localStatePath(manifest, values.provider), clock);
    run(store.sim, io, sub, args, values);
    return 0;
  } catch (e) {
    return report(io, e);
  }
};
