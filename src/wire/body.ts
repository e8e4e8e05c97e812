/**
 * Request bodies. Node already undoes HTTP `Transfer-Encoding: chunked` and answers
 * `Expect: 100-continue` (no `checkContinue` listener is installed); what is left is AWS's own
 * `aws-chunked` content encoding, which the SDKs use for streaming uploads with trailing checksums.
 */
import type { IncomingMessage } from 'node:http';

/** Bodies above this are refused (the sandbox holds objects in memory). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class BodyError extends Error {
  constructor(
    readonly code: 'EntityTooLarge' | 'IncompleteBody' | 'InvalidRequest',
    message: string,
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new BodyError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    parts.push(b);
  }
  const raw = Buffer.concat(parts, size);
  return isAwsChunked(req) ? decodeAwsChunked(raw, decodedLength(req)) : raw;
}

function isAwsChunked(req: IncomingMessage): boolean {
  const enc = String(req.headers['content-encoding'] ?? '');
  const sha = String(req.headers['x-amz-content-sha256'] ?? '');
  return enc.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

function decodedLength(req: IncomingMessage): number | undefined {
  const v = req.headers['x-amz-decoded-content-length'];
  return v === undefined ? undefined : Number(v);
}

/**
 * `<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n` ... `0[;chunk-signature=..]\r\n[trailers]\r\n`.
 * Chunk signatures and trailers (e.g. `x-amz-checksum-crc32:...`) are dropped, never verified.
 */
export function decodeAwsChunked(raw: Buffer, expected?: number): Buffer {
  const out: Buffer[] = [];
  let pos = 0;
  let total = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', pos, 'latin1');
    if (eol < 0) throw new BodyError('IncompleteBody', 'aws-chunked body ends inside a chunk header');
    const sizeText = raw.toString('latin1', pos, eol).split(';')[0]!.trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new BodyError('InvalidRequest', 'aws-chunked body has a malformed chunk header');
    const size = parseInt(sizeText, 16);
    pos = eol + 2;
    if (size === 0) break;
    if (pos + size > raw.length) throw new BodyError('IncompleteBody', 'aws-chunked body is shorter than its chunk sizes');
    out.push(raw.subarray(pos, pos + size));
    total += size;
    pos += size;
    if (raw.toString('latin1', pos, pos + 2) === '\r\n') pos += 2;
  }
  if (expected !== undefined && Number.isFinite(expected) && expected !== total) {
    throw new BodyError('IncompleteBody', `x-amz-decoded-content-length says ${expected} bytes, the chunks hold ${total}`);
  }
  return Buffer.concat(out, total);
}
