import { setImmediate } from 'node:timers/promises';
import type { KeySpec } from '../core/specs.js';
import type { MaterialSource } from '../core/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { readCommandSource } from './command-source.js';
import { readEnvSource } from './env-source.js';
import { readFileSource } from './file-source.js';
import { checkMaterial } from './size.js';
import { zeroize } from './zeroize.js';

export interface ReadOptions {
  /** Environment for `env` sources and `command` children; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/** The plaintext bytes of a source, without a key-spec check (the CLI's `kcv` of any file). */
export async function readMaterialBytes(source: MaterialSource, baseDir: string, options: ReadOptions = {}): Promise<{ material: Buffer; warnings: Diagnostic[] }> {
  const env = options.env ?? process.env;
  switch (source.type) {
    case 'file': {
      // The read itself is synchronous (cheap); this turn of the event loop is what the FileHandle
      // reads used to give. An apply whose other steps finish in microtasks (the local provider)
      // relies on it to notice Ctrl-C between actions, and a daemon to keep answering /healthz.
      await setImmediate();
      const { bytes, warnings } = readFileSource(source, baseDir);
      return { material: bytes, warnings };
    }
    case 'env':
      return { material: readEnvSource(source, env), warnings: [] };
    case 'command':
      return { material: await readCommandSource(source, baseDir, env), warnings: [] };
  }
}

/**
 * Read material from its source (file paths relative to `baseDir`), check it fits `keySpec`.
 * The caller owns the returned Buffer and must zeroize it; on failure nothing is left behind.
 */
export async function readMaterial(source: MaterialSource, baseDir: string, keySpec: KeySpec, options: ReadOptions = {}): Promise<{ material: Buffer; warnings: Diagnostic[] }> {
  const read = await readMaterialBytes(source, baseDir, options);
  try {
    checkMaterial(keySpec, read.material, source);
  } catch (e) {
    zeroize(read.material);
    throw e;
  }
  return read;
}

/** Runs `fn` with the material and zeroes it afterwards, whatever happens. */
export async function withMaterial<T>(
  source: MaterialSource,
  baseDir: string,
  keySpec: KeySpec,
  fn: (material: Buffer) => Promise<T> | T,
  options: ReadOptions = {},
): Promise<T> {
  const { material } = await readMaterial(source, baseDir, keySpec, options);
  try {
    return await fn(material);
  } finally {
    zeroize(material);
  }
}
