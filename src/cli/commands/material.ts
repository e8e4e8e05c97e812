import { createPublicKey } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { KEY_SPECS, PROVIDER_TYPES, WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS, type KeySpec, type RegionClass } from '../../core/specs.js';
import type { MaterialSource } from '../../core/types.js';
import { UserError, error, formatDiagnostic, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkMaterial, decodeBase64, describeSource, generateMaterial, readMaterialBytes, writePrivateFile, zeroize } from '../../material/index.js';
import { checkCompatibility, kcv, wrapFormFor, wrapMaterial, wrappingKeySpecOf } from '../../wrapping/index.js';
import { parseFor } from '../args.js';
import { refuseUnignoredPath } from '../git-guard.js';
import { withBoundary } from '../boundary.js';
import type { FlagValues } from '../flags.js';
import type { CliIO, Command } from '../io.js';
import { SPECS, helpText, usageLine } from '../specs.js';

/**
 * `reconcile material generate|kcv|wrap`: the offline helpers around key material. Output is
 * sizes, paths, algorithm names and KCVs only; plaintext and wrapped bytes go to files (0600),
 * never to stdout or stderr. Every refusal happens before any file is written.
 */
const SUBS = { generate: 'material generate', kcv: 'material kcv', wrap: 'material wrap' } as const;
type Sub = keyof typeof SUBS;

const HELP = `Usage:\n${Object.values(SUBS).map((c) => `  ${usageLine(SPECS[c])}\n      ${SPECS[c].summary}`).join('\n')}\n\nRun \`reconcile material <command> --help\` for its flags.\n`;

export const materialCommand: Command = withBoundary(async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout(HELP);
    return sub === undefined ? 1 : 0;
  }
  if (!(sub in SUBS)) throw usage(`unknown material command "${sub}"`);
  const spec = SPECS[SUBS[sub as Sub]];
  const parsed = parseFor(spec, rest);
  if (parsed.help) return io.stdout(helpText(spec)), 0;
  if (sub === 'generate') return generate(parsed.values, io);
  if (sub === 'kcv') return kcvOf(parsed.values, parsed.positionals, io);
  return wrap(parsed.values, io);
});

async function generate(values: FlagValues, io: CliIO): Promise<number> {
  const out = required(values.out, '--out');
  const keySpec = oneOf('--key-spec', values['key-spec'], KEY_SPECS) ?? 'SYMMETRIC_DEFAULT';
  const path = resolve(io.cwd, out);
  if (values.force !== true) refuseUnignoredPath(path, out);
  await mkdirPrivate(dirname(path), out);
  const material = await generateMaterial(keySpec);
  try {
    await writePrivateFile(path, out, material);
    io.stdout(`Generated ${keySpec} material (${material.length} bytes) in ${out}, mode 0600.\nkcv: ${kcv(material)}\n`);
    return 0;
  } finally {
    zeroize(material);
  }
}

/** Missing folders are created readable by the owner only, as the file itself is. */
async function mkdirPrivate(dir: string, shown: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw new UserError(error('cli.refused', `cannot create the folder of ${shown} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { detail: 'Check the path and that its parent folder is writable.' }));
  }
}

async function kcvOf(values: FlagValues, positionals: string[], io: CliIO): Promise<number> {
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

async function wrap(values: FlagValues, io: CliIO): Promise<number> {
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
