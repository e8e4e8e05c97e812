import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fastParseYaml } from '../../src/manifest/fast-yaml.js';
import { parseYaml, parseYamlFully } from '../../src/manifest/load.js';

/**
 * The fast reader must never disagree with the yaml library: for every input it either returns
 * exactly the library's data (after the text-field rule) or declines (undefined).
 */
const REPO = join(import.meta.dirname, '..', '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name.startsWith('.') ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const FILES = [join(REPO, 'keys.yaml'), ...yamlFiles(join(REPO, 'examples')), ...yamlFiles(join(REPO, 'test'))];

const EDGE_CASES: string[] = [
  'version: 1\nname: a\n',
  'name: 2026\nkeys:\n  a:\n    material: { kcv: 000001 }\n  b:\n    material: { kcv: 1e5432 }\nproviders:\n  h: { projectId: 0123 }\nversion: 1\n',
  'keys:\n  a:\n    material: { kcv: 123456 }\n    description: 123456\n',
  'a: 0123\n', 'a: -0\n', 'a: +1\n', 'a: 1.5\n', 'a: .inf\n', 'a: 0x1f\n', 'a: 0o17\n', 'a: 12345678901234567890\n', 'a: -12\n',
  'a: ~\nb: null\nc: NULL\nd:\ne: true\nf: False\ng: yes\nh: off\n',
  'a: "x # not a comment"\nb: \'it\'\'s\'\nc: "esc\\n"\nd: plain # comment\ne: it\'s\n',
  'a: {a:1}\n', 'a: {a: 1,}\n', 'a: [1, 2,]\n', 'a: [a: 1]\n', 'a: { k: http://h:1/x }\n', 'a: [x, -y, -1]\n', 'a: {}\nb: []\n',
  'a:\n- x\n- y\nb: 1\n', 'a:\n  - x\n  -\n', 'a:\n  b:\n    c: 1\n  d: 2\n', 'a: b\n  c\n', 'a: b: c\n', 'a: b:\n',
  'a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: |\n  text\n', 'a: >\n  text\n', '? a\n: 1\n', '---\na: 1\n', 'a: 1\n---\nb: 2\n',
  '%YAML 1.2\n---\na: 1\n', 'a: 1\na: 2\n', '"a": 1\n\'b\': 2\n', '"a b": 1\n', 'true: 1\n', '1: x\n', '__proto__: 1\n',
  '\uFEFFa: 1\n', 'a:\tb\n', '\ta: 1\n', 'a: 1\r\nb: 2\r\n', 'a: [1\n', 'a: { b: 1\n', 'a: "unterminated\n', 'a: x#y\n',
  '  a: 1\n  b: 2\n', 'a: 1\n b: 2\n', 'a:\n  b: 1\n c: 2\n', 'a: [[1, 2], {b: [c]}]\n', 'a: { "q": "v", \'r\': s }\n',
  'a: `x`\n', 'a: 365d\nb: 1e\nc: 1.2.3\nd: 0x\ne: .5\nf: 1_000\n', 'a: .5\n', 'a: 1e3\n', 'a: Null\nb: nULL\n', 'a: @x\n', 'a: %x\n', 'a: - x\n', 'a: ? x\n', 'a: -\n', 'a: x, y\n', 'a: <<\n<<: 1\n', 'a: "x" y\n', 'a: [x] y\n',
  '- a\n- b\n', 'scalar\n', '', '# only a comment\n', 'a: \'\'\n', 'a: ""\n', 'a: [""]\n', 'a: { b: }\n', 'a: { b }\n',
];

describe('fast YAML reader', () => {
  it.each(FILES.map((f) => [f.slice(REPO.length + 1), f]))('%s: same data as the yaml library, or declines', (_, file) => {
    const text = readFileSync(file, 'utf8');
    const fast = fastParseYaml(text);
    if (fast === undefined) return;
    const full = parseYamlFully(text, 'k.yaml');
    expect(full.diagnostics).toEqual([]);
    expect(fast.data).toEqual(full.data);
  });

  it.each(EDGE_CASES.map((t) => [JSON.stringify(t), t]))('%s', (_, text) => {
    const fast = fastParseYaml(text);
    if (fast === undefined) return;
    const full = parseYamlFully(text, 'k.yaml');
    expect(full.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(fast.data).toStrictEqual(full.data);
  });

  it('takes the common path: the repository manifests and the bench shape are read without the library', () => {
    const bench = 'version: 1\nname: bench\nproviders:\n  bench:\n    type: aws\n    endpoint: http://127.0.0.1:4599\n' +
      'keys:\n  k00001:\n    material: { file: material/k00001.bin }\n    aliases: [alias/bench/k00001]\n' +
      'buckets:\n  b-1: { key: k00001, bucketKey: true, reencrypt: true }\n';
    expect(fastParseYaml(bench)).toBeDefined();
    expect(fastParseYaml(readFileSync(join(REPO, 'keys.yaml'), 'utf8'))).toBeDefined();
    expect(fastParseYaml(readFileSync(join(REPO, 'examples', 'aws-rotation.yaml'), 'utf8'))).toBeDefined();
    const accepted = EDGE_CASES.filter((t) => fastParseYaml(t) !== undefined).length;
    expect(accepted).toBeGreaterThan(15);
  });

  it('positions are still exact when a diagnostic asks for one (the tree is built on demand)', () => {
    const text = 'version: 1\nname: a\nkeys:\n  payments:\n    material: { file: x.bin }\n    aliases: [alias/a, alias/b]\n';
    const fast = parseYaml(text, 'k.yaml');
    const full = parseYamlFully(text, 'k.yaml');
    for (const path of [['keys', 'payments', 'aliases', 1], ['keys', 'payments', 'material', 'file'], ['name'], ['keys', 'missing']]) {
      expect(fast.source!.posOf(path)).toEqual(full.source!.posOf(path));
      expect(fast.source!.keyPosOf(path)).toEqual(full.source!.keyPosOf(path));
    }
    expect(fast.source!.posOf(['keys', 'payments', 'aliases', 1])).toEqual({ file: 'k.yaml', line: 6, column: 24 });
  });
});
