/**
 * The file-backed simulator of the `local` provider. The state file is loaded (or created: mkdir -p,
 * mode 0600), saved atomically (whole file, temp + rename) and reloaded before a call when it changed
 * on disk since this process last read or wrote it (another process, such as
 * `reconcile local put-object`, wrote it).
 *
 * Saves follow every mutating call by default. With `saveIntervalMs` > 0 they are coalesced: a
 * mutation after a quiet interval is written at once, later ones at most once per interval (longer
 * when a write is slow, so that writing stays a bounded share of the time: rewriting the whole file
 * after each of thousands of calls made a large apply quadratic). `flush()`, `close()` and the
 * process's normal exit write what is pending. A kill -9 loses at most the last interval: the file
 * always holds a whole snapshot taken between two calls, so the world rolls back to an earlier
 * consistent point, as if the process had been killed then, which the next plan repairs.
 *
 * When another process rewrote the file while this one holds unsaved changes, the two are merged
 * entity by entity (state-merge.ts). Two processes mutating the same entity at the same instant
 * can still lose one update (last rename wins); the apply lock serialises the writers that matter.
 */
import type { SimRules } from './rules.js';
import { mkdirSync, readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Clock } from '../core/types.js';
import { atomicWriteFile, type WritePhase } from './atomic-write.js';
import { LocalSimulator } from './simulator.js';
import { mergeStates } from './state-merge.js';
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
  /** 0 (default): write after every mutating call. N > 0: coalesce writes, at most one per N ms. */
  saveIntervalMs?: number;
  /** Cloud rules the served simulator applies (a wire sandbox for another cloud); default AWS's. */
  rules?: SimRules;
}

export interface LocalStore {
  readonly path: string;
  readonly sim: LocalSimulator;
  /** Writes the current state now. */
  save(): void;
  /** Writes the current state if a mutation is not yet on disk; throws the write's error. */
  flush(): void;
  /** Flushes and stops the save timer; the simulator stays usable (its saves become immediate). */
  close(): void;
  /** Whether a mutation is not yet on disk. */
  readonly pending: boolean;
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

/** Stores with unsaved changes, written when the process exits normally (exit handlers run synchronously). */
const unsaved = new Set<() => void>();
let exitHooked = false;
function flushAtExit(flush: () => void): void {
  unsaved.add(flush);
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const f of [...unsaved]) {
      try {
        f();
      } catch {
        // Nothing can be reported at exit; the file keeps its last whole snapshot.
      }
    }
  });
}

/** A write may take at most this share of the time between writes (1/(1+4) = 20%). */
const SLOW_WRITE_FACTOR = 4;

export function openLocalStore(path: string, clock: Clock, opts: LocalStoreOptions = {}): LocalStore {
  const file = resolve(path);
  let interval = Math.max(0, opts.saveIntervalMs ?? 0);
  /** The file's content as this process last read or wrote it: the base of a merge. */
  let base!: LocalStateFile;
  let dirty = false;
  let lastWrite = Number.NEGATIVE_INFINITY;
  let gap = interval;
  let timer: NodeJS.Timeout | undefined;
  let failure: unknown;

  const write = (state: LocalStateFile): void => {
    const started = performance.now();
    try {
      atomicWriteFile(file, `${JSON.stringify(state, null, 1)}\n`, 0o600, opts.onWritePhase);
    } catch (e) {
      throw new LocalStateError(`cannot write local state file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    stamp = stampOf(file);
    base = state;
    lastWrite = performance.now();
    // Write-through (interval 0) stays write-through however slow the write.
    gap = interval === 0 ? 0 : Math.max(interval, SLOW_WRITE_FACTOR * (lastWrite - started));
  };

  let stamp = stampOf(file);
  if (stamp === null) {
    try {
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    } catch (e) {
      throw new LocalStateError(`cannot create the directory of ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    write(emptyState(opts.accountId ?? '000000000000', opts.region ?? 'us-east-1'));
    lastWrite = Number.NEGATIVE_INFINITY;
  } else {
    base = readState(file);
    removeStaleTemps(file);
  }
  const initial = base;

  const save = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    failure = undefined;
    write(sim.toState());
    dirty = false;
    unsaved.delete(flush);
  };
  const flush = (): void => {
    if (dirty) save();
  };
  const onMutate = (): void => {
    dirty = true;
    if (performance.now() - lastWrite >= gap) return save();
    flushAtExit(flush);
    // A failed deferred write is reported by the next call, like an immediate one.
    if (failure !== undefined) throw failure;
    timer ??= setTimeout(() => {
      timer = undefined;
      try {
        flush();
      } catch (e) {
        failure = e;
      }
    }, gap - (performance.now() - lastWrite)).unref();
  };

  const reloadIfChanged = (): boolean => {
    const now = stampOf(file);
    if (now === stamp) return false;
    // Deleted underneath us: start over from an empty state rather than resurrect it.
    const theirs = now === null ? emptyState(sim.accountId, sim.region) : readState(file);
    stamp = now;
    sim.loadState(dirty ? mergeStates(base, sim.toState(), theirs) : theirs);
    base = theirs;
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
    onMutate,
  });

  return {
    path: file,
    sim,
    save,
    flush,
    close: () => {
      interval = 0;
      gap = 0;
      flush();
    },
    get pending() {
      return dirty;
    },
    reloadIfChanged,
  };
}
