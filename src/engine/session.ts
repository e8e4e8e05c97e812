import { dirname, join, resolve } from 'node:path';
import type { Clock, DesiredState, LiveState, PlanDocument } from '../core/types.js';
import { UserError, error, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { plan } from '../core/plan/index.js';
import type { Provider, ProviderLease } from '../providers/port.js';
import { hasSharedLock, isSimulated, stateFileOf } from '../providers/registry.js';
import { acquireFileLock, type FileLock } from './file-lock.js';
import { loadManifestFile } from './manifest-load.js';
import { closeProviders, openProviders, providersInUse } from './providers.js';
import { refresh } from './refresh.js';
import { TOOL_VERSION } from '../core/version.js';

export { TOOL_VERSION } from '../core/version.js';

/** A clock that runs from `at` (simulated time) or the real clock. */
export function clockAt(at: Date | null): Clock {
  if (!at) return { now: () => new Date() };
  const offset = at.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** Loads and validates the manifest; errors become a UserError carrying every diagnostic. */
export async function loadDesired(file: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ desired: DesiredState; warnings: Diagnostic[] }> {
  const { desired, diagnostics } = await loadManifestFile(resolve(cwd, file), { env, cwd });
  if (!desired || hasErrors(diagnostics)) throw new UserError(diagnostics.filter((d) => d.severity === 'error'));
  return { desired, warnings: diagnostics.filter((d) => d.severity === 'warning') };
}

/** True when every provider the manifest uses is an in-process simulator. */
export function onlyLocal(desired: DesiredState): boolean {
  return providersInUse(desired).every((p) => {
    const config = desired.providers[p];
    return config !== undefined && isSimulated(config);
  });
}

/** `--at` is simulated time against `local`, a forecast elsewhere: never allowed for a real apply. */
export function refuseAtForRealApply(desired: DesiredState, at: Date | null): void {
  if (at && !onlyLocal(desired)) {
    throw new UserError(error('cli.refused', '--at cannot be used with --apply against real providers', { detail: 'Use --at with --plan or status to forecast; apply always runs at the real time.' }));
  }
}

export interface Session {
  desired: DesiredState;
  providers: Map<string, Provider>;
  clock: Clock;
  close(): Promise<void>;
}

export async function openSession(desired: DesiredState, at: Date | null): Promise<Session> {
  // Providers see simulated time only when they are simulators; real ones always run on real time.
  const clock = clockAt(at);
  const providers = await openProviders(desired, { clock });
  return { desired, providers, clock, close: () => closeProviders(providers) };
}

export async function computePlan(session: Session, at: Date | null): Promise<{ live: LiveState; doc: PlanDocument }> {
  const live = await refresh(session.desired, session.providers);
  const now = at ?? session.clock.now();
  return { live, doc: plan(session.desired, live, now, { toolVersion: TOOL_VERSION }) };
}

/**
 * Where the file lock lives: `BYOK_LOCK_DIR` when set (a writable volume when the manifest sits on a
 * read-only mount), else beside the local provider's state file, so every process that shares that
 * state also shares the lock.
 */
export function lockPath(desired: DesiredState, env: NodeJS.ProcessEnv = process.env): string {
  const state = Object.values(desired.providers).map(stateFileOf).find((f) => f !== null);
  const dir = env.BYOK_LOCK_DIR || (state ? dirname(state) : join(dirname(desired.file), '.reconcile'));
  return join(dir, `${desired.name}.apply.lock`);
}

export interface ScopeLock extends FileLock {
  /** Aborted when a provider lease is lost mid-run: stop starting actions. */
  readonly signal: AbortSignal;
  /** Reads every provider lease back; throws (and aborts `signal`) when one is lost. Run before creating anything. */
  confirm(): Promise<void>;
}

/**
 * The apply lock for this manifest scope: a file lock shared by CLI runs and daemon replicas on
 * this machine, plus — when `providers` are given and a provider instance configures one — that
 * provider's shared lock (e.g. a lease object in the object store), so that replicas on other machines exclude each other.
 */
export async function lockScope(desired: DesiredState, owner: string, providers?: Map<string, Provider>): Promise<ScopeLock> {
  const file = await acquireFileLock(lockPath(desired), owner);
  const lost = new AbortController();
  const leases: ProviderLease[] = [];
  try {
    for (const [name, provider] of providers ?? []) {
      const config = desired.providers[name];
      if (!provider.acquireApplyLock || !config || !hasSharedLock(config)) continue;
      const lease = await provider.acquireApplyLock(owner);
      leases.push(lease);
      void lease.lost.then(() => lost.abort(new Error(`lost the ${name} apply lease`)));
    }
  } catch (e) {
    await Promise.allSettled(leases.map((l) => l.release()));
    await file.release();
    throw e;
  }
  return {
    path: file.path,
    signal: lost.signal,
    async confirm() {
      await Promise.all(leases.map((l) => l.confirm?.()));
    },
    async release() {
      await Promise.allSettled(leases.map((l) => l.release()));
      await file.release();
    },
  };
}
