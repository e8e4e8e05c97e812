/** Overwrite with zeros. Accepts absent buffers so cleanup code needs no guards. */
export function zeroize(...buffers: (Buffer | Uint8Array | null | undefined)[]): void {
  for (const b of buffers) b?.fill(0);
}
