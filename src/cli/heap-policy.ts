import { setFlagsFromString } from 'node:v8';

/**
 * How V8 sizes the heap of the CLI process (never of a process that embeds main(), such as tests).
 * None of it caps the heap: whatever a run needs live, it still gets.
 *
 * 1. Old generation: V8 lets the heap grow up to 4x past what is live when collecting is cheap next
 *    to the program's own work, and keeps what it grew. An apply of 10,000 keys holds about 70 MB
 *    live (manifest, 30,000 actions, their outcomes) and allocates fast, so its process reached
 *    357 MB; collecting at 30 % past live took it to about 220 MB (README, Benchmarks).
 * 2. Young generation, for `apply` and `daemon` only: V8 doubles the nursery while much of it
 *    survives, up to 16 MB per semi-space, and the process keeps that too. Keeping it at its starting
 *    size took the same apply from 224 to 183 MB, for more frequent minor collections (its wall time
 *    at AWS x100 quotas went from 110 to 135 s on 2 cores). An apply at AWS's own quotas waits on
 *    GetParametersForImport (1 per second) and a daemon runs for weeks: there memory is what counts.
 *    A plan, whose re-plan is bound by client CPU, keeps V8's nursery.
 *
 * `BYOK_HEAP_GROWING_PERCENT` sets another percentage for (1); `0` leaves V8's own policy for both.
 * Set once at start (bin/reconcile.js), before the heap has grown; V8 reads both flags when it
 * sizes a space, so setting them then takes effect (measured: the figures above).
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 30;

export function heapGrowingPercent(env: NodeJS.ProcessEnv): number {
  const raw = env.BYOK_HEAP_GROWING_PERCENT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_HEAP_GROWING_PERCENT;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 1000 ? n : DEFAULT_HEAP_GROWING_PERCENT;
}

/** The V8 flags for a command, in the order they are set; empty for V8's own policy. */
export function heapFlags(env: NodeJS.ProcessEnv, longRunning: boolean): string[] {
  const percent = heapGrowingPercent(env);
  if (percent === 0) return [];
  return [`--heap-growing-percent=${percent}`, ...(longRunning ? ['--semi-space-growth-factor=1'] : [])];
}

export function applyHeapPolicy(env: NodeJS.ProcessEnv, longRunning: boolean): void {
  for (const flag of heapFlags(env, longRunning)) setFlagsFromString(flag);
}
