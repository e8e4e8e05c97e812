/** The part of sm-crypto (no bundled typings; a CommonJS module whose exports carry `sm2`) that src/wrapping/sm2.ts uses. */
declare module 'sm-crypto' {
  export const sm2: {
    doEncrypt(msg: number[], publicKey: string, cipherMode?: number): string;
    doDecrypt(encrypted: string, privateKey: string, cipherMode?: number, opts?: { output: 'array' | 'string' }): number[] | string;
  };
}
