/** `npm run bench -- [options]`: argv -> the sizes to run and where to write JSON. */
import { parseArgs } from 'node:util';
import type { WrappingKeySpec } from '../src/core/specs.js';
import type { SizeConfig } from './types.js';

export const USAGE = `usage: npm run bench -- [--sizes 100,1000,10000] [--latency MS] [--buckets N]
                      [--quota-scale auto|N] [--quotas auto|aws|scaled]
                      [--apply-concurrency N] [--wrapping-key-pool N]
                      [--wrapping-key-spec RSA_2048|RSA_3072|RSA_4096]
                      [--client-heap-mb N] [--json FILE] [--in-process]
                      [--local-keys N] [--local-only]
  --sizes              key counts to run, each in its own client process (default 100,1000,10000)
  --latency            ms the sandbox adds to every request (default 20)
  --buckets            buckets per size, each following one key (default 3)
  --quota-scale        auto (default): AWS's quotas up to 100 keys, AWS x (keys/100) above, so every
                       size is bound near GetParametersForImport's 1 rps x scale; or a fixed factor
  --quotas             aws: after plan-again, every size also re-plans at AWS's own quotas (phase
                       plan-again-aws: sandbox switched to the unscaled rates, manifest without
                       quotas:); auto (default): only sizes of 10,000 keys and more; scaled: never
  --apply-concurrency  engine actions in flight (default: the engine's own default, as the CLI)
  --wrapping-key-pool  RSA wrapping pairs the sandbox reuses per spec (default 2; 0 = fresh per call)
  --wrapping-key-spec  RSA_2048 (default), RSA_3072 or RSA_4096: the sandbox's RSA_4096 decrypt
                       (~11 ms of its one thread per import) caps it near 85 imports/s
  --client-heap-mb N   run each client with --max-old-space-size=N (V8's default heap sizing lets
                       RSS grow to several times the live heap under the SDK's allocation churn)
  --json FILE          also write the results as JSON
  --in-process         run sandbox and client in this process (debugging; pollutes timing and RSS)
  --local-keys N       keys of the local-provider row (default 1000, or BYOK_BENCH_LOCAL_KEYS; 0 skips it)
  --local-only         run only the local-provider row (plan, apply, renew; RSA_4096 and RSA_2048)
`;

export interface BenchArgs {
  sizes: SizeConfig[];
  /** Node options of the client processes, e.g. a heap cap. */
  clientExecArgv: string[];
  json?: string;
  isolated: boolean;
  /** Keys of the local-provider row; 0 skips it. */
  localKeys: number;
  help: boolean;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      sizes: { type: 'string', default: '100,1000,10000' },
      latency: { type: 'string', default: '20' },
      buckets: { type: 'string', default: '3' },
      'quota-scale': { type: 'string', default: 'auto' },
      quotas: { type: 'string', default: 'auto' },
      'apply-concurrency': { type: 'string' },
      'wrapping-key-pool': { type: 'string', default: '2' },
      'wrapping-key-spec': { type: 'string', default: 'RSA_2048' },
      'sample-ms': { type: 'string', default: '50' },
      json: { type: 'string' },
      'in-process': { type: 'boolean', default: false },
      'client-heap-mb': { type: 'string' },
      'local-keys': { type: 'string', default: process.env.BYOK_BENCH_LOCAL_KEYS ?? '1000' },
      'local-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const keyCounts = v.sizes!.split(',').map((s) => int('--sizes', s, 1));
  const scale = v['quota-scale'] === 'auto' ? null : num('--quota-scale', v['quota-scale']!, (n) => n > 0);
  const applyConcurrency = v['apply-concurrency'] === undefined ? undefined : int('--apply-concurrency', v['apply-concurrency'], 1);
  const awsPhase = awsPhaseFrom(v.quotas!);
  const common = {
    buckets: int('--buckets', v.buckets!, 0),
    latencyMs: num('--latency', v.latency!, (n) => n >= 0),
    wrappingKeyPool: int('--wrapping-key-pool', v['wrapping-key-pool']!, 0),
    wrappingKeySpec: wrappingSpec(v['wrapping-key-spec']!),
    sampleMs: int('--sample-ms', v['sample-ms']!, 1),
    ...(applyConcurrency !== undefined ? { applyConcurrency } : {}),
  };
  return {
    sizes: v['local-only'] ? [] : keyCounts.map((keys) => ({ ...common, keys, quotaScale: scale ?? autoScale(keys), awsQuotasPhase: awsPhase(keys) })),
    localKeys: int('--local-keys', v['local-keys']!, 0),
    ...(v.json !== undefined ? { json: v.json } : {}),
    isolated: !v['in-process'],
    clientExecArgv: v['client-heap-mb'] === undefined ? [] : [`--max-old-space-size=${int('--client-heap-mb', v['client-heap-mb'], 16)}`],
    help: v.help!,
  };
}

/** AWS's own quotas up to 100 keys; above, scaled so GetParametersForImport (1 rps) takes ~100 s. */
export function autoScale(keys: number): number {
  return keys <= 100 ? 1 : Math.ceil(keys / 100);
}

/** Sizes from which `--quotas auto` adds plan-again-aws. */
export const AWS_PHASE_MIN_KEYS = 10_000;

/**
 * Which sizes run plan-again-aws. By default the large ones: there the re-plan's physical bound is
 * seconds of DescribeKey at AWS's rate, the phase costs seconds more, and a plain `npm run bench`
 * then shows the row; at 1,000 keys and under the bound is a few round trips and the row adds noise.
 */
function awsPhaseFrom(value: string): (keys: number) => boolean {
  if (value === 'aws') return () => true;
  if (value === 'scaled') return () => false;
  if (value === 'auto') return (keys) => keys >= AWS_PHASE_MIN_KEYS;
  throw new Error(`--quotas: "${value}" is not auto, aws or scaled`);
}

function wrappingSpec(value: string): WrappingKeySpec {
  if (value === 'RSA_2048' || value === 'RSA_3072' || value === 'RSA_4096') return value;
  throw new Error(`--wrapping-key-spec: "${value}" is not RSA_2048, RSA_3072 or RSA_4096`);
}

function num(flag: string, value: string, ok: (n: number) => boolean): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new Error(`${flag}: "${value}" is not a valid value`);
  return n;
}

function int(flag: string, value: string, min: number): number {
  return num(flag, value, (n) => Number.isInteger(n) && n >= min);
}
