/**
 * Child-process entry for one size: argv[2] is a SizeConfig as JSON; the SizeResult goes back over
 * IPC. One process per size, so each size's peak RSS is its own and no size warms the next.
 */
import { applyHeapPolicy } from '../src/cli/heap-policy.js';
import { runSize } from './scenario.js';
import type { SizeConfig } from './types.js';

// The heap policy bin/reconcile.js sets for `reconcile --plan` (one process here plans, applies
// and re-plans; per-command peaks come from bench/cli-time.sh, one process per command).
applyHeapPolicy(process.env);

const config = JSON.parse(process.argv[2] ?? '{}') as SizeConfig;
try {
  const result = await runSize(config, { isolatedSandbox: true });
  process.send?.({ ok: true, result });
} catch (e) {
  process.send?.({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
process.disconnect?.();
