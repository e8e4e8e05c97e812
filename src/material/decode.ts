/**
 * Byte-level base64 and hex decoders. They work on Buffers and never build a JS string of the
 * secret (strings cannot be zeroed). They return null on malformed input; the caller zeroes both
 * the input and the output when done. ASCII whitespace is ignored (a trailing newline is normal).
 */

const B64 = new Int16Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  B64[c.charCodeAt(0)] = i;
});
const PAD = 0x3d;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

export function decodeBase64(input: Uint8Array): Buffer | null {
  let chars = 0;
  let pads = 0;
  for (const b of input) {
    if (isSpace(b)) continue;
    if (b === PAD) pads++;
    else if (pads > 0 || (B64[b] ?? -1) < 0) return null;
    else chars++;
  }
  if (pads > 2 || chars % 4 === 1 || (pads > 0 && (chars + pads) % 4 !== 0)) return null;
  const out = Buffer.alloc(Math.floor((chars * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const b of input) {
    const v = B64[b] ?? -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

export function decodeHex(input: Uint8Array): Buffer | null {
  let digits = 0;
  for (const b of input) {
    if (isSpace(b)) continue;
    if (hexValue(b) < 0) return null;
    digits++;
  }
  if (digits % 2 !== 0) return null;
  const out = Buffer.alloc(digits / 2);
  let o = 0;
  let high = -1;
  for (const b of input) {
    const v = hexValue(b);
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      out[o++] = (high << 4) | v;
      high = -1;
    }
  }
  return out;
}

/** True when every byte is base64/hex text or whitespace: raw material that is really encoded text. */
export function looksLikeText(input: Uint8Array): boolean {
  return input.length > 0 && input.every((b) => isSpace(b) || b === PAD || (B64[b] ?? -1) >= 0);
}
