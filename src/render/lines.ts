/** Lines as one text, each ended by a newline. */
export function joinLines(lines: Iterable<string>): string {
  return `${[...lines].join('\n')}\n`;
}

/**
 * The same text as joinLines, in pieces of at most `size` lines. A 10,000-key plan or apply report is
 * 30,000 to 90,000 lines; written piece by piece, the whole text (and the lines it is joined from,
 * about 10 MB at that size) is never in memory at once.
 */
export function* inPieces(lines: Iterable<string>, size = 1000): Generator<string> {
  let piece: string[] = [];
  for (const line of lines) {
    piece.push(line);
    if (piece.length === size) {
      yield `${piece.join('\n')}\n`;
      piece = [];
    }
  }
  if (piece.length > 0) yield `${piece.join('\n')}\n`;
}
