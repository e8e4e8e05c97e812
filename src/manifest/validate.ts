import type { ErrorObject } from 'ajv/dist/2020.js';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatPath, type ManifestPath, type SourceMap } from './positions.js';
import { schemaValidator } from './schema.js';
import { describeError, kindOf, place, typeName, type SchemaProblem } from './schema-messages.js';

export interface SchemaResult {
  problems: SchemaProblem[];
  diagnostics: Diagnostic[];
}

/** Validates against keys.schema.json and turns ajv's error list into one diagnostic per problem. */
export function validateSchema(data: unknown, source: SourceMap): SchemaResult {
  const validate = schemaValidator();
  const problems = validate(data) ? [] : explain(validate.errors ?? [], data);
  const diagnostics = problems.map((p) =>
    error(p.code, p.summary, {
      ...(p.detail ? { detail: p.detail } : {}),
      ...(p.path.length > 0 ? { path: formatPath(p.path) } : {}),
      pos: p.atKey ? source.keyPosOf(p.path) : source.posOf(p.path),
    }),
  );
  return { problems, diagnostics };
}

type Item = { ptr: string; error: ErrorObject } | { ptr: string; problem: SchemaProblem };

/**
 * ajv reports the errors of every branch of an anyOf/oneOf, then the combinator itself. Those
 * branch errors come right before it (combinators are evaluated before the other keywords of a
 * schema), so they are popped and replaced by one message about the branch that fits the value.
 */
export function explain(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  if (data === null || data === undefined) {
    return [{ code: 'manifest.schema', path: [], atKey: false, summary: 'the manifest is empty', detail: 'Start with `version: 1` and `name: <scope>`, then declare `keys:`.' }];
  }
  const items: Item[] = [];
  for (const e of errors) {
    // `if` only says "then failed"; the then-branch errors say why. propertyNames is repeated by
    // the inner error, which carries the offending name.
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue;
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      const branch: Item[] = [];
      while (items.length > 0 && isUnder(items[items.length - 1]!.ptr, e.instancePath)) branch.unshift(items.pop()!);
      items.push(...collapse(e, branch, data));
      continue;
    }
    items.push({ ptr: e.instancePath, error: e });
  }
  const problems = items.map((item) =>
    'problem' in item ? item.problem : describeError(item.error, toPath(item.ptr, data), hintFor(item.error, errors)),
  );
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.code}|${formatPath(p.path)}|${p.summary}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

function collapse(e: ErrorObject, branch: Item[], data: unknown): Item[] {
  const path = toPath(e.instancePath, data);
  const alternatives = Array.isArray(e.schema) ? (e.schema as { required?: string[] }[]) : [];
  const names = alternatives.map((s) => (s.required?.length === 1 && Object.keys(s).length === 1 ? s.required[0] : undefined));
  // "exactly one of these fields": material's file | env | command.
  if (names.length > 0 && names.every((n): n is string => n !== undefined)) {
    const present = names.filter((n) => typeof e.data === 'object' && e.data !== null && n in e.data);
    const list = names.map((n) => `\`${n}\``).join(', ');
    const summary = present.length > 1
      ? `${place(path)} takes exactly one of ${list}; found ${present.map((n) => `\`${n}\``).join(' and ')}`
      : `${place(path)} needs one of ${list}`;
    return [{ ptr: e.instancePath, problem: { code: 'manifest.schema', path, atKey: true, summary } }];
  }
  // Branches whose type does not even match the value are noise; keep the errors of the others.
  const relevant = branch.filter((b) => !('error' in b && b.error.keyword === 'type' && b.ptr === e.instancePath));
  if (relevant.length > 0) return relevant;
  const types = branch.flatMap((b) => ('error' in b && b.error.keyword === 'type' ? [String(b.error.params.type)] : []));
  const summary = `${place(path)} must be ${types.length > 0 ? typeName(types.join(',')) : 'something else'}, found ${kindOf(e.data)}`;
  const description = (e.parentSchema as { description?: string } | undefined)?.description;
  return [{ ptr: e.instancePath, problem: { code: 'manifest.schema', path, atKey: false, summary, ...(description ? { detail: description } : {}) } }];
}

/** A `false` schema (a field forbidden by if/then) is explained by the description of the schema holding the if. */
function hintFor(e: ErrorObject, all: readonly ErrorObject[]): string | undefined {
  if (e.keyword !== 'false schema') return undefined;
  const parentPtr = e.instancePath.slice(0, e.instancePath.lastIndexOf('/'));
  const owner = all.find((o) => o.keyword === 'if' && o.instancePath === parentPtr);
  return (owner?.parentSchema as { description?: string } | undefined)?.description;
}

function isUnder(ptr: string, parent: string): boolean {
  return ptr === parent || ptr.startsWith(`${parent}/`);
}

/** JSON pointer -> manifest path; segments that index a list become numbers. */
export function toPath(ptr: string, data: unknown): ManifestPath {
  if (ptr === '') return [];
  const out: (string | number)[] = [];
  let node: unknown = data;
  for (const raw of ptr.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(node) ? Number(seg) : NaN;
    out.push(Number.isInteger(index) ? index : seg);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return out;
}
