import type { Action, ActionOutcome, ApplyReport, Clock, DesiredState, PlanDocument } from '../core/types.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { UserError } from '../diagnostics/diagnostic.js';
import type { Logger } from '../log.js';
import { ProviderError, type Provider } from '../providers/port.js';
import { BucketScans } from './bucket-scans.js';
import { executeAction } from './execute.js';
import { CreatedKeys } from './key-ref.js';
import { assertConsistent } from './saved-plan.js';
import { outcomeOf, runScheduled } from './schedule.js';

/** Actions in flight per provider; the provider's limiter paces the calls, this keeps queues short. */
export const DEFAULT_APPLY_CONCURRENCY = 16;

export interface ApplyContext {
  desired: DesiredState;
  providers: Map<string, Provider>;
  clock: Clock;
  log: Logger;
  /** Actions in flight at once per provider instance (the provider's own limiter paces calls). */
  concurrency?: number;
  /** When aborted, no new action starts; actions in flight finish; the rest are reported skipped. */
  signal?: AbortSignal;
  onOutcome?: (outcome: ActionOutcome) => void;
  /**
   * Run before every action that creates something (a key, an alias): confirms the apply lock is
   * still held (a lost provider lease would let a second apply create the same keys). Throws on loss.
   */
  confirmLock?: () => Promise<void>;
}

/** Actions that create a resource: a second apply running them too would leave duplicates. */
const CREATES = new Set<Action['kind']>(['create-key', 'create-alias']);

/**
 * Executes a plan's actions, never re-planning: an action starts once every action it depends on
 * has been applied; when one fails, its dependants are skipped and unrelated work goes on.
 */
export async function applyPlan(doc: PlanDocument, ctx: ApplyContext): Promise<ApplyReport> {
  assertConsistent(doc.actions);
  const created = new CreatedKeys();
  const scans = new BucketScans();
  const outcomes = new Map<string, ActionOutcome>();
  try {
    await runScheduled(doc.actions, {
      limit: Math.max(1, ctx.concurrency ?? DEFAULT_APPLY_CONCURRENCY),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      run: (action) => run(action, ctx, created, scans),
      record: (o) => {
        outcomes.set(o.id, o);
        ctx.onOutcome?.(o);
      },
    });
  } finally {
    // What the report says was applied must be visible to other processes before the caller
    // prints it or releases the apply lock (a buffering provider would otherwise lag behind).
    await flushAll(ctx.providers);
  }

  const list = doc.actions.map((a) => outcomes.get(a.id)!);
  return {
    outcomes: list,
    applied: list.filter((o) => o.result === 'applied').length,
    failed: list.filter((o) => o.result === 'failed').length,
    skipped: list.filter((o) => o.result === 'skipped').length,
  };
}

async function flushAll(providers: Map<string, Provider>): Promise<void> {
  const failures = (await Promise.allSettled([...providers.values()].map((p) => p.flush?.()))).filter((r) => r.status === 'rejected');
  if (failures.length > 0) throw (failures[0] as PromiseRejectedResult).reason;
}

async function run(action: Action, ctx: ApplyContext, created: CreatedKeys, scans: BucketScans): Promise<ActionOutcome> {
  const provider = ctx.providers.get(action.provider);
  const log = ctx.log.child({ action: action.id, kind: action.kind, target: action.target, provider: action.provider });
  if (!provider) return outcomeOf(action, 'failed', { code: 'provider.config', message: `provider ${action.provider} is not open` });
  // Renewals target a key id; the manifest key's name is what a reader recognises.
  const what = action.keyName !== undefined && !action.target.includes(action.keyName) ? `${action.target} (${action.keyName})` : action.target;
  try {
    if (ctx.confirmLock && CREATES.has(action.kind)) await ctx.confirmLock();
    log.info({}, `${action.kind} ${what}`);
    const keyId = await executeAction(action, { desired: ctx.desired, provider, clock: ctx.clock, created, scans });
    log.info({ result: 'applied', ...(keyId ? { keyId } : {}) }, `${action.kind} ${what}: applied`);
    return outcomeOf(action, 'applied', keyId ? { keyId } : undefined);
  } catch (e) {
    const { code, message } = describeFailure(e);
    log.error({ result: 'failed', code }, `${action.kind} ${what}: ${message}`);
    return outcomeOf(action, 'failed', { code, message });
  }
}


/** Failures become one line with a code; never a stack trace, never material. */
export function describeFailure(e: unknown): { code: DiagnosticCode; message: string } {
  if (e instanceof ProviderError) return { code: e.code, message: `${e.providerCode}: ${e.message}` };
  if (e instanceof UserError) return { code: e.diagnostics[0]?.code ?? 'internal', message: e.diagnostics.map((d) => d.summary).join('; ') };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
