/** Long base64/hex runs are redacted: nothing blob-like from a request (a token, wrapped material) may reach a message. */
export function scrub(text: string): string {
  const cleaned = text.replace(/[A-Za-z0-9+/=_-]{64,}/g, '[redacted]').replace(/\s+/g, ' ').trim();
  return cleaned.length > 300 ? `${cleaned.slice(0, 297)}...` : cleaned;
}
