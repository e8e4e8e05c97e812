/**
 * Child-process entry for one run of a size (one CLI command): argv[2] is `{ spec, sandboxUrl }` as
 * JSON. The result and this process's lifetime peak RSS go back over IPC; the sandbox's CPU time is
 * asked of the parent, which started the sandbox.
 */
import { applyHeapPolicy } from '../src/cli/heap-policy.js';
import { answerParent } from './child.js';
import { lifetimeMaxRssMb } from './rss.js';
import { runOnce, type RunMessage, type RunSpec } from './run-once.js';
import { httpCounters } from './sandbox-http.js';

const { spec, sandboxUrl } = JSON.parse(process.argv[2] ?? '{}') as { spec: RunSpec; sandboxUrl: string };

// The heap policy bin/reconcile.js sets for the command this run stands for: `reconcile --apply`
// for `apply`, `reconcile --plan` for the re-plans.
applyHeapPolicy(process.env, spec.run === 'apply' ? 'apply' : 'plan');
const send = (m: RunMessage) => process.send?.(m);
const cpuMs = () =>
  new Promise<number | null>((resolve) => {
    const onMessage = (m: RunMessage) => {
      if (m.type !== 'sandbox-cpu-ms') return;
      process.off('message', onMessage);
      resolve(m.ms);
    };
    process.on('message', onMessage);
    send({ type: 'sandbox-cpu' });
  });

await answerParent(async () => ({ ...(await runOnce(spec, { ...httpCounters(sandboxUrl), cpuMs })), maxRssMb: lifetimeMaxRssMb() }));
