import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { parseYaml } from '../../src/manifest/load.js';

/**
 * The manifest parser finds duplicate keys itself (linear time) instead of the yaml library's
 * quadratic check. It must report exactly what the library reports: same count, same positions.
 */
function libraryErrors(text: string): string[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  return doc.errors.map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    return `${line}:${col} ${e.message}`;
  });
}

function ourErrors(text: string): string[] {
  return parseYaml(text, 'k.yaml').diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.pos?.line}:${d.pos?.column} ${d.summary.replace('YAML syntax error: ', '')}`);
}

const CASES: [string, string][] = [
  ['top level', 'version: 1\nversion: 1\n'],
  ['nested block map', 'keys:\n  a:\n    material: { file: a }\n  b: {}\n  a:\n    material: { file: b }\n'],
  ['flow map', 'keys:\n  a: { material: x, aliases: [], material: y }\n'],
  ['three times, two reports', 'a: 1\nb: 2\na: 3\nc: 4\na: 5\n'],
  ['quoted and plain are the same key', 'a: 1\n"a": 2\n'],
  ['number and string differ as the library says', '1: a\n"1": b\n'],
  ['with a syntax error before', 'a: [1\nb: 1\nb: 2\n'],
  ['no duplicates', 'a: 1\nb: { c: 1, d: 2 }\n'],
];

describe('duplicate mapping keys', () => {
  it.each(CASES)('%s', (_, text) => {
    expect(ourErrors(text)).toEqual(libraryErrors(text));
  });

  it('empty explicit keys are duplicates too (placed at the `?` line, the library one line later)', () => {
    const text = '? \n: 1\n? \n: 2\n';
    expect(libraryErrors(text)).toHaveLength(1);
    expect(ourErrors(text)).toEqual(['3:3 Map keys must be unique']);
  });

  it('reports them (the comparison is not vacuous)', () => {
    expect(ourErrors('keys:\n  a: 1\n  a: 2\n')).toEqual(['3:3 Map keys must be unique']);
  });
});
