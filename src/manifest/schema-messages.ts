import type { ErrorObject } from 'ajv/dist/2020.js';
import { formatPath, type ManifestPath } from './positions.js';
import { didYouMean } from './suggest.js';

/** One schema violation in words, before it gets a source position. */
export interface SchemaProblem {
  code: 'manifest.schema' | 'manifest.duration';
  path: ManifestPath;
  /** Point at the key (`valdFor:`) rather than at the value. */
  atKey: boolean;
  summary: string;
  detail?: string;
}

type Schemaish = { description?: string; properties?: Record<string, { description?: string }> } | undefined;

/** Translates one ajv error at `path` (already a manifest path) into a sentence a person can act on. */
export function describeError(e: ErrorObject, path: ManifestPath, hint?: string): SchemaProblem {
  const parent = (typeof e.parentSchema === 'object' ? e.parentSchema : undefined) as Schemaish;
  const where = place(path);
  const problem = (summary: string, detail?: string, at: ManifestPath = path, atKey = false): SchemaProblem =>
    ({ code: 'manifest.schema', path: at, atKey, summary, ...(detail ? { detail } : {}) });
  const p = e.params as Record<string, unknown>;

  switch (e.keyword) {
    case 'additionalProperties': {
      const field = String(p.additionalProperty);
      const allowed = Object.keys(parent?.properties ?? {});
      return problem(`unknown field \`${field}\` in ${where}`, `Allowed fields: ${allowed.join(', ')}.${didYouMean(field, allowed)}`, [...path, field], true);
    }
    case 'required': {
      const field = String(p.missingProperty);
      return problem(`missing field \`${field}\` in ${where}`, parent?.properties?.[field]?.description, path, true);
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const list = allowed.join(', ');
      const value = show(e.data);
      const suggestion = typeof e.data === 'string' ? didYouMean(e.data, allowed) : '';
      return allowed.length <= 5
        ? problem(`invalid value ${value} for ${where}: expected one of ${list}`, suggestion.trim() || undefined)
        : problem(`invalid value ${value} for ${where}`, `Expected one of ${list}.${suggestion}`);
    }
    case 'const':
      return problem(`${where} must be ${JSON.stringify(p.allowedValue)}, found ${show(e.data)}`, parent?.description);
    case 'type': {
      // YAML reads `kcv: 000000` or `name: 2026` as numbers; quoting is the fix.
      const quote = p.type === 'string' && (typeof e.data === 'number' || typeof e.data === 'boolean')
        ? `YAML read it as ${typeof e.data === 'number' ? 'a number' : 'true/false'}: quote the value (${String(path[path.length - 1])}: "...") to keep it text. `
        : '';
      return problem(`${where} must be ${typeName(String(p.type))}, found ${kindOf(e.data)}`, `${quote}${parent?.description ?? ''}`.trim() || undefined);
    }
    case 'pattern': {
      const duration = e.schemaPath.startsWith('#/$defs/duration/');
      const detail = duration ? 'Write <n>d, <n>h or <n>m, e.g. 365d, 36h, 90m.' : (parent?.description ?? `Must match ${String(p.pattern)}.`);
      if (e.propertyName !== undefined) return problem(`invalid name \`${e.propertyName}\` in ${where}`, detail, [...path, e.propertyName], true);
      const code = duration ? 'manifest.duration' : 'manifest.schema';
      return { ...problem(`invalid ${duration ? 'duration' : 'value'} ${show(e.data)} for ${where}`, detail), code };
    }
    case 'false schema': {
      const field = String(path[path.length - 1]);
      return problem(`field \`${field}\` is not allowed in ${place(path.slice(0, -1))}`, hint, path, true);
    }
    case 'dependentRequired':
      return problem(
        `\`${String(p.property)}\` is only valid together with \`${String(p.missingProperty)}\` in ${where}`,
        parent?.properties?.[String(p.property)]?.description,
        [...path, String(p.property)],
        true,
      );
    case 'minLength':
      return problem(`${where} must not be empty`);
    case 'maxLength':
      return problem(`${where} is longer than ${String(p.limit)} characters`);
    case 'minItems':
      return problem(`${where} needs at least ${String(p.limit)} item(s)`);
    case 'minProperties':
      return problem(`${where} needs at least ${String(p.limit)} field(s)`, parent?.description);
    case 'exclusiveMinimum':
      return problem(`${where} must be greater than ${String(p.limit)}, found ${show(e.data)}`);
    default:
      return problem(`${where} ${e.message ?? 'is invalid'}`, parent?.description);
  }
}

/** Human names for places: the root is "the top level". */
export function place(path: ManifestPath): string {
  return path.length === 0 ? 'the top level' : formatPath(path);
}

export function typeName(type: string): string {
  const names: Record<string, string> = {
    object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', integer: 'a whole number', boolean: 'true or false', null: 'empty',
  };
  return type.split(',').map((t) => names[t] ?? t).join(' or ');
}

export function kindOf(data: unknown): string {
  if (data === null || data === undefined) return 'nothing';
  if (Array.isArray(data)) return 'a list';
  if (typeof data === 'object') return 'a mapping';
  return `${typeName(typeof data)} (${show(data)})`;
}

/** A short, safe rendering of a scalar value (manifests hold no secrets, but keep it one line). */
function show(data: unknown): string {
  if (typeof data === 'object' && data !== null) return kindOf(data);
  const s = String(data);
  return `\`${s.length > 60 ? `${s.slice(0, 57)}...` : s}\``;
}
