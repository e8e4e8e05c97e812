/**
 * A binary min-heap of integers (plan positions): the planner's topological order and the apply
 * scheduler both take the earliest ready action first.
 */
export class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(v: number): void {
    const h = this.items;
    h.push(v);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      const up = h[i]!;
      if (h[p]! <= up) break;
      // A temporary, not `[a, b] = [b, a]`: that allocates an array per swap (8 MB for 30,000 actions).
      h[i] = h[p]!;
      h[p] = up;
      i = p;
    }
  }

  pop(): number | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || last === undefined) return top;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && h[l]! < h[m]!) m = l;
      if (r < h.length && h[r]! < h[m]!) m = r;
      if (m === i) break;
      const down = h[i]!;
      h[i] = h[m]!;
      h[m] = down;
      i = m;
    }
    return top;
  }
}
