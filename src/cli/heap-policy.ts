import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap of the CLI process grow past what is live before it collects (never of
 * a process that embeds main(), such as the tests). It caps nothing: whatever a run needs live, it
 * still gets; V8 only collects earlier.
 *
 * V8 lets the heap grow up to 4x past what is live when collecting is cheap next to the program's
 * own work, and keeps what it grew. An apply of 10,000 keys holds about 70 MB live (manifest,
 * 30,000 actions, their outcomes) and allocates fast, so its process reached 357 MB; collecting at
 * 30 % past live took it to about 220 MB (README, Benchmarks).
 *
 * The young generation cannot be sized from here: V8 reads that at start-up. Keeping it at 1 MB
 * (`NODE_OPTIONS=--max-semi-space-size=1`) took the same apply to 192 MB for about half again as
 * much CPU; that trade is the operator's, so it is documented, not applied.
 *
 * A plan-only command collects at 50 % (below). `BYOK_HEAP_GROWING_PERCENT` sets another
 * percentage for every command; `0` leaves V8's own policy. V8 reads the flag
 * whenever it sets the next collection's limit, so setting it at start takes effect (measured).
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 30;

/**
 * What a plan-only command (`reconcile --plan`, `reconcile plan`) collects at. A plan holds little
 * live while it reads the provider (the manifest and the live keys found so far, about 35 MB at
 * 11,000 keys) and allocates fast per request; at 30 % past that, V8 made a full collection about
 * every 0.4 s of an 11,000-key re-plan at AWS's quotas (20 of them), on the client CPU that bounds
 * that re-plan. In paired runs of an 11,000-key re-plan, 50 % took 6-8 % less wall time and peaked
 * 6-10 MB higher (181-183 MB); 60 % saved more but a bench re-plan reached 194 MB, too near the
 * 200 MB goal; V8's own policy reached 196-249 MB (README, Memory). An apply keeps 30 %: it holds
 * 30,000 planned actions and their outcomes live, and that is where its peak is.
 */
export const PLAN_HEAP_GROWING_PERCENT = 50;

/** What a process does for most of its life: only plan, or anything that may apply (the default). */
export type HeapWorkload = 'plan' | 'apply';

export function heapGrowingPercent(env: NodeJS.ProcessEnv, workload: HeapWorkload = 'apply'): number {
  const fallback = workload === 'plan' ? PLAN_HEAP_GROWING_PERCENT : DEFAULT_HEAP_GROWING_PERCENT;
  const raw = env.BYOK_HEAP_GROWING_PERCENT;
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 1000 ? n : fallback;
}

/** The V8 flags to set; empty for V8's own policy. */
export function heapFlags(env: NodeJS.ProcessEnv, workload: HeapWorkload = 'apply'): string[] {
  const percent = heapGrowingPercent(env, workload);
  return percent === 0 ? [] : [`--heap-growing-percent=${percent}`];
}

export function applyHeapPolicy(env: NodeJS.ProcessEnv, workload: HeapWorkload = 'apply'): void {
  for (const flag of heapFlags(env, workload)) setFlagsFromString(flag);
}

/**
 * Whether a command line only plans: `reconcile plan ...`, or `--plan` (without `--apply`) where
 * no command word comes first. Read before the CLI is loaded, so it does not parse: a command line
 * the CLI rejects gets the apply policy and exits anyway.
 */
export function cliWorkload(argv: readonly string[]): HeapWorkload {
  const first = argv[0];
  if (first === 'plan') return 'plan';
  const flagsOnly = first !== undefined && first.startsWith('-');
  return flagsOnly && argv.includes('--plan') && !argv.includes('--apply') ? 'plan' : 'apply';
}

/**
 * What bin/reconcile.js applies, before it loads the CLI. Not for `validate`, which only parses and
 * ends: collecting earlier makes V8 collect again and again while the yaml library's token tree grows.
 */
export function applyCliHeapPolicy(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  if (argv[0] !== 'validate') applyHeapPolicy(env, cliWorkload(argv));
}
