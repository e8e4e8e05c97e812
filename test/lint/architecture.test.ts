import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: REPO });

/** Lints `code` as if it were the file at `path` (nothing is written), with the project config. */
async function problems(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(REPO, path) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('npm run lint enforces the dependency rules', () => {
  it('src/core may not import providers/port.js', async () => {
    expect(await problems('src/core/probe.ts', "import type { Provider } from '../providers/port.js';\nexport type P = Provider;\n")).toEqual([
      'architecture/layers: src/core must not import ../providers/port.js (docs/architecture.md, "Dependency rules")',
    ]);
  });

  it('src/core may not import node:fs, read the clock or the environment', async () => {
    const found = await problems('src/core/plan/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = [readFileSync, Date.now(), new Date(), process.env];\n");
    expect(found).toHaveLength(4);
    expect(found[0]).toContain('must not import node:fs');
  });

  it('src/core may not add properties after a spread (a hidden class per object in V8); a spread last is fine', async () => {
    const bad = 'const common = { a: 1 };\nexport const f = (id: string) => ({ ...common, id });\n';
    expect(await problems('src/core/plan/probe.ts', bad)).toEqual([
      'no-restricted-syntax: No properties after a spread in src/core ({ ...common, id }): write the object out, or put the spread last.',
    ]);
    expect(await problems('src/core/plan/probe.ts', 'const common = { a: 1 };\nexport const f = (id: string) => ({ id, ...common });\n')).toEqual([]);
    expect(await problems('src/render/probe.ts', bad)).toEqual([]);
  });

  it('src/core may import diagnostics, node:crypto and build a Date from a value', async () => {
    const ok = "import { createHash } from 'node:crypto';\nimport type { Diagnostic } from '../../diagnostics/diagnostic.js';\nexport const f = (d: Diagnostic, t: number) => [d, createHash, new Date(t)];\n";
    expect(await problems('src/core/plan/probe.ts', ok)).toEqual([]);
  });

  it.each([
    ['src/providers/aws/probe.ts', "export * from '../../sim/simulator.js';"],
    ['src/providers/aws/probe.ts', "export * from '../../wire/aws/index.js';"],
    ['src/providers/probe.ts', "export * from '../cli/main.js';"],
    ['src/sim/probe.ts', "export * from '../providers/port.js';"],
    ['src/wire/aws/probe.ts', "export * from '../../providers/registry.js';"],
    ['src/wrapping/probe.ts', "export * from '../providers/port.js';"],
    ['src/catalog/probe.ts', "export * from '../wrapping/index.js';"],
  ])('%s: %s is refused', async (path, code) => {
    expect((await problems(path, code)).join('\n')).toContain('architecture/layers');
  });

  it('the local adapter may import the simulator it adapts', async () => {
    expect(await problems('src/providers/local/probe.ts', "export * from '../../sim/simulator.js';")).toEqual([]);
  });

  it('the repository as it is passes', async () => {
    const results = await eslint.lintFiles(['src']);
    expect(results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`))).toEqual([]);
  }, 60_000);
});

describe('the repository stands alone', () => {
  it('README and docs point at nothing outside the repository', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const files = ['README.md', ...readdirSync(join(REPO, 'docs')).map((f) => join('docs', f))];
    for (const f of files) {
      const text = readFileSync(join(REPO, f), 'utf8');
      expect(text, f).not.toMatch(/\.\.\/shared|SPEC §|the seed'?s?\b/);
    }
  });
});
