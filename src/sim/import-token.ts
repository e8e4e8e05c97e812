/**
 * Import tokens: opaque to callers, never stored. Layout: version byte, 8-byte big-endian expiry
 * (ms since epoch), 32 random bytes. Embedding the expiry lets ImportKeyMaterial tell an expired
 * token (ExpiredImportTokenException) from an unknown one after its parameters were purged.
 */
import { createHash, randomBytes } from 'node:crypto';

const VERSION = 1;
const LENGTH = 1 + 8 + 32;

export function newImportToken(expiresAt: Date): Buffer {
  const t = Buffer.alloc(LENGTH);
  t[0] = VERSION;
  t.writeBigUInt64BE(BigInt(expiresAt.getTime()), 1);
  randomBytes(32).copy(t, 9);
  return t;
}

export function tokenHash(token: Buffer): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The expiry a well-formed token claims; null for anything else. */
export function tokenExpiry(token: Buffer): Date | null {
  if (token.length !== LENGTH || token[0] !== VERSION) return null;
  return new Date(Number(token.readBigUInt64BE(1)));
}
