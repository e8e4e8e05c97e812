/**
 * A fast reader for the plain subset of YAML that manifests are written in: block mappings and
 * sequences, one-line flow collections, plain and simple quoted scalars, comments. The yaml library
 * builds a full node tree with positions (about 1 s and 100 MB per 10,000 keys); this builds only
 * the data, and the tree is built later only if a diagnostic needs a line and column.
 *
 * Anything outside the subset (anchors, tags, block scalars, multi-line scalars, escapes, explicit
 * keys, directives, duplicate keys, numbers other than plain decimal integers, tabs) returns
 * undefined and the caller parses with the yaml library as before: this reader never decides what
 * a manifest means on its own, it only takes the common path faster. A differential test compares
 * it with the library on every manifest in the repository and on a list of edge cases.
 */
import { TEXT_FIELDS } from './text-scalars.js';

type Value = unknown;
const BAIL = Symbol('bail');

/** Map keys are strings, sequence indices numbers (a `*` in TEXT_FIELDS matches map keys only). */
type Path = readonly (string | number)[];

interface Line {
  indent: number;
  text: string; // without indentation and without a trailing comment
}

export function fastParseYaml(source: string): { data: Value } | undefined {
  if (source.startsWith('\uFEFF')) return undefined;
  const lines = splitLines(source);
  if (lines === BAIL || lines.length === 0) return undefined;
  const state = { i: 0 };
  try {
    const data = block(lines, state, lines[0]!.indent, []);
    return state.i === lines.length ? { data } : undefined;
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

function splitLines(source: string): Line[] | typeof BAIL {
  const out: Line[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const indent = line.length - line.trimStart().length;
    if (line.slice(0, indent).includes('\t')) return BAIL;
    const text = stripComment(line.slice(indent)).trimEnd();
    if (text === '') continue;
    if (text.startsWith('---') || text.startsWith('...') || text.startsWith('%') || text.includes('\t')) return BAIL;
    out.push({ indent, text });
  }
  return out;
}

/** Drops ` # comment` outside quotes. A quote that does not close on the line is left to the library. */
function stripComment(text: string): string {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s[{,:]/.test(text[i - 1]!)) quote = c;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ')) {
      return text.slice(0, i);
    }
  }
  return text;
}

/** The block node whose first line is lines[state.i], at exactly `indent`. */
function block(lines: Line[], state: { i: number }, indent: number, path: Path): Value {
  const first = lines[state.i]!;
  if (first.indent !== indent) throw BAIL;
  return first.text === '-' || first.text.startsWith('- ') ? sequence(lines, state, indent, path) : mapping(lines, state, indent, path);
}

function mapping(lines: Line[], state: { i: number }, indent: number, path: Path): Value {
  const out: Record<string, Value> = {};
  while (state.i < lines.length && lines[state.i]!.indent === indent) {
    const { text } = lines[state.i]!;
    const colon = keyEnd(text);
    if (colon < 0) throw BAIL;
    const key = keyOf(text.slice(0, colon));
    if (Object.hasOwn(out, key)) throw BAIL; // the library reports duplicates
    const rest = text.slice(colon + 1).trim();
    state.i++;
    const child = [...path, key];
    if (rest !== '') {
      out[key] = inline(rest, child);
      if (state.i < lines.length && lines[state.i]!.indent > indent) throw BAIL; // multi-line scalar
    } else if (state.i < lines.length && lines[state.i]!.indent > indent) {
      out[key] = block(lines, state, lines[state.i]!.indent, child);
    } else if (state.i < lines.length && lines[state.i]!.indent === indent && lines[state.i]!.text.startsWith('- ')) {
      out[key] = sequence(lines, state, indent, child); // a sequence may sit at its key's indentation
    } else {
      out[key] = null;
    }
  }
  if (state.i < lines.length && lines[state.i]!.indent > indent) throw BAIL;
  return out;
}

function sequence(lines: Line[], state: { i: number }, indent: number, path: Path): Value {
  const out: Value[] = [];
  while (state.i < lines.length && lines[state.i]!.indent === indent && (lines[state.i]!.text.startsWith('- ') || lines[state.i]!.text === '-')) {
    const item = lines[state.i]!.text.slice(1).trim();
    if (item === '' || keyEnd(item) >= 0) throw BAIL; // nested or compact collections: the library
    out.push(inline(item, [...path, out.length]));
    state.i++;
    if (state.i < lines.length && lines[state.i]!.indent > indent) throw BAIL;
  }
  return out;
}

/** Index of the `:` that ends a plain or quoted block key, or -1. */
function keyEnd(text: string): number {
  if (text[0] === '"' || text[0] === "'") {
    const close = text.indexOf(text[0], 1);
    return close > 0 && text[close + 1] === ':' && (close + 2 === text.length || text[close + 2] === ' ') ? close + 1 : -1;
  }
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ':' && (i + 1 === text.length || text[i + 1] === ' ')) return i;
  }
  return -1;
}

function keyOf(raw: string): string {
  const key = raw[0] === '"' || raw[0] === "'" ? quoted(raw) : raw;
  if (raw[0] !== '"' && raw[0] !== "'" && (typeof plain(raw, false) !== 'string' || /^[-?:,[\]{}#&*!|>%@`]/.test(raw))) throw BAIL;
  if (key === '__proto__' || key === '') throw BAIL;
  return key;
}

/** A value written on the key's line: a scalar or a one-line flow collection. */
function inline(text: string, path: Path): Value {
  if (text[0] === '{' || text[0] === '[') {
    const cursor = { s: text, i: 0 };
    const value = flow(cursor, path);
    if (cursor.s.slice(cursor.i).trim() !== '') throw BAIL;
    return value;
  }
  if (text[0] === '"' || text[0] === "'") return quoted(text);
  if (/^[-?:,[\]{}#&*!|>%@`]/.test(text) && !/^-[0-9]+$/.test(text)) throw BAIL;
  if (/[{}[\],]|: |:$/.test(text)) throw BAIL;
  return plain(text, isTextField(path));
}

function flow(c: { s: string; i: number }, path: Path): Value {
  const open = c.s[c.i++];
  const close = open === '{' ? '}' : ']';
  const map: Record<string, Value> = {};
  const seq: Value[] = [];
  for (;;) {
    skip(c);
    if (c.s[c.i] === close) {
      c.i++;
      return open === '{' ? map : seq;
    }
    if (open === '{') {
      const key = keyOf(token(c));
      skip(c);
      if (c.s[c.i] !== ':' || Object.hasOwn(map, key)) throw BAIL;
      c.i++;
      skip(c);
      map[key] = flowValue(c, [...path, key]);
    } else {
      seq.push(flowValue(c, [...path, seq.length]));
    }
    skip(c);
    if (c.s[c.i] === ',') c.i++;
    else if (c.s[c.i] !== close) throw BAIL;
  }
}

function flowValue(c: { s: string; i: number }, path: Path): Value {
  const ch = c.s[c.i];
  if (ch === '{' || ch === '[') return flow(c, path);
  const raw = token(c);
  if (raw[0] === '"' || raw[0] === "'") return quoted(raw);
  if (raw === '' || (/^[-?:,[\]{}#&*!|>%@`]/.test(raw) && !/^-[0-9]+$/.test(raw) && !/^-[A-Za-z]/.test(raw))) throw BAIL;
  skip(c);
  if (c.s[c.i] === ':') throw BAIL; // a pair inside a flow sequence
  return plain(raw, isTextField(path));
}

/** A quoted scalar, or a flow plain scalar up to `,`, `]`, `}` or a `:` that ends a key. */
function token(c: { s: string; i: number }): string {
  const start = c.i;
  const q = c.s[c.i];
  if (q === '"' || q === "'") {
    const end = c.s.indexOf(q, c.i + 1);
    if (end < 0) throw BAIL;
    c.i = end + 1;
    return c.s.slice(start, c.i);
  }
  while (c.i < c.s.length) {
    const ch = c.s[c.i]!;
    if (ch === ',' || ch === ']' || ch === '}' || ch === '[' || ch === '{' || ch === '"' || ch === "'") break;
    const next = c.s[c.i + 1];
    if (ch === ':' && (next === undefined || next === ' ' || next === ',' || next === ']' || next === '}')) break;
    c.i++;
  }
  return c.s.slice(start, c.i).trim();
}

function skip(c: { s: string; i: number }): void {
  while (c.s[c.i] === ' ') c.i++;
}

/** Simple quoted scalars only: no escapes, no '' inside single quotes, nothing after the quote. */
function quoted(raw: string): string {
  const q = raw[0]!;
  const body = raw.slice(1, -1);
  if (raw.length < 2 || raw[raw.length - 1] !== q || body.includes(q) || body.includes('\\')) throw BAIL;
  return body;
}

/** YAML 1.2 core schema for plain scalars, limited to what is unambiguous; the rest goes to the library. */
function plain(text: string, keepText: boolean): Value {
  if (text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (/^-?[0-9]+$/.test(text)) {
    if (keepText) return text;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || text.startsWith('-0') || (text.length > 1 && text.startsWith('0'))) throw BAIL;
    return n;
  }
  // Other numbers (the yaml library's core schema: +1, 0o17, 0x1f, floats, .inf, .nan) go to the library.
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$|^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^0o[0-7]+$|^[-+]?[0-9]+$|^0x[0-9a-fA-F]+$/.test(text)) throw BAIL;
  return text;
}

function isTextField(path: Path): boolean {
  return TEXT_FIELDS.some((p) => p.length === path.length && p.every((seg, i) => seg === '*' || seg === path[i]));
}
