import type { Action, ActionOutcome, ApplyReport, Clock, DesiredState, PlanDocument } from '../core/types.js';
import type { DiagnosticCode } from '../diagnostics/codes.js';
import { UserError } from '../diagnostics/diagnostic.js';
import type { Logger } from '../log.js';
import { ProviderError, type Provider } from '../providers/port.js';
import { executeAction } from './execute.js';
import { CreatedKeys } from './key-ref.js';

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
}

/**
 * Executes a plan's actions, never re-planning: an action starts once every action it depends on
 * has been applied; when one fails, its dependants are skipped and unrelated work goes on.
 */
export async function applyPlan(doc: PlanDocument, ctx: ApplyContext): Promise<ApplyReport> {
  const created = new CreatedKeys();
  const outcomes = new Map<string, ActionOutcome>();
  const pending = new Map(doc.actions.map((a) => [a.id, a]));
  const inFlight = new Map<string, number>();
  const limit = Math.max(1, ctx.concurrency ?? 8);

  const record = (o: ActionOutcome) => {
    outcomes.set(o.id, o);
    pending.delete(o.id);
    ctx.onOutcome?.(o);
  };

  await new Promise<void>((resolveAll) => {
    const pump = () => {
      for (const action of [...pending.values()]) {
        const blocked = action.dependsOn.map((id) => outcomes.get(id) ?? (pending.has(id) ? 'wait' : undefined));
        if (ctx.signal?.aborted) {
          if (!inFlight.has(action.id)) record(skip(action, 'stopped before this action started', 'apply.interrupted'));
          continue;
        }
        const failedDep = blocked.find((b): b is ActionOutcome => typeof b === 'object' && b.result !== 'applied');
        if (failedDep) {
          record(skip(action, `depends on ${failedDep.id}, which ${failedDep.result === 'failed' ? 'failed' : 'was skipped'}`, 'apply.dependency-failed'));
          continue;
        }
        if (blocked.some((b) => b === 'wait') || inFlight.has(action.id)) continue;
        const running = inFlight.get(`provider:${action.provider}`) ?? 0;
        if (running >= limit) continue;
        inFlight.set(`provider:${action.provider}`, running + 1);
        inFlight.set(action.id, 1);
        void run(action, ctx, created).then((o) => {
          inFlight.delete(action.id);
          inFlight.set(`provider:${action.provider}`, (inFlight.get(`provider:${action.provider}`) ?? 1) - 1);
          record(o);
          pump();
        });
      }
      const busy = [...inFlight.keys()].some((k) => !k.startsWith('provider:'));
      if (pending.size > 0 && !busy) {
        // Nothing runs and nothing can start: a dependency cycle or an unknown id. Never hang.
        for (const action of [...pending.values()]) record(skip(action, 'its dependencies can never be met', 'internal'));
      }
      if (pending.size === 0) resolveAll();
    };
    pump();
  });

  const list = doc.actions.map((a) => outcomes.get(a.id)!);
  return {
    outcomes: list,
    applied: list.filter((o) => o.result === 'applied').length,
    failed: list.filter((o) => o.result === 'failed').length,
    skipped: list.filter((o) => o.result === 'skipped').length,
  };
}

async function run(action: Action, ctx: ApplyContext, created: CreatedKeys): Promise<ActionOutcome> {
  const provider = ctx.providers.get(action.provider);
  const base = { id: action.id, kind: action.kind, target: action.target, ...(action.keyName ? { keyName: action.keyName } : {}) };
  const log = ctx.log.child({ action: action.id, kind: action.kind, target: action.target, provider: action.provider });
  if (!provider) return { ...base, result: 'failed', code: 'provider.config', message: `provider ${action.provider} is not open` };
  try {
    log.info({}, `${action.kind} ${action.target}`);
    const keyId = await executeAction(action, { desired: ctx.desired, provider, clock: ctx.clock, created });
    log.info({ result: 'applied', ...(keyId ? { keyId } : {}) }, `${action.kind} ${action.target}: applied`);
    return { ...base, result: 'applied', ...(keyId ? { keyId } : {}) };
  } catch (e) {
    const { code, message } = describeFailure(e);
    log.error({ result: 'failed', code }, `${action.kind} ${action.target}: ${message}`);
    return { ...base, result: 'failed', code, message };
  }
}

function skip(action: Action, message: string, code: DiagnosticCode): ActionOutcome {
  return { id: action.id, kind: action.kind, target: action.target, ...(action.keyName ? { keyName: action.keyName } : {}), result: 'skipped', code, message };
}

/** Failures become one line with a code; never a stack trace, never material. */
export function describeFailure(e: unknown): { code: DiagnosticCode; message: string } {
  if (e instanceof ProviderError) return { code: e.code, message: `${e.providerCode}: ${e.message}` };
  if (e instanceof UserError) return { code: e.diagnostics[0]?.code ?? 'internal', message: e.diagnostics.map((d) => d.summary).join('; ') };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
