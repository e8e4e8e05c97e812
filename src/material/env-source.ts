import type { MaterialSource } from '../core/types.js';
import { decodeOrThrow } from './encoded.js';
import { materialError } from './errors.js';

type EnvSource = Extract<MaterialSource, { type: 'env' }>;

/** The variable holds base64. The JS string itself cannot be zeroed; its byte copy is. */
export function readEnvSource(source: EnvSource, env: NodeJS.ProcessEnv): Buffer {
  const value = env[source.name];
  const fix = `Set ${source.name} to the base64 of the material, e.g. \`export ${source.name}="$(base64 < material.bin)"\`.`;
  if (value === undefined || value.trim() === '') throw materialError('material.missing', source, 'is not set or empty', fix);
  return decodeOrThrow(Buffer.from(value, 'utf8'), 'base64', source, fix);
}
