import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the heap grow past what is live before it collects, for the CLI process only.
 *
 * V8 picks that factor itself, up to 4x when collection is cheap next to the program's own work,
 * and keeps what it grew. An apply at 10,000 keys holds about 65 MB of live data (the manifest, the
 * plan, the live state, the outcomes) and allocates fast (one request after another), so V8 let its
 * heap reach about 250 MB and the process about 360 MB. At 30 % above live the same apply stays
 * near 215 MB for about a tenth more CPU (README, Benchmarks). This bounds no heap: it only makes
 * V8 collect earlier; whatever the run needs live, it still gets.
 *
 * `BYOK_HEAP_GROWING_PERCENT` sets another percentage; `0` leaves V8's own policy. Set once, at
 * start, before the heap has grown (bin/reconcile.js); tests and embedders that call main() keep
 * their process's settings.
 */
export const DEFAULT_HEAP_GROWING_PERCENT = 30;

export function heapGrowingPercent(env: NodeJS.ProcessEnv): number {
  const raw = env.BYOK_HEAP_GROWING_PERCENT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_HEAP_GROWING_PERCENT;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 1000 ? n : DEFAULT_HEAP_GROWING_PERCENT;
}

export function applyHeapPolicy(env: NodeJS.ProcessEnv): void {
  const percent = heapGrowingPercent(env);
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
