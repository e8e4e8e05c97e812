import { error, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DesiredKey } from '../core/types.js';
import { readMaterial, zeroize } from '../material/index.js';
import { kcv } from '../wrapping/index.js';
import { formatPath, type ManifestPath, type SourceMap } from './positions.js';

/**
 * Reads each key's material once, to compute its KCV (which drives rotation) and to prove it is
 * present, well-formed and the one the manifest declares. The plaintext lives only inside the
 * try/finally below. Sets `key.kcv` on success; returns errors and warnings, all pointing at the
 * key's `material` node.
 */
export async function checkMaterials(keys: DesiredKey[], baseDir: string, source: SourceMap, env: NodeJS.ProcessEnv): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const key of keys) {
    const at: ManifestPath = ['keys', key.name, 'material'];
    const place = { path: formatPath(at), pos: source.keyPosOf(at) };
    try {
      const { material, warnings } = await readMaterial(key.material, baseDir, key.keySpec, { env });
      try {
        key.kcv = kcv(material);
      } finally {
        zeroize(material);
      }
      out.push(...warnings.map((w) => ({ ...w, ...place })));
      if (key.declaredKcv !== undefined && key.declaredKcv !== key.kcv) {
        const kcvAt: ManifestPath = [...at, 'kcv'];
        out.push(error('material.kcv-mismatch', `material of key \`${key.name}\` has KCV ${key.kcv} but the manifest declares ${key.declaredKcv}`, {
          path: formatPath(kcvAt),
          pos: source.posOf(kcvAt),
          detail: 'The source gives different key material than declared. Fix the source; or, to rotate on purpose, set kcv to the new value.',
        }));
      }
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      out.push(...e.diagnostics.map((d) => ({ ...d, ...place })));
    }
  }
  return out;
}
