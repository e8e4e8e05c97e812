import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { SourcePos } from '../diagnostics/diagnostic.js';

/** A path into the manifest: map keys are strings, sequence indices numbers. */
export type ManifestPath = readonly (string | number)[];

/** `keys.payments.aliases[1]`; the root is `(manifest)`. */
export function formatPath(path: ManifestPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? '(manifest)' : out;
}

interface Step {
  /** The value node reached (null for `key:` with nothing after it). */
  value: Node | null;
  /** The map key that led here, when the step went through a mapping. */
  key: Node | null;
}

/**
 * Maps manifest paths to line/column. A path that does not exist (a field the manifest leaves out)
 * resolves to the nearest existing parent, so every diagnostic can point somewhere useful.
 */
export class SourceMap {
  private readonly index = new WeakMap<object, Map<string, Step>>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    /** The file name diagnostics show (relative to the working directory where possible). */
    readonly file: string,
  ) {}

  /** Scalars point at the value; mappings and sequences at the key that introduces them. */
  posOf(path: ManifestPath): SourcePos {
    const step = this.walk(path);
    // `key:` with nothing after it parses as an empty null scalar: point at the key instead.
    const empty = step.value?.range && step.value.range[0] === step.value.range[1];
    if (step.value && isScalar(step.value) && !empty) return this.at(step.value);
    return this.at(step.key ?? step.value);
  }

  /** The key of the last path segment (`valdFor:` rather than its value). */
  keyPosOf(path: ManifestPath): SourcePos {
    const step = this.walk(path);
    return this.at(step.key ?? step.value);
  }

  private walk(path: ManifestPath): Step {
    let step: Step = { value: this.doc.contents as Node | null, key: null };
    for (const seg of path) {
      const next = this.child(step.value, seg);
      if (!next) break;
      step = next;
    }
    return step;
  }

  private child(node: Node | null, seg: string | number): Step | null {
    const target = node && isAlias(node) ? (node.resolve(this.doc) as Node | undefined) ?? null : node;
    if (isMap(target)) return this.entries(target).get(String(seg)) ?? null;
    if (isSeq(target) && typeof seg === 'number') {
      const item = target.items[seg] as Node | undefined;
      return item ? { value: item, key: null } : null;
    }
    return null;
  }

  /** A mapping's entries by key name, built once per mapping: `keys:` may hold 10,000 entries. */
  private entries(map: Node & { items: unknown[] }): Map<string, Step> {
    let index = this.index.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const name = key && isScalar(key) ? String(key.value) : undefined;
        // The first occurrence wins, as the linear scan did.
        if (name !== undefined && !index.has(name)) index.set(name, { value: (pair.value as Node | null) ?? null, key });
      }
      this.index.set(map, index);
    }
    return index;
  }

  private at(node: Node | null): SourcePos {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }
}
