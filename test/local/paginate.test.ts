import { describe, expect, it } from 'vitest';
import { encodeMarker, paginate } from '../../src/sim/paginate.js';
import { SimError } from '../../src/sim/sim-types.js';

/** What a page must be: everything sorted by key, past the marker, the first `limit`. */
function reference(keys: string[], limit: number, after: string | undefined): { items: string[]; truncated: boolean } {
  const rest = [...keys].sort().filter((k) => after === undefined || k > after);
  return { items: rest.slice(0, limit), truncated: rest.length > limit };
}

/** Deterministic pseudo-random keys (xorshift), some sharing prefixes, in no particular order. */
function keysOf(n: number, seed: number): string[] {
  let x = seed;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const out = new Set<string>();
  while (out.size < n) out.add(`alias/${(next() % 7).toString(36)}-${next().toString(36)}`);
  return [...out];
}

describe('paginate', () => {
  it('walks every page exactly as sorting everything per page would, for many sizes and limits', () => {
    for (const [n, limit] of [
      [0, 5],
      [1, 1],
      [5, 5],
      [6, 5],
      [99, 10],
      [1000, 100],
      [2501, 1000],
    ] as const) {
      const keys = keysOf(n, n + limit + 1);
      const items = keys.map((name) => ({ name }));
      const seen: string[] = [];
      let marker: string | undefined;
      let after: string | undefined;
      for (let pages = 0; ; pages++) {
        expect(pages).toBeLessThanOrEqual(Math.ceil(n / limit));
        const page = paginate(items, (a) => a.name, limit, marker);
        const want = reference(keys, limit, after);
        expect(page.items.map((a) => a.name)).toEqual(want.items);
        expect(page.truncated).toBe(want.truncated);
        seen.push(...page.items.map((a) => a.name));
        if (!page.truncated) {
          expect(page.nextMarker).toBeUndefined();
          break;
        }
        expect(page.nextMarker).toBe(encodeMarker(want.items[want.items.length - 1]!));
        marker = page.nextMarker;
        after = want.items[want.items.length - 1];
      }
      expect(seen).toEqual([...keys].sort());
    }
  });

  it('takes any iterable, and a marker past the last key gives an empty last page', () => {
    const map = new Map(keysOf(50, 7).map((k) => [k, { k }]));
    const all = paginate(map.values(), (v) => v.k, 50, undefined);
    expect(all.items.map((v) => v.k)).toEqual([...map.keys()].sort());
    expect(all.truncated).toBe(false);
    const none = paginate(map.values(), (v) => v.k, 10, encodeMarker('\uffff'));
    expect(none).toEqual({ items: [], truncated: false });
  });

  it('refuses a marker it did not make', () => {
    expect(() => paginate([{ k: 'a' }], (v) => v.k, 1, 'bm90LWEtbWFya2Vy')).toThrow(SimError);
  });
});
