/** Plaintext material handling: sources (file, env, command), size checks, zeroization. */
export { readMaterial, readMaterialBytes, withMaterial, type ReadOptions } from './read.js';
export { zeroize } from './zeroize.js';
export { expectedMaterialSize, checkMaterial } from './size.js';
export { describeSource } from './describe.js';
export { decodeBase64, decodeHex } from './decode.js';
export { writePrivateFile } from './secret-file.js';
export { generateMaterial } from './generate.js';
