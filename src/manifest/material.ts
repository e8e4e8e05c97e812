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
/** Material sources read at once: files and secret-manager commands, without flooding either. */
const READS_IN_FLIGHT = 8;

export async function checkMaterials(keys: DesiredKey[], baseDir: string, source: SourceMap, env: NodeJS.ProcessEnv): Promise<Diagnostic[]> {
  // Results are kept per key and joined in manifest order, so diagnostics stay deterministic.
  const results: Diagnostic[][] = new Array<Diagnostic[]>(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      results[i] = await checkMaterial(keys[i]!, baseDir, source, env);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, keys.length) }, worker));
  return results.flat();
}

async function checkMaterial(key: DesiredKey, baseDir: string, source: SourceMap, env: NodeJS.ProcessEnv): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const at: ManifestPath = ['keys', key.name, 'material'];
  // Positions are looked up only when there is something to report (10,000 keys: most have nothing).
  const place = () => ({ path: formatPath(at), pos: source.keyPosOf(at) });
  try {
    const { material, warnings } = await readMaterial(key.material, baseDir, key.keySpec, { env });
    try {
      key.kcv = kcv(material);
    } finally {
      zeroize(material);
    }
    out.push(...warnings.map((w) => ({ ...w, ...place() })));
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
    out.push(...e.diagnostics.map((d) => ({ ...d, ...place() })));
  }
  return out;
}
