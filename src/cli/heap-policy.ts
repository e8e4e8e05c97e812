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
 * `BYOK_HEAP_GROWING_PERCENT` sets another percentage; `0` leaves V8's own policy. V8 reads the flag
 * whenever it sets the next collection's limit, so setting it at start takes effect (measured).
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 30;

export function heapGrowingPercent(env: NodeJS.ProcessEnv): number {
  const raw = env.BYOK_HEAP_GROWING_PERCENT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_HEAP_GROWING_PERCENT;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 1000 ? n : DEFAULT_HEAP_GROWING_PERCENT;
}

/** The V8 flags to set; empty for V8's own policy. */
export function heapFlags(env: NodeJS.ProcessEnv): string[] {
  const percent = heapGrowingPercent(env);
  return percent === 0 ? [] : [`--heap-growing-percent=${percent}`];
}

export function applyHeapPolicy(env: NodeJS.ProcessEnv): void {
  for (const flag of heapFlags(env)) setFlagsFromString(flag);
}

/**
 * What bin/reconcile.js applies, before it loads the CLI. Not for `validate`, which only parses and
 * ends: collecting earlier makes V8 collect again and again while the yaml library's token tree grows.
 */
export function applyCliHeapPolicy(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  if (argv[0] !== 'validate') applyHeapPolicy(env);
}
