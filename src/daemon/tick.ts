import type { Action, ActionOutcome, Clock, DesiredState } from '../core/types.js';
import { dispositionOf } from '../diagnostics/codes.js';
import { UserError } from '../diagnostics/diagnostic.js';
import { applyPlan, describeFailure } from '../engine/apply.js';
import { refresh } from '../engine/refresh.js';
import { computePlan, type Session } from '../engine/session.js';
import type { Logger } from '../log.js';
import { ProviderError, type Provider } from '../providers/port.js';
import { describeProblem, type ManifestSource } from './manifest-source.js';
import { dispositionOfAll, type TickResult, type Trigger } from './result.js';
import { restrictToScope, type Scope } from './scope.js';
import { currentKeyIds, viewOf, type ExpiryView } from './view.js';

/** The apply lock as the daemon needs it: exclusive, released once; `signal` aborts when a provider lease is lost. */
export interface ApplyLock {
  release(): Promise<void>;
  readonly signal?: AbortSignal;
  /** Confirms a provider lease is still held, before an action creates something. */
  confirm?(): Promise<void>;
}

export interface TickDeps {
  manifest: ManifestSource;
  /** Opens the manifest's providers (openSession in the CLI; an in-memory simulator in tests). */
  open(desired: DesiredState): Promise<Session>;
  /**
   * Takes the apply lock of a manifest scope (lockScope: the file lock, plus the provider's lease
   * where the manifest configures one); throws UserError `lock.held` when another apply has it.
   */
  lock(desired: DesiredState, providers: Map<string, Provider>): Promise<ApplyLock>;
  clock: Clock;
  log: Logger;
  scope: Scope;
}

/** The lock and providers the run coordinator took before the tick; the coordinator releases them. */
export interface Lease {
  lock: ApplyLock;
  session: Session;
  /** The manifest they were taken for. */
  desired: DesiredState;
}

export interface TickRequest {
  trigger: Trigger;
  lease?: Lease | null;
  /** Another apply holds the lock (this is why): only read the key state, for metrics and health. */
  observeOnly?: string;
  /** Aborted on shutdown (or a simulated kill): no new action starts, the one in flight finishes. */
  signal?: AbortSignal;
  /**
   * Called with the key state as soon as it is read, before anything is applied, so that metrics
   * and health show every key's expiry while a long first run is still applying.
   */
  onView?: (view: ExpiryView) => void;
}

/**
 * What a lease depends on: the manifest name (the lock's identity) and the provider instances
 * (the session's, and the lease object's location). A re-read manifest that changes either
 * cannot use a lease taken for the previous one.
 */
export function leaseScopeKey(desired: DesiredState): string {
  return JSON.stringify([desired.name, desired.providers]);
}

/**
 * One reconcile run: re-read the manifest, take the apply lock, refresh, plan, keep the scope,
 * apply, read back. It never throws and never records anything itself: every path ends in one
 * TickResult value that the caller records.
 */
export async function runTick(deps: TickDeps, req: TickRequest): Promise<TickResult> {
  const startedAt = deps.clock.now();
  const end = (r: Omit<TickResult, 'trigger' | 'startedAt' | 'finishedAt'>): TickResult => ({ trigger: req.trigger, startedAt, finishedAt: deps.clock.now(), ...r });
  const fail = (e: unknown, view: ExpiryView | null, outcomes: ActionOutcome[] = []): TickResult => {
    const { code, message } = describeFailure(e);
    return end({ result: 'failure', message, code, disposition: dispositionOf(code), outcomes, heldBack: 0, view });
  };

  let desired: DesiredState;
  try {
    const load = await deps.manifest.reload(startedAt);
    desired = load.desired;
    if (load.problem) {
      deps.log.warn({ manifestValid: false, invalidSince: load.problem.since.toISOString(), lastGoodDigest: desired.digest }, `manifest is invalid, keeping the last good one: ${describeProblem(load.problem.diagnostics)}`);
    } else if (load.changed) {
      deps.log.info({ digest: desired.digest }, 'manifest changed');
    }
  } catch (e) {
    return fail(e, null);
  }

  if (req.lease) {
    if (leaseScopeKey(req.lease.desired) !== leaseScopeKey(desired)) {
      return end({ result: 'skipped', code: 'lock.held', message: 'the manifest changed its name or providers since the lock was taken; the next run uses the new ones', outcomes: [], heldBack: 0, view: null });
    }
    return reconcile(deps, desired, req.lease.session, req.lease.lock, req, end, fail);
  }

  let session: Session | null = null;
  let lock: ApplyLock | null = null;
  try {
    // Providers first: the lock includes the provider's lease where the manifest configures one.
    session = await deps.open(desired);
    if (req.observeOnly !== undefined) return end(await observe(deps, session, desired, req.observeOnly));
    lock = await deps.lock(desired, session.providers);
    return await reconcile(deps, desired, session, lock, req, end, fail);
  } catch (e) {
    // Only opening and locking throw here; reconcile and observe turn their failures into results.
    const held = lockHeld(e);
    if (session && held !== null) return end(await observe(deps, session, desired, held));
    return fail(e, null);
  } finally {
    await lock?.release();
    await session?.close();
  }
}

/**
 * Why the apply lock could not be taken because someone else holds it, or null for any other
 * failure. The file lock says so with a UserError, the S3 lease with a ProviderError: both mean
 * the same thing to the daemon (the run is skipped, not failed).
 */
export function lockHeld(e: unknown): string | null {
  if (e instanceof UserError && e.diagnostics[0]?.code === 'lock.held') return e.diagnostics[0].summary;
  if (e instanceof ProviderError && e.code === 'lock.held') return e.message;
  return null;
}

/**
 * A run that may not apply (another apply holds the lock) still reads the key state, so that a
 * replica that keeps losing the election serves current expiry metrics and health. Read-only:
 * the winner may be applying at this moment.
 */
async function observe(deps: TickDeps, session: Session, desired: DesiredState, why: string): Promise<Omit<TickResult, 'trigger' | 'startedAt' | 'finishedAt'>> {
  let view: ExpiryView | null = null;
  try {
    const { live, doc } = await computePlan({ ...session, desired }, null);
    view = viewOf(desired, live, currentKeyIds(doc.keys), session.clock.now());
  } catch (e) {
    deps.log.debug({ code: describeFailure(e).code }, `could not read the key state while skipping: ${describeFailure(e).message}`);
  }
  return { result: 'skipped', code: 'lock.held', message: why, outcomes: [], heldBack: 0, view };
}

type End = (r: Omit<TickResult, 'trigger' | 'startedAt' | 'finishedAt'>) => TickResult;
type Fail = (e: unknown, view: ExpiryView | null, outcomes?: ActionOutcome[]) => TickResult;

async function reconcile(deps: TickDeps, desired: DesiredState, session: Session, lock: ApplyLock, req: TickRequest, end: End, fail: Fail): Promise<TickResult> {
  const stop = req.signal;
  // Stop starting actions on shutdown and when a provider lease is lost, whichever comes first.
  const signals = [stop, lock.signal].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
  let view: ExpiryView | null = null;
  try {
    // A coordinator's session was opened for the previous manifest: plan the one just read.
    const { live, doc } = await computePlan({ ...session, desired }, null);
    const current = currentKeyIds(doc.keys);
    view = viewOf(desired, live, current, session.clock.now());
    req.onView?.(view);
    for (const d of doc.diagnostics) deps.log.warn({ code: d.code }, d.summary);
    const { doc: scoped, heldBack } = restrictToScope(doc, deps.scope);
    if (heldBack.length > 0) {
      deps.log.info({ heldBack: heldBack.map((a) => a.id) }, `${heldBack.length} planned actions are outside scope ${deps.scope}; apply them with --scope all or reconcile --apply`);
    }
    // A key kept because something still uses it is waiting, not failed: say so in the run's message.
    const waiting = doc.diagnostics.filter((d) => dispositionOf(d.code) === 'waiting').map((d) => d.summary);
    const waitNote = waiting.length > 0 ? `; waiting: ${waiting.join('; ')}` : '';
    if (scoped.actions.length === 0) return end({ result: 'success', message: `nothing to do${waitNote}`, outcomes: [], heldBack: heldBack.length, view });
    if (signal?.aborted) return end({ result: 'failure', code: 'apply.interrupted', disposition: 'transient', message: 'stopped before applying', outcomes: [], heldBack: heldBack.length, view });

    const confirmLock = lock.confirm ? () => lock.confirm!() : undefined;
    const report = await applyPlan(scoped, { desired, providers: session.providers, clock: session.clock, log: deps.log, ...(signal ? { signal } : {}), ...(confirmLock ? { confirmLock } : {}) });
    if (report.applied > 0) view = await readBack(deps, session, desired, withCreated(current, report.outcomes, scoped.actions), view);
    const bad = report.outcomes.filter((o) => o.result !== 'applied');
    if (bad.length === 0) return end({ result: 'success', message: `applied ${report.applied} actions${waitNote}`, outcomes: report.outcomes, heldBack: heldBack.length, view });
    const first = report.outcomes.find((o) => o.result === 'failed') ?? bad[0]!;
    const code = first.code ?? 'internal';
    return end({
      result: 'failure',
      message: `${report.failed} actions failed, ${report.skipped} skipped; first: ${first.id}: ${first.message ?? first.result}`,
      code,
      disposition: dispositionOfAll(bad.map((o) => dispositionOf(o.code ?? 'internal'))),
      outcomes: report.outcomes,
      heldBack: heldBack.length,
      view,
    });
  } catch (e) {
    return fail(e, view);
  }
}

/**
 * The key state after an apply, read again so that the expiry gauge and health show what the
 * provider now holds. When the read fails, the pre-apply view stands: the health check then
 * errs towards "not renewed", never towards hiding an expiry.
 */
async function readBack(deps: TickDeps, session: Session, desired: DesiredState, current: ReadonlyMap<string, string>, before: ExpiryView): Promise<ExpiryView> {
  try {
    return viewOf(desired, await refresh(desired, session.providers), current, session.clock.now());
  } catch (e) {
    const { code, message } = describeFailure(e);
    deps.log.warn({ code }, `could not read the key state back after applying: ${message}`);
    return before;
  }
}

/**
 * Current generations after an apply, without planning again: a key this apply created carries
 * the manifest's material, so it is its manifest key's current generation from now on.
 */
function withCreated(current: ReadonlyMap<string, string>, outcomes: readonly ActionOutcome[], actions: readonly Action[]): Map<string, string> {
  const next = new Map(current);
  const byId = new Map(actions.map((a) => [a.id, a]));
  for (const o of outcomes) {
    const a = byId.get(o.id);
    if (a?.kind === 'create-key' && o.result === 'applied' && o.keyId) next.set(`${a.provider}\u0000${a.keyName}`, `${a.provider}\u0000${o.keyId}`);
  }
  return next;
}
