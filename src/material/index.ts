/** CONTRACT STUB — plaintext material handling: sources, size checks, zeroization. */
import type { KeySpec } from '../core/specs.js';
import type { MaterialSource } from '../core/types.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * Read material from its source (file paths relative to `baseDir`), check its size for `keySpec`.
 * Returns the plaintext Buffer (the caller must zeroize it) and warnings (e.g. file mode too open).
 * Failures throw UserError with a `material.*` code; messages never contain material.
 */
export declare function readMaterial(source: MaterialSource, baseDir: string, keySpec: KeySpec): Promise<{ material: Buffer; warnings: Diagnostic[] }>;

/** Runs `fn` with the material and zeroes it afterwards, whatever happens. */
export declare function withMaterial<T>(source: MaterialSource, baseDir: string, keySpec: KeySpec, fn: (material: Buffer) => Promise<T> | T): Promise<T>;

/** Overwrite with zeros. */
export declare function zeroize(...buffers: (Buffer | Uint8Array | null | undefined)[]): void;

/** Expected size in bytes, or 'pkcs8' for asymmetric private keys. */
export declare function expectedMaterialSize(keySpec: KeySpec): number | 'pkcs8';

/** A human description of a material source for output ("file material/x.bin"), never its content. */
export declare function describeSource(source: MaterialSource): string;
