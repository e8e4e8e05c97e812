/**
 * The wrapping core: algorithms (one file per family), the compatibility matrix (data), KCV.
 * Pure crypto: no I/O, no clock. Nothing here puts material in an error message.
 */
export type { Compatibility, CompatibilityQuery, WrapForm, WrapOptions } from './types.js';
export { checkCompatibility, defaultWrapping, allowedPairs, describePairs, wrapFormFor, type AllowedPair } from './matrix.js';
export { wrappingKeySpecOf } from './public-key.js';
export { wrapMaterial } from './wrap.js';
export { unwrapMaterial } from './unwrap.js';
export { generateWrappingKeyPair } from './keypair.js';
export { kcv } from './kcv.js';
export { isImplemented } from './schemes.js';
