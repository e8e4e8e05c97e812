/**
 * The file-backed simulator of the `local` provider. The state file is loaded (or created: mkdir -p,
 * mode 0600), saved atomically after every call that changed state, and reloaded before a call when
 * it changed on disk since this process last read or wrote it (another process, such as
 * `reconcile local put-object`, wrote it).
 *
 * Two processes mutating at the same instant can still lose one update (last rename wins); the
 * apply lock serialises the writers that matter.
 */
import type { SimRules } from './rules.js';
import { mkdirSync, readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Clock } from '../core/types.js';
import { atomicWriteFile, type WritePhase } from './atomic-write.js';
import { LocalSimulator } from './simulator.js';
import type { WrappingKeySource } from './wrapping-keys.js';
import { checkState, emptyState, type LocalStateFile } from './state.js';

export interface LocalStoreOptions {
  /** For a new state file only; an existing file keeps its own. */
  accountId?: string;
  region?: string;
  wrappingKeyPool?: number;
  /** A wrapping key source shared between simulators (tests, benchmarks); overrides wrappingKeyPool. */
  wrappingKeys?: WrappingKeySource;
  /** Test hook for crash simulation (see atomic-write.ts). */
  onWritePhase?: (p: WritePhase) => void;
  /** Cloud rules the served simulator applies (a wire sandbox for another cloud); default AWS's. */
  rules?: SimRules;
}

export interface LocalStore {
  readonly path: string;
  readonly sim: LocalSimulator;
  /** Writes the current state now (it is already written after every mutating call). */
  save(): void;
  /** Reloads when the file changed on disk; returns whether it did. Runs before every call anyway. */
  reloadIfChanged(): boolean;
}

/** Beside the state file: the simulator's RSA moduli, so that each CLI run does not generate them again. */
export const WRAPPING_KEY_CACHE = '.wrapping-moduli.json';

/** A state file that cannot be used; the message is one line naming the file. */
export class LocalStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalStateError';
  }
}

/** Identity of the file version on disk: every atomic save makes a new inode. */
function stampOf(path: string): string | null {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return null;
  }
}

function readState(path: string): LocalStateFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LocalStateError(`cannot read local state file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return checkState(JSON.parse(text));
  } catch (e) {
    throw new LocalStateError(
      `${path} is not a valid local state file (${(e as Error).message}); it was left unchanged. To recover, restore it from a backup or version control; ` +
        `or move it aside (mv ${path} ${path}.corrupt) to start with an empty simulator (the local keys, buckets and objects it held are then gone).`,
    );
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Temp files a killed writer left behind (see atomic-write.ts for their names). */
function removeStaleTemps(file: string): void {
  const prefix = `.${basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(file));
  } catch {
    return;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name) : null;
    if (!m || alive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dirname(file), name));
    } catch {
      // another process cleaned it
    }
  }
}

export function openLocalStore(path: string, clock: Clock, opts: LocalStoreOptions = {}): LocalStore {
  const file = resolve(path);
  const write = (state: LocalStateFile): void => {
    try {
      atomicWriteFile(file, `${JSON.stringify(state, null, 1)}\n`, 0o600, opts.onWritePhase);
    } catch (e) {
      throw new LocalStateError(`cannot write local state file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    stamp = stampOf(file);
  };

  let stamp = stampOf(file);
  let initial: LocalStateFile;
  if (stamp === null) {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new LocalStateError(`cannot create the directory of ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    initial = emptyState(opts.accountId ?? '000000000000', opts.region ?? 'us-east-1');
    write(initial);
  } else {
    initial = readState(file);
    removeStaleTemps(file);
  }

  const reloadIfChanged = (): boolean => {
    const now = stampOf(file);
    if (now === stamp) return false;
    // Deleted underneath us: start over from an empty state rather than resurrect it.
    const state = now === null ? emptyState(sim.accountId, sim.region) : readState(file);
    stamp = now;
    sim.loadState(state);
    return true;
  };

  const sim: LocalSimulator = new LocalSimulator({
    clock,
    state: initial,
    ...(opts.wrappingKeyPool !== undefined ? { wrappingKeyPool: opts.wrappingKeyPool } : {}),
    ...(opts.wrappingKeys !== undefined ? { wrappingKeys: opts.wrappingKeys } : {}),
    ...(opts.rules !== undefined ? { rules: opts.rules } : {}),
    wrappingKeyCache: join(dirname(file), WRAPPING_KEY_CACHE),
    beforeCall: () => void reloadIfChanged(),
    onMutate: (s) => write(s.toState()),
  });

  return { path: file, sim, save: () => write(sim.toState()), reloadIfChanged };
}
