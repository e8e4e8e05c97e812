/**
 * Range planning for multipart copy (UploadPartCopy), needed above the 5 GB limit of a single
 * CopyObject. S3 limits: parts of 5 MiB to 5 GiB (the last part may be smaller), at most 10,000
 * parts, objects up to 5 TiB.
 */

export const MAX_SINGLE_COPY_BYTES = 5 * 1024 ** 3;
export const MIN_PART_BYTES = 5 * 1024 ** 2;
export const MAX_PART_BYTES = 5 * 1024 ** 3;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;
/** Large parts mean fewer requests; the part size grows past this when 10,000 parts would not suffice. */
export const DEFAULT_PART_BYTES = 512 * 1024 ** 2;

export interface CopyRange {
  partNumber: number;
  /** Inclusive byte offsets, as `x-amz-copy-source-range: bytes=first-last` wants them. */
  first: number;
  last: number;
}

export function planCopyRanges(size: number, preferredPartBytes = DEFAULT_PART_BYTES): CopyRange[] {
  if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`object size must be a positive integer, got ${size}`);
  if (size > MAX_OBJECT_BYTES) throw new RangeError(`object of ${size} bytes exceeds S3's 5 TiB maximum`);
  const partBytes = Math.min(MAX_PART_BYTES, Math.max(MIN_PART_BYTES, preferredPartBytes, Math.ceil(size / MAX_PARTS)));
  const ranges: CopyRange[] = [];
  for (let first = 0, partNumber = 1; first < size; first += partBytes, partNumber += 1) {
    ranges.push({ partNumber, first, last: Math.min(size, first + partBytes) - 1 });
  }
  return ranges;
}

export function rangeHeader(range: CopyRange): string {
  return `bytes=${range.first}-${range.last}`;
}
