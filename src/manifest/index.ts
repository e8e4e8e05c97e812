import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { DesiredState } from '../core/types.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { desiredDigest } from './digest.js';
import { loadYaml, type DocumentParse } from './load.js';
import { checkMaterials } from './material.js';
import { normalize } from './normalize.js';
import { prune } from './prune.js';
import { runRules } from './rules.js';
import { validateSchema } from './validate.js';

export { formatDuration, parseDuration } from './duration.js';
export { formatPath, type ManifestPath } from './positions.js';

export interface LoadOptions {
  env: NodeJS.ProcessEnv;
  /** Base for a relative `file`, and for the file names diagnostics show. */
  cwd: string;
  /** Read each key's material to compute and verify its KCV (default true). */
  readMaterials?: boolean;
  /**
   * Called once, right after the yaml library has built the document: its token tree (the largest
   * thing a load holds, 135 MB at 30,000 keys) has just become garbage. The loader thread collects there.
   * Not called when the strict parse reads the manifest (strict-yaml.ts): it leaves little garbage.
   */
  afterParse?: () => void;
  /**
   * `decline`: when the strict parse refuses the text, check nothing and answer `declined` (the
   * caller then loads it where the yaml library's parse costs less, the loader thread). `only`: skip
   * the strict parse (it refused this text already). Default `parse`: the strict parse, else the yaml library's.
   */
  documentParse?: DocumentParse;
}

export interface LoadResult {
  /** null when any diagnostic is an error. */
  desired: DesiredState | null;
  /** Every problem found, errors and warnings, sorted by position. */
  diagnostics: Diagnostic[];
  /** Only with `documentParse: 'decline'`: the strict parse refused the text, nothing was checked. */
  declined?: true;
}

/**
 * keys.yaml -> DesiredState: YAML (with positions) -> schema -> normalisation -> rules -> material.
 * Every stage that can run does run, so one call reports all problems at once. Material paths stay
 * as written, relative to `dirname(desired.file)`.
 */
export async function loadManifest(file: string, opts: LoadOptions): Promise<LoadResult> {
  const abs = resolve(opts.cwd, file);
  const loaded = await loadYaml(abs, displayName(abs, opts.cwd), opts.afterParse, opts.documentParse);
  if (loaded === 'declined') return { desired: null, diagnostics: [], declined: true };
  const diagnostics = [...loaded.diagnostics];
  if (loaded.data === undefined || !loaded.source) return done(null, diagnostics);

  const schema = validateSchema(loaded.data, loaded.source);
  diagnostics.push(...schema.diagnostics);
  const pruned = prune(loaded.data, schema.problems);
  if (!pruned) return done(null, diagnostics);

  const dir = dirname(abs);
  const draft = normalize(pruned, abs, dir, loaded.source);
  diagnostics.push(...runRules({ draft, source: loaded.source }));
  if (opts.readMaterials ?? true) diagnostics.push(...(await checkMaterials(draft.keys, dir, loaded.source, opts.env)));
  if (hasErrors(diagnostics)) return done(null, diagnostics);

  const state: Omit<DesiredState, 'digest'> = { name: draft.name, file: abs, providers: draft.providers, keys: draft.keys, buckets: draft.buckets };
  return done(withLazyDigest(state, dir), diagnostics);
}

/**
 * `digest` is computed on first read (then kept as a plain property): it costs about 8 ms per
 * 1,000 keys and `validate` never reads it. Enumerable, so spreads and JSON see it as before.
 * The state is not changed after loading, so the value is the one an eager digest would have had.
 */
function withLazyDigest(state: Omit<DesiredState, 'digest'>, dir: string): DesiredState {
  const desired = { ...state } as DesiredState;
  Object.defineProperty(desired, 'digest', {
    configurable: true,
    enumerable: true,
    get() {
      const value = desiredDigest(state, dir);
      Object.defineProperty(desired, 'digest', { value, writable: true, enumerable: true, configurable: true });
      return value;
    },
  });
  return desired;
}

function done(desired: DesiredState | null, diagnostics: Diagnostic[]): LoadResult {
  const order = (d: Diagnostic) => (d.pos ? d.pos.line * 1e6 + d.pos.column : 0);
  return { desired, diagnostics: diagnostics.map((d, i) => [d, i] as const).sort((a, b) => order(a[0]) - order(b[0]) || a[1] - b[1]).map(([d]) => d) };
}

/** Relative to the working directory when inside it, as compilers print file names. */
function displayName(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}
