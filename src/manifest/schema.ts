import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * `schemas/keys.schema.json` is the single source of truth for the manifest's shape; editors read
 * the same file. It sits two levels above this module both in `src/manifest/` and `dist/manifest/`.
 */
export const SCHEMA_URL = new URL('../../schemas/keys.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

/** The compiled validator (compiled once per process). */
export function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
    // allErrors: report every problem at once. verbose: errors carry their (parent) schema, whose
    // `properties` and `description` turn into "allowed fields" lists and hints.
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strictSchema: true, strictTypes: false, strictRequired: false });
    compiled = ajv.compile(schema);
  }
  return compiled;
}
