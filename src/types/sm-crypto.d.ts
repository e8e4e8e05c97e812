/** The part of sm-crypto (no bundled typings) that src/wrapping/sm2.ts uses. */
declare module 'sm-crypto' {
  const smCrypto: {
    sm2: {
      doEncrypt(msg: number[], publicKey: string, cipherMode?: number): string;
      doDecrypt(encrypted: string, privateKey: string, cipherMode?: number, opts?: { output: 'array' | 'string' }): number[] | string;
    };
  };
  export default smCrypto;
}
