import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadYaml, parseDocumentYaml, parseYaml } from '../../src/manifest/load.js';
import { DocumentSourceMap, EventSourceMap, type ManifestPath, type SourceMap } from '../../src/manifest/positions.js';
import { parseStrict } from '../../src/manifest/strict-yaml.js';

/**
 * The strict parse (js-yaml events) must read a manifest exactly as the yaml library does, or
 * refuse it so the yaml library reads it. Each text here is parsed both ways and compared: the data,
 * and the position, key position and written characters of every node and of a missing child of
 * every collection.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const TRACKED = execFileSync('git', ['ls-files', '*.yaml', '*.yml'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);

const SCALARS = ['1', '-1', '+1', '01', '0o17', '0o8', '0x1F', '0X1F', '0b101', '1_000', '1.5', '.5', '1.', '1e3', '1E3', '0.1e-2', '+.5', '-0',
  '1e5432', '-.inf', '.Inf', '.NAN', '.nan', 'true', 'True', 'TRUE', 'tRue', 'yes', 'no', 'on', 'off', 'y', 'n', 'null', 'Null', 'NULL', '~', '',
  '12:30:00', '2026-01-01', 'Infinity', 'NaN', '000001', '"1"', "'1'", '"a\\tb\\u00e9\\x41"', "'it''s'", '"x # y"', 'a # comment', '"multi\n    line"',
  'plain\n    continued', '[1, "2", three]', '{a: 1, "b": ~}', '[]', '{}', 'a:b', 'http://x/y', '-x', '.x', '< <', '<<'];

const SNIPPETS: Record<string, string> = {
  blocks: [
    'version: 1',
    'name: 000123',
    'keys:',
    '  a:',
    '    description: |   # a > b | c',
    '      first',
    '',
    '      second',
    '    aliases:',
    '      - >-',
    '        folded',
    '        text',
    '      - "quoted"',
    "      - 'single'",
    '      -',
    '      - |+',
    '        kept',
    '',
    '    material: { file: "a.bin", kcv: 000001 }',
    '  "quoted key": {material: {kcv: 1e5432}}',
    "  'b':",
    '    material:',
    '      kcv: 0x1F',
    '    retire:',
    'providers:',
    '  p: {type: aws, projectId: 0123, instanceId: 7}',
    '~: null key',
    '1.0: number key',
    'true: bool key',
    '__proto__: own property',
    '...',
    '',
  ].join('\n'),
  // String forms where YAML readers have differed: escapes, folding, chomping, indentation indicators.
  strings: [
    'a: "esc \\x41 \\u00e9 \\U0001F600 \\/ \\" \\\\ \\0 \\a \\e \\N \\_ \\L \\P"',
    'b: "escaped \\',
    '  line break"',
    "c: 'single",
    '',
    "  folded  with blank'",
    'd: >',
    '  folded',
    '  text',
    '',
    '   more indented',
    '  back',
    'e: |2',
    '   explicit indentation',
    'f: |-',
    '  strip',
    '',
    'g: >+',
    '  keep',
    '',
    '',
    'h: plain with trailing spaces   ',
    'i: "tab\there"',
    'k: emoji 😀 and ünïcode',
    'l: "  leading and trailing  "',
    "m: ''",
    'n: "#not a comment"',
    'o: a #comment',
    'p: |',
    '  trailing',
    '  ',
    '',
  ].join('\n'),
  crlf: 'version: 1\r\nname: crlf\r\nkeys:\r\n  a:\r\n    material: {file: a.bin}\r\n    description: |\r\n      two\r\n      lines\r\n',
  bom: '\uFEFFversion: 1\nname: bom\n',
  explicitStart: '# comment first\n---\nversion: 1\nkeys: {a: {aliases: [alias/a]}}\n',
  scalars: SCALARS.map((s, i) => `s${i}: ${s}`).join('\n') + '\n',
  items: 'list:\n  - ' + SCALARS.filter((s) => !s.includes('\n')).join('\n  - ') + '\n',
  // Keys that are not text, each a different property name.
  keyForms: ['~', '0x10', '0o17', '1.5', '1e3', '.inf', '.nan', '-0', 'true', 'False', '"quoted"', "'single'", '2026-01-01', 'a b', '"a\\tb"'].map((s, i) => `${s}: ${i}`).join('\n') + '\n',
  generated: ['version: 1', 'name: gen', 'keys:', ...Array.from({ length: 300 }, (_, i) => [
    `  k${i}:`,
    `    material: { file: material/k${i}.bin${i % 7 === 0 ? `, kcv: ${String(i).padStart(6, '0')}` : ''} }`,
    `    aliases: [alias/k${i}${i % 3 === 0 ? `, "alias/q${i}"` : ''}]`,
    ...(i % 5 === 0 ? ['    expiration: { validFor: 90d }'] : []),
  ].join('\n'))].join('\n') + '\n',
};

const TEXTS: [string, string][] = [...TRACKED.map((f) => [f, readFileSync(join(ROOT, f), 'utf8')] as [string, string]), ...Object.entries(SNIPPETS)];

/** Every node's path, and a child that is not there under every collection. */
function paths(value: unknown, at: ManifestPath = []): ManifestPath[] {
  const out: ManifestPath[] = [at];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...paths(v, [...at, i])));
    out.push([...at, value.length]);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
    out.push([...at, 'not-there']);
  }
  return out;
}

const pos = (p: { line: number; column: number }) => `${p.line}:${p.column}`;
const answers = (source: SourceMap, path: ManifestPath) => ({ pos: pos(source.posOf(path)), key: pos(source.keyPosOf(path)), plain: source.plainSource(path) });

describe('strict parse against the yaml library', () => {
  it.each(TEXTS)('%s', (name, text) => {
    const strict = parseYaml(text, name);
    const reference = parseDocumentYaml(text, name);
    if (!(strict.source instanceof EventSourceMap)) {
      // Refused: the yaml library's answer is the one given.
      expect(strict.source === null || strict.source instanceof DocumentSourceMap).toBe(true);
      expect({ data: strict.data, diagnostics: strict.diagnostics }).toEqual({ data: reference.data, diagnostics: reference.diagnostics });
      return;
    }
    expect(reference.diagnostics).toEqual([]);
    expect(strict.diagnostics).toEqual([]);
    expect(strict.data).toStrictEqual(reference.data);
    for (const path of paths(reference.data)) expect(answers(strict.source, path), JSON.stringify(path)).toEqual(answers(reference.source!, path));
  });

  it('reads the manifests users write: the repository keys.yaml, the examples, the snippets above', () => {
    const taken = TEXTS.filter(([, text]) => parseStrict(text) !== null).map(([name]) => name);
    for (const name of ['keys.yaml', 'examples/aws-rotation.yaml', 'examples/alibaba-sandbox.yaml', 'examples/huawei-sandbox.yaml', ...Object.keys(SNIPPETS)]) expect(taken).toContain(name);
  });

  it('keeps the written characters of a text field that looks like a number', () => {
    const { data } = parseYaml(SNIPPETS.blocks!, 'keys.yaml') as { data: { name: unknown; keys: Record<string, { material: { kcv: unknown } }>; providers: { p: Record<string, unknown> } } };
    expect(data.name).toBe('000123');
    expect(data.keys.a!.material.kcv).toBe('000001');
    expect(data.keys['quoted key']!.material.kcv).toBe('1e5432');
    expect(data.keys.b!.material.kcv).toBe('0x1F');
    expect(data.providers.p).toEqual({ type: 'aws', projectId: '0123', instanceId: '7' });
  });

  it.each([
    ['a syntax error', 'a: [1, 2\nb: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['keys the yaml library tells apart and js property names do not', '1: a\n"1": b\n'],
    ['a tag', 'a: !!str 1\n'],
    ['an unknown tag', 'a: !secret x\n'],
    ['an anchor', 'a: &x 1\n'],
    ['an alias', 'a: &x {b: 1}\nc: *x\n'],
    ['a directive', '%YAML 1.1\n---\na: yes\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['an empty file', ''],
    ['a comment only', '# nothing\n'],
    ['a list at the root', '- a\n- b\n'],
    ['a scalar at the root', 'just text\n'],
    ['a collection as a key', '? [a, b]\n: c\n'],
    ['a mapping as a key', '{a: 1}: c\n'],
  ])('refuses %s: the yaml library reads it', (_, text) => {
    expect(parseStrict(text)).toBeNull();
    const loaded = parseYaml(text, 'keys.yaml');
    expect(loaded.source === null || loaded.source instanceof DocumentSourceMap).toBe(true);
    const reference = parseDocumentYaml(text, 'keys.yaml');
    expect({ data: loaded.data, diagnostics: loaded.diagnostics }).toEqual({ data: reference.data, diagnostics: reference.diagnostics });
  });

  it('loads the bench-shaped manifest through the strict parse, with its positions', async () => {
    const text = SNIPPETS.generated!;
    const strict = parseStrict(text);
    expect(strict).not.toBeNull();
    const loaded = parseYaml(text, 'keys.yaml');
    expect(loaded.source).toBeInstanceOf(EventSourceMap);
    // k299 is the last key: 3 lines per key, one more every fifth key, after 3 lines of header.
    const line = 3 + 299 * 3 + Math.ceil(299 / 5) + 1;
    expect(pos(loaded.source!.keyPosOf(['keys', 'k299']))).toBe(`${line}:3`);
    expect(pos(loaded.source!.posOf(['keys', 'k299', 'aliases', 0]))).toBe(`${line + 2}:15`);
    // And through the file reader.
    const file = join(ROOT, 'keys.yaml');
    expect((await loadYaml(file, 'keys.yaml')).source).toBeInstanceOf(EventSourceMap);
  });
});
