/**
 * `npm run bench`: each size in its own client process (which forks its own sandbox process), then
 * the table on stdout and, with --json, the results as JSON. Exit 1 when an invariant fails;
 * missed timing targets are reported, not fatal (they depend on the machine).
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseBenchArgs, USAGE } from './args.js';
import { forkForResult } from './child.js';
import { renderLocalRows, runLocalRow } from './local-row.js';
import { renderReport } from './report.js';
import { quotaLabelOf, runSize } from './scenario.js';
import type { BenchReport, SizeConfig, SizeResult } from './types.js';


export async function runBench(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const report: BenchReport = {
    formatVersion: 1,
    startedAt: new Date().toISOString(),
    host: { node: process.version, cpus: availableParallelism(), platform: process.platform },
    isolated: args.isolated,
    clientExecArgv: args.clientExecArgv,
    sizes: [],
  };
  for (const config of args.sizes) {
    process.stderr.write(`bench: ${config.keys} keys (quotas ${quotaLabelOf(config.quotaScale)}${config.awsQuotasPhase ? ', then a re-plan at aws' : ''}, latency ${config.latencyMs} ms)...\n`);
    const result = args.isolated ? await inChild(config, args.clientExecArgv) : await runSize(config, { isolatedSandbox: false });
    report.sizes.push(result);
  }
  if (report.sizes.length > 0) process.stdout.write(renderReport(report));
  // The embedded `local` provider: 1,000 keys by default; --local-keys 0 skips the row.
  const localKeys = args.localKeys;
  const local = [];
  if (localKeys > 0) {
    for (const spec of ['RSA_4096', 'RSA_2048'] as const) {
      process.stderr.write(`bench: local provider, ${localKeys} keys, ${spec} wrapping...\n`);
      local.push(await runLocalRow(localKeys, spec));
    }
    process.stdout.write(`\n${renderLocalRows(local)}`);
  }
  if (args.json) await writeFile(args.json, `${JSON.stringify({ ...report, local }, null, 2)}\n`);
  return report.sizes.every((s) => s.checks.every((c) => c.kind !== 'invariant' || c.ok)) ? 0 : 1;
}

function inChild(config: SizeConfig, execArgv: string[]): Promise<SizeResult> {
  return forkForResult(new URL('./client-entry.js', import.meta.url), config, `size ${config.keys}`, { execArgv: [...process.execArgv, ...execArgv] });
}

// Run only as the entry point, so tests can import runBench.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runBench(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
