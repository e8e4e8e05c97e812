import { EVENT_ID, getScalarValue, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type LineCounter, type Node } from 'yaml';
import type { SourcePos } from '../diagnostics/diagnostic.js';
import { propertyName, scalarValue } from './strict-yaml.js';

/** A path into the manifest: map keys are strings, sequence indices numbers. */
export type ManifestPath = readonly (string | number)[];

/** `keys.payments.aliases[1]`; the root is `(manifest)`. */
export function formatPath(path: ManifestPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? '(manifest)' : out;
}

/**
 * Maps manifest paths to line/column. A path that does not exist (a field the manifest leaves out)
 * resolves to the nearest existing parent, so every diagnostic can point somewhere useful.
 * Scalars point at the value; mappings and sequences at the key that introduces them.
 */
export interface SourceMap {
  /** The file name diagnostics show (relative to the working directory where possible). */
  readonly file: string;
  posOf(path: ManifestPath): SourcePos;
  /** The key of the last path segment (`valdFor:` rather than its value). */
  keyPosOf(path: ManifestPath): SourcePos;
  /** The characters written for the plain (unquoted) scalar at exactly `path`, if that is what is there. */
  plainSource(path: ManifestPath): string | undefined;
}

interface Step {
  /** The value node reached (null for `key:` with nothing after it). */
  value: Node | null;
  /** The map key that led here, when the step went through a mapping. */
  key: Node | null;
  /** Whether every segment of the path was found. */
  whole: boolean;
}

/** Positions from the yaml library's document (manifests the strict parse leaves to it). */
export class DocumentSourceMap implements SourceMap {
  private readonly index = new WeakMap<object, Map<string, Omit<Step, 'whole'>>>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    /** The file name diagnostics show (relative to the working directory where possible). */
    readonly file: string,
  ) {}

  posOf(path: ManifestPath): SourcePos {
    const step = this.walk(path);
    // `key:` with nothing after it parses as an empty null scalar: point at the key instead.
    const empty = step.value?.range && step.value.range[0] === step.value.range[1];
    if (step.value && isScalar(step.value) && !empty) return this.at(step.value);
    return this.at(step.key ?? step.value);
  }

  keyPosOf(path: ManifestPath): SourcePos {
    const step = this.walk(path);
    return this.at(step.key ?? step.value);
  }

  plainSource(path: ManifestPath): string | undefined {
    const { value, whole } = this.walk(path);
    return whole && isScalar(value) && value.type === Scalar.PLAIN ? value.source : undefined;
  }

  private walk(path: ManifestPath): Step {
    let step: Omit<Step, 'whole'> = { value: this.doc.contents as Node | null, key: null };
    for (const seg of path) {
      const next = this.child(step.value, seg);
      if (!next) return { ...step, whole: false };
      step = next;
    }
    return { ...step, whole: true };
  }

  private child(node: Node | null, seg: string | number): Omit<Step, 'whole'> | null {
    const target = node && isAlias(node) ? (node.resolve(this.doc) as Node | undefined) ?? null : node;
    if (isMap(target)) return this.entries(target).get(String(seg)) ?? null;
    if (isSeq(target) && typeof seg === 'number') {
      const item = target.items[seg] as Node | undefined;
      return item ? { value: item, key: null } : null;
    }
    return null;
  }

  /** A mapping's entries by key name, built once per mapping: `keys:` may hold 10,000 entries. */
  private entries(map: Node & { items: unknown[] }): Map<string, Omit<Step, 'whole'>> {
    let index = this.index.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const name = key && isScalar(key) ? propertyName(key.value) : undefined;
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

/** A node of the event list: the index of its first event, and of the key that led to it (-1: none). */
interface EventStep {
  value: number;
  key: number;
  /** Whether every segment of the path was found. */
  whole: boolean;
}

/**
 * Positions from js-yaml's event list (manifests the strict parse read, see strict-yaml.ts), with
 * the same answers as DocumentSourceMap gives for the same text. Each mapping's entries are indexed
 * when a path first goes through it, as DocumentSourceMap does.
 */
export class EventSourceMap implements SourceMap {
  /** Per event, the index of the event after it and everything it contains. */
  private readonly skip: Int32Array;
  private readonly maps = new Map<number, Map<string, { key: number; value: number }>>();
  private readonly seqs = new Map<number, number[]>();
  private lineStarts: number[] | undefined;

  constructor(
    private readonly text: string,
    /** As parseEvents returns them: events[0] opens the document, events[1] is its root. */
    private readonly events: readonly Event[],
    readonly file: string,
  ) {
    this.skip = skips(events);
  }

  posOf(path: ManifestPath): SourcePos {
    const step = this.walk(path);
    const e = this.events[step.value]!;
    if (e.type === EVENT_ID.SCALAR && e.valueStart !== -1) return this.at(this.startOf(step.value));
    return this.at(this.startOf(step.key !== -1 ? step.key : step.value));
  }

  keyPosOf(path: ManifestPath): SourcePos {
    const step = this.walk(path);
    return this.at(this.startOf(step.key !== -1 ? step.key : step.value));
  }

  plainSource(path: ManifestPath): string | undefined {
    const { value, whole } = this.walk(path);
    const e = this.events[value]!;
    if (!whole || e.type !== EVENT_ID.SCALAR || e.style !== SCALAR_STYLE.PLAIN) return undefined;
    return getScalarValue(this.text, e);
  }

  private walk(path: ManifestPath): EventStep {
    let step: EventStep = { value: 1, key: -1, whole: true };
    for (const seg of path) {
      const e = this.events[step.value]!;
      let next: { key: number; value: number } | undefined;
      if (e.type === EVENT_ID.MAPPING) next = this.entries(step.value).get(String(seg));
      else if (e.type === EVENT_ID.SEQUENCE && typeof seg === 'number') {
        const item = this.items(step.value)[seg];
        if (item !== undefined) next = { key: -1, value: item };
      }
      if (!next) return { ...step, whole: false };
      step = { ...next, whole: true };
    }
    return step;
  }

  /** A mapping's entries by property name; the first occurrence wins, as in DocumentSourceMap. */
  private entries(map: number): Map<string, { key: number; value: number }> {
    let index = this.maps.get(map);
    if (!index) {
      index = new Map();
      for (let i = map + 1; this.events[i]!.type !== EVENT_ID.POP; ) {
        const key = i;
        const value = this.skip[key]!;
        i = this.skip[value]!;
        const e = this.events[key]!;
        if (e.type !== EVENT_ID.SCALAR) continue;
        const name = propertyName(scalarValue(this.text, e));
        if (!index.has(name)) index.set(name, { key, value });
      }
      this.maps.set(map, index);
    }
    return index;
  }

  private items(seq: number): number[] {
    let index = this.seqs.get(seq);
    if (!index) {
      index = [];
      for (let i = seq + 1; this.events[i]!.type !== EVENT_ID.POP; i = this.skip[i]!) index.push(i);
      this.seqs.set(seq, index);
    }
    return index;
  }

  /** An empty sequence item (`-` and nothing else) has no offset of its own: after its `-` and the spaces that follow. */
  private emptyItemStart(i: number): number {
    let p = this.endBefore(i);
    while (p >= 0 && p < this.text.length && this.text[p] !== '-') p = this.text[p] === '#' ? this.text.indexOf('\n', p) : p + 1;
    if (p < 0 || p >= this.text.length) return 0;
    for (p++; this.text[p] === ' ' || this.text[p] === '\t'; p++);
    return p;
  }

  /** Where the yaml library's range of the node starts: a quoted scalar at its quote, a block scalar at `|` or `>`. */
  private startOf(i: number): number {
    const e = this.events[i]!;
    if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) return e.start;
    if (e.type !== EVENT_ID.SCALAR) return 0;
    if (e.valueStart === -1) return this.emptyItemStart(i);
    switch (e.style) {
      case SCALAR_STYLE.SINGLE_QUOTED:
      case SCALAR_STYLE.DOUBLE_QUOTED:
        return e.valueStart - 1;
      case SCALAR_STYLE.LITERAL_BLOCK:
      case SCALAR_STYLE.FOLDED_BLOCK:
        return this.blockIndicator(i, e);
      default:
        return e.valueStart;
    }
  }

  /**
   * A block scalar's content starts on the line after its header. Between the node before it and
   * the header there are only indicators (`:`, `-`, `?`), quotes, spaces and comments, so the first
   * `|` or `>` outside a comment is the header's.
   */
  private blockIndicator(i: number, e: ScalarEvent): number {
    let p = this.endBefore(i);
    while (p >= 0 && p < e.valueStart) {
      const c = this.text[p];
      if (c === '|' || c === '>') return p;
      p = c === '#' ? this.text.indexOf('\n', p) : p + 1;
    }
    return e.valueStart;
  }

  /** The offset just past the nearest node before event i that has one. */
  private endBefore(i: number): number {
    for (let j = i - 1; j >= 0; j--) {
      const e = this.events[j]!;
      if (e.type === EVENT_ID.SCALAR && e.valueStart !== -1) return e.valueEnd;
      if (e.type === EVENT_ID.MAPPING || e.type === EVENT_ID.SEQUENCE) return e.start + 1;
    }
    return 0;
  }

  /** 1-based line and column, as the yaml library's LineCounter counts them. */
  private at(offset: number): SourcePos {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { file: this.file, line: low + 1, column: offset - starts[low]! + 1 };
  }
}

/** skip[i]: for a document, mapping or sequence, the index past its closing event; otherwise i + 1. */
function skips(events: readonly Event[]): Int32Array {
  const skip = new Int32Array(events.length + 1);
  const open: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const type = events[i]!.type;
    skip[i] = i + 1;
    if (type === EVENT_ID.DOCUMENT || type === EVENT_ID.MAPPING || type === EVENT_ID.SEQUENCE) open.push(i);
    else if (type === EVENT_ID.POP) skip[open.pop()!] = i + 1;
  }
  return skip;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
