import type { MaterialSource } from '../core/types.js';
import { decodeBase64, decodeHex } from './decode.js';
import { materialError } from './errors.js';
import { zeroize } from './zeroize.js';

/**
 * Decodes text-encoded material and zeroes the encoded input in every case, so the caller holds
 * exactly one copy of the secret afterwards (or none, on error).
 */
export function decodeOrThrow(encoded: Buffer, encoding: 'base64' | 'hex', source: MaterialSource, howToFix: string): Buffer {
  try {
    const out = encoding === 'base64' ? decodeBase64(encoded) : decodeHex(encoded);
    if (out === null) throw materialError('material.malformed', source, `is not valid ${encoding}`, howToFix);
    if (out.length === 0) throw materialError('material.missing', source, 'is empty', howToFix);
    return out;
  } finally {
    zeroize(encoded);
  }
}
