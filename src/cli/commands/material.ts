import { createPublicKey } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { KEY_SPECS, PROVIDER_TYPES, WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS, type KeySpec, type RegionClass } from '../../core/specs.js';
import type { MaterialSource } from '../../core/types.js';
import { UserError, error, formatDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkMaterial, decodeBase64, describeSource, generateMaterial, readMaterialBytes, writePrivateFile, zeroize } from '../../material/index.js';
import { checkCompatibility, kcv, wrapFormFor, wrapMaterial, wrappingKeySpecOf } from '../../wrapping/index.js';
import type { CliIO, Command } from '../io.js';

/**
 * `reconcile material generate|kcv|wrap`: the offline helpers around key material. Output is
 * sizes, paths, algorithm names and KCVs only; plaintext and wrapped bytes go to files (0600),
 * never to stdout or stderr. Every refusal happens before any file is written.
 */
const USAGE = `Usage:
  reconcile material generate --out FILE [--key-spec KEY_SPEC]
  reconcile material kcv FILE [--encoding raw|base64|hex] [--key-spec KEY_SPEC]
  reconcile material wrap --public-key DER_FILE --algorithm ALG --in FILE --out FILE
        [--key-spec KEY_SPEC] [--wrapping-key-spec SPEC] [--provider aws|local|alibaba|huawei]
        [--region-class standard|china] [--encoding raw|base64|hex] [--out-private-key FILE] [--force]
`;

export const materialCommand: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  try {
    switch (sub) {
      case 'generate':
        return await generate(rest, io);
      case 'kcv':
        return await kcvOf(rest, io);
      case 'wrap':
        return await wrap(rest, io);
      case undefined:
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return sub === undefined ? 1 : 0;
      default:
        throw usage(`unknown material command "${sub}"`);
    }
  } catch (e) {
    return report(io, e);
  }
};

async function generate(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(argv, { out: { type: 'string' }, 'key-spec': { type: 'string' } }, 0);
  const out = required(values.out, '--out');
  const keySpec = oneOf('--key-spec', values['key-spec'], KEY_SPECS) ?? 'SYMMETRIC_DEFAULT';
  const material = await generateMaterial(keySpec);
  try {
    await writePrivateFile(resolve(io.cwd, out), out, material);
    io.stdout(`Generated ${keySpec} material (${material.length} bytes) in ${out}, mode 0600.\nkcv: ${kcv(material)}\n`);
    return 0;
  } finally {
    zeroize(material);
  }
}

async function kcvOf(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(argv, { encoding: { type: 'string' }, 'key-spec': { type: 'string' } }, 1);
  const path = positionals[0] ?? '';
  const keySpec = oneOf('--key-spec', values['key-spec'], KEY_SPECS);
  const material = await readInput(fileSource(path, values.encoding), keySpec, io);
  try {
    io.stdout(`${kcv(material)}\n`);
    return 0;
  } finally {
    zeroize(material);
  }
}

async function wrap(argv: string[], io: CliIO): Promise<number> {
  const { values } = parse(
    argv,
    {
      'public-key': { type: 'string' },
      algorithm: { type: 'string' },
      in: { type: 'string' },
      out: { type: 'string' },
      'out-private-key': { type: 'string' },
      'key-spec': { type: 'string' },
      'wrapping-key-spec': { type: 'string' },
      provider: { type: 'string' },
      'region-class': { type: 'string' },
      encoding: { type: 'string' },
      force: { type: 'boolean' },
    },
    0,
  );
  const publicKeyPath = required(values['public-key'], '--public-key');
  const algorithm = oneOf('--algorithm', required(values.algorithm, '--algorithm'), WRAPPING_ALGORITHMS) ?? 'RSAES_OAEP_SHA_256';
  const input = required(values.in, '--in');
  const out = required(values.out, '--out');
  const outPrivateKey = values['out-private-key'];
  const keySpec = oneOf('--key-spec', values['key-spec'], KEY_SPECS);
  const expected = oneOf('--wrapping-key-spec', values['wrapping-key-spec'], WRAPPING_KEY_SPECS);
  const provider = oneOf('--provider', values.provider, PROVIDER_TYPES) ?? 'aws';
  const regionClass = oneOf<RegionClass>('--region-class', values['region-class'], ['standard', 'china']) ?? 'standard';
  const form = outPrivateKey !== undefined ? 'huawei-asymmetric' : 'single';
  if (keySpec && provider === 'huawei' && wrapFormFor(provider, keySpec) !== form) {
    throw usage(
      form === 'single' ? `Huawei imports ${keySpec} keys in two fields; add --out-private-key FILE` : `--out-private-key is only for Huawei asymmetric keys, not ${keySpec}`,
    );
  }

  if (values.force !== true) await refuseExisting(io, [out, ...(outPrivateKey === undefined ? [] : [outPrivateKey])]);
  const publicKeyDer = await readPublicKey(publicKeyPath, io);
  const wrappingKeySpec = expected ?? wrappingKeySpecOf(publicKeyDer);
  if (keySpec) {
    const c = checkCompatibility({ provider, regionClass, keySpec, algorithm, wrappingKeySpec });
    if (!c.ok) throw new UserError(error(c.code ?? 'wrapping.incompatible', c.reason, { detail: 'Nothing was written. Pick one of the combinations named above.' }));
  }
  const material = await readInput(fileSource(input, values.encoding), keySpec, io);
  try {
    const wrapped = wrapMaterial(material, publicKeyDer, algorithm, { expectedKeySpec: wrappingKeySpec, form });
    await writePrivateFile(resolve(io.cwd, out), out, wrapped.encryptedKeyMaterial, values.force === true);
    let wrote = `${out} (${wrapped.encryptedKeyMaterial.length} bytes)`;
    if (outPrivateKey !== undefined && wrapped.encryptedPrivateKey) {
      await writePrivateFile(resolve(io.cwd, outPrivateKey), outPrivateKey, wrapped.encryptedPrivateKey, values.force === true);
      wrote += ` and ${outPrivateKey} (${wrapped.encryptedPrivateKey.length} bytes)`;
    }
    io.stdout(`Wrapped ${input} with ${algorithm} (${wrappingKeySpec}): wrote ${wrote}, mode 0600.\nkcv: ${kcv(material)}\n`);
    return 0;
  } finally {
    zeroize(material);
  }
}

// ---------------------------------------------------------------- helpers

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(argv: string[], options: O, positionals: number) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: options ?? {}, allowPositionals: positionals > 0, strict: true });
  } catch (e) {
    throw usage((e as Error).message.split('\n')[0] ?? 'bad arguments');
  }
  if (parsed.positionals.length !== positionals) throw usage(positionals === 0 ? `unexpected argument "${parsed.positionals[0]}"` : 'expected exactly one FILE');
  return parsed as ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === '') throw usage(`${flag} is required`);
  return value;
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usage(`${flag}: "${value}" is not one of ${allowed.join(', ')}`);
}

function fileSource(path: string, encoding: string | undefined): MaterialSource {
  return { type: 'file', path, encoding: oneOf('--encoding', encoding, ['raw', 'base64', 'hex'] as const) ?? 'raw' };
}

/** Reads material, prints its warnings (mode too open), and checks the key spec when one is given. */
async function readInput(source: MaterialSource, keySpec: KeySpec | undefined, io: CliIO): Promise<Buffer> {
  const { material, warnings } = await readMaterialBytes(source, io.cwd, { env: io.env });
  printAll(io, warnings);
  try {
    if (keySpec) checkMaterial(keySpec, material, source);
    else if (material.length === 0) throw new UserError(error('material.size', `${describeSource(source)}: is empty`, { detail: 'Point at the file that holds the key material.' }));
  } catch (e) {
    zeroize(material);
    throw e;
  }
  return material;
}

/** DER SPKI as providers return it; PEM and base64 text (`aws kms ... --output text`) are accepted too. */
async function readPublicKey(path: string, io: CliIO): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(io.cwd, path));
  } catch (e) {
    throw new UserError(error('cli.usage', `--public-key ${path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { detail: 'Save the public key from the import parameters to a file first.' }));
  }
  if (bytes.subarray(0, 11).toString('latin1') === '-----BEGIN ') {
    try {
      return createPublicKey(bytes).export({ format: 'der', type: 'spki' });
    } catch {
      return bytes;
    }
  }
  if (bytes[0] === 0x30) return bytes;
  return decodeBase64(bytes) ?? bytes;
}

/** Checked up front so that a refusal of the second output does not leave the first one behind. */
async function refuseExisting(io: CliIO, paths: string[]): Promise<void> {
  for (const p of paths) {
    const exists = await stat(resolve(io.cwd, p)).then(() => true, () => false);
    if (exists) throw new UserError(error('cli.refused', `${p} already exists; refusing to overwrite it`, { detail: 'Choose another path, or pass --force to replace it.' }));
  }
}

function usage(summary: string): UserError {
  return new UserError(error('cli.usage', summary, { detail: 'Run `reconcile material --help` for usage.' }));
}

function printAll(io: CliIO, diags: readonly Diagnostic[]): void {
  for (const d of diags) io.stderr(`${formatDiagnostic(d)}\n`);
}

/** One clear message on stderr and exit 1; never a stack trace (errors here never carry material). */
function report(io: CliIO, e: unknown): number {
  if (e instanceof UserError) printAll(io, e.diagnostics);
  else io.stderr(`error[internal]: ${e instanceof Error ? e.message : String(e)}\n`);
  return 1;
}
