/**
 * `reconcile sandbox`: the manifest's local simulator served over the AWS KMS and S3 wire protocols
 * on 127.0.0.1, so the AWS CLI, the AWS SDKs and this tool's `aws` provider can talk to it; with
 * `--cloud`, over another cloud's protocols (one line per cloud in CLOUDS).
 * Mutations are saved to the local state file (debounced, and on exit); SIGINT/SIGTERM stop it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError, error } from '../../diagnostics/diagnostic.js';
import type { Clock } from '../../core/types.js';
import { openLocalStore } from '../../sim/store.js';
import { localStatePath } from '../../providers/local/state-path.js';
import { debouncedSaver } from '../../wire/persist.js';
import { startSandbox } from '../../wire/aws/server.js';
import type { QuotaSetting, SandboxHandle, SandboxOptions } from '../../wire/aws/types.js';
import type { LocalSimulator } from '../../sim/simulator.js';
import type { SimRules } from '../../sim/rules.js';
import { parseAt } from '../at.js';
import { parseFor } from '../args.js';
import { withBoundary } from '../boundary.js';
import type { CliIO, Command } from '../io.js';
import { SPECS, helpText } from '../specs.js';

export const DEFAULT_SANDBOX_PORT = 4599;

/** What a cloud's wire sandbox needs from this command; each cloud module provides one. */
interface CloudSandbox {
  /** The services served, for the "listening" line. */
  title: string;
  /** Simulator rules of the cloud (default AWS's). */
  rules?: SimRules;
  /** Account (domain) id and region for a state file created now. */
  newState?: { accountId: string; region: string };
  start(sim: LocalSimulator, o: Omit<SandboxOptions, 'sim'>): Promise<SandboxHandle>;
  /** Lines printed after "listening": how to point the cloud's clients at `url`. */
  hints(url: string): string;
}

const awsCloud: CloudSandbox = {
  title: 'KMS + S3 + Resource Groups Tagging API',
  start: (sim, o) => startSandbox({ sim, ...o }),
  hints: (url) =>
    `  try     AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 aws --endpoint-url ${url} kms list-keys\n` +
    `  or set  endpoint: ${url}  on an aws provider in keys.yaml\n`,
};

/** One line per cloud; loaded only when chosen. */
const CLOUDS: Record<string, () => Promise<CloudSandbox>> = {
  aws: async () => awsCloud,
  alibaba: async () => (await import('../../wire/alibaba/cloud.js')).alibabaCloud,
  huawei: async () => (await import('../../wire/huawei/cloud.js')).huaweiCloud,
};
const SAVE_DEBOUNCE_MS = 250;

const usageError = (summary: string): UserError => new UserError(error('cli.usage', summary, { detail: 'See `reconcile sandbox --help`.' }));

/** Where the stop signals come from; `process` in production, an emitter in tests. */
export interface SignalSource {
  once(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

function num(flag: string, value: string | undefined, fallback: number, ok: (n: number) => boolean): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !ok(n)) throw usageError(`--${flag}: "${value}" is not a valid value`);
  return n;
}

function quotas(value: string | undefined): QuotaSetting {
  if (value === undefined || value === 'aws') return 'aws';
  if (value === 'none') return 'none';
  return { scale: num('quotas', value, 1, (n) => n > 0) };
}

/** Simulated time flows on from `--at`, so tokens and materials still expire while it runs. */
function clockFrom(at: Date | null): Clock {
  if (!at) return { now: () => new Date() };
  const offset = at.getTime() - Date.now();
  return { now: () => new Date(Date.now() + offset) };
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilStopped(signals: SignalSource): Promise<void> {
  return new Promise<void>((done) => {
    const stop = () => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      done();
    };
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
}

export async function runSandbox(argv: string[], io: CliIO, signals: SignalSource): Promise<number> {
  const { values: v, help } = parseFor(SPECS.sandbox, argv);
  if (help) return io.stdout(helpText(SPECS.sandbox)), 0;
  const port = num('port', v.port, DEFAULT_SANDBOX_PORT, (n) => Number.isInteger(n) && n >= 0 && n <= 65535);
  const latencyMs = num('latency', v.latency, 0, (n) => n >= 0);
  const faultRate = num('faults', v.faults, 0, (n) => n >= 0 && n <= 1);
  const faultAfterApplyRate = num('faults-after-apply', v['faults-after-apply'], 0, (n) => n >= 0 && n <= 1);
  const seed = num('seed', v.seed, 1, Number.isInteger);
  const pool = num('wrapping-key-pool', v['wrapping-key-pool'], 0, (n) => Number.isInteger(n) && n >= 0);
  const quota = quotas(v.quotas);
  const cloudName = v.cloud ?? 'aws';
  const loadCloud = Object.hasOwn(CLOUDS, cloudName) ? CLOUDS[cloudName] : undefined;
  if (!loadCloud) throw usageError(`--cloud: "${cloudName}" is not one of ${Object.keys(CLOUDS).join(', ')}`);
  const cloud = await loadCloud();
  const manifest = resolve(io.cwd, v.file ?? 'keys.yaml');
  if (v.file !== undefined && !existsSync(manifest)) throw usageError(`manifest ${manifest} does not exist`);
  const clock = clockFrom(parseAt(v.at, new Date()));

  const store = openLocalStore(localStatePath(manifest, v.provider), clock, {
    ...(pool > 0 ? { wrappingKeyPool: pool } : {}),
    ...(cloud.rules ? { rules: cloud.rules } : {}),
    ...(cloud.newState ?? {}),
  });
  const saver = debouncedSaver(store.save, SAVE_DEBOUNCE_MS, (e) => io.stderr(`sandbox: ${e instanceof Error ? e.message : String(e)}\n`));
  // The store writes after every mutating call; served, that is one full write per request.
  store.sim.onMutate = () => saver.touch();
  let sandbox;
  try {
    sandbox = await cloud.start(store.sim, { port, latencyMs, quotas: quota, faultRate, faultAfterApplyRate, seed });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw usageError(`port ${port} is already in use; choose another with --port`);
    throw e;
  }
  const { url } = sandbox;
  const quotaText = quota === 'none' ? 'none' : `${cloudName} published${typeof quota === 'object' ? ` x ${quota.scale}` : ''}`;
  io.stdout(
    `${cloudName} sandbox listening on ${url} (${cloud.title}, region ${store.sim.region})\n` +
      `  state   ${store.path}\n` +
      `  quotas  ${quotaText}; latency ${latencyMs} ms; faults ${faultRate} before / ${faultAfterApplyRate} after apply (seed ${seed})\n` +
      `  stats   ${url}/_sandbox/stats\n` +
      cloud.hints(url),
  );
  await untilStopped(signals);
  await sandbox.close();
  saver.flush();
  const s = sandbox.stats();
  io.stdout(`sandbox stopped after ${s.totals.calls} requests (${s.totals.throttled} throttled, ${s.totals.faults} faults)\n`);
  return 0;
}

export const sandboxCommand: Command = withBoundary((argv, io) => runSandbox(argv, io, process));
