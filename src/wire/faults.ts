/**
 * Fault injection from a seeded RNG, shared by every wire sandbox, so that a run with the same
 * seed and the same request order meets the same faults. Faults before the operation never change
 * state; `dropAfterApply` is the crash-realism mode: the operation took effect, the client never
 * hears about it (a lost CreateKey response is how duplicate keys happen).
 */
/** mulberry32: tiny, fast, good enough for fault dice (not for cryptography). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type BeforeFault = { kind: 'none' } | { kind: 'drop' } | { kind: 'error'; status: 500 | 503 };

export interface FaultDice {
  before(): BeforeFault;
  dropAfterApply(): boolean;
}

export function faultDice(opts: { faultRate?: number; faultAfterApplyRate?: number; seed?: number }): FaultDice {
  const rate = clamp(opts.faultRate ?? 0);
  const afterRate = clamp(opts.faultAfterApplyRate ?? 0);
  const rnd = seededRandom(opts.seed ?? 1);
  return {
    before() {
      // The dice are only rolled when a rate is set, so enabling one mode never shifts the other's sequence needlessly.
      if (rate === 0 || rnd() >= rate) return { kind: 'none' };
      const pick = rnd();
      if (pick < 1 / 3) return { kind: 'drop' };
      return { kind: 'error', status: pick < 2 / 3 ? 500 : 503 };
    },
    dropAfterApply() {
      return afterRate > 0 && rnd() < afterRate;
    },
  };
}

function clamp(p: number): number {
  return Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
}
