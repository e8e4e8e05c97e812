/**
 * Child-process entry for one size: argv[2] is a SizeConfig as JSON; the SizeResult goes back over
 * IPC. One process per size, so each size's peak RSS is its own and no size warms the next.
 */
import { applyHeapPolicy } from '../src/cli/heap-policy.js';
import { answerParent } from './child.js';
import { runSize } from './scenario.js';
import type { SizeConfig } from './types.js';

// This process writes the fixture and starts the sandbox; each run (one CLI command) gets a process
// of its own (run-entry.ts), under the CLI's heap policy. Set here too for the embedded fallback.
applyHeapPolicy(process.env);

const config = JSON.parse(process.argv[2] ?? '{}') as SizeConfig;
await answerParent(() => runSize(config, { isolatedSandbox: true }));
