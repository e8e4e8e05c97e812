import type { ValidateFunction } from 'ajv/dist/2020.js';
import { validate as generated } from './keys-validator.generated.js';

/**
 * `schemas/keys.schema.json` is the single source of truth for the manifest's shape; editors read
 * the same file. It sits two levels above this module both in `src/manifest/` and `dist/manifest/`.
 */
export const SCHEMA_URL = new URL('../../schemas/keys.schema.json', import.meta.url);

/**
 * The validator compiled from that file ahead of time (scripts/gen-validator.mjs, run by
 * `npm run build`): loading ajv's compiler and compiling at start-up cost ~120 ms per command.
 */
export function schemaValidator(): ValidateFunction {
  return generated as ValidateFunction;
}
