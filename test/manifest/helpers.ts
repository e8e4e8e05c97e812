import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { loadManifest, type LoadResult } from '../../src/manifest/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A scratch directory holding `keys.yaml` and any extra files (paths relative to it). */
export function scratch(manifest: string, files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'byok-manifest-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'keys.yaml'), manifest);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content, { mode: 0o600 });
  }
  return dir;
}

/** Loads an inline manifest; material is not read unless files are given. */
export async function loadInline(manifest: string, files?: Record<string, string | Buffer>, env: NodeJS.ProcessEnv = {}): Promise<LoadResult> {
  const dir = scratch(manifest, files);
  return loadManifest('keys.yaml', { env, cwd: dir, readMaterials: files !== undefined });
}

export function errors(diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === 'error');
}

/** `code path` per error: compact enough for table-driven expectations. */
export function codesAndPaths(diags: readonly Diagnostic[]): string[] {
  return errors(diags).map((d) => `${d.code} ${d.path ?? ''}`.trim());
}

/** A minimal valid manifest header. */
export const HEADER = 'version: 1\nname: test\n';
