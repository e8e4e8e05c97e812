import { hash, randomBytes } from 'node:crypto';
import { error, UserError, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { DesiredKey, DesiredMaterial } from '../core/types.js';
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
  // Same material in two keys: compared by a keyed hash with a key of this run only (the 3-byte
  // KCV would collide among thousands of keys), never stored or shown.
  const salt = randomBytes(32);
  const prints = new Array<string | undefined>(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      results[i] = await checkMaterial(keys[i]!, baseDir, source, env, (m) => (prints[i] = fingerprint(salt, m)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, keys.length) }, worker));
  salt.fill(0);
  return [...results.flat(), ...sameMaterial(keys, prints, source)];
}

/**
 * SHA-256 of salt || material: equal materials give equal prints within this run and nothing
 * outside it. One-shot `hash` instead of an Hmac object per key (the object alone cost 7 µs).
 * The concatenation is a copy of the material, so it is zeroed at once.
 */
function fingerprint(salt: Buffer, material: Buffer): string {
  const both = Buffer.alloc(salt.length + material.length);
  try {
    salt.copy(both);
    material.copy(both, salt.length);
    return hash('sha256', both, 'hex');
  } finally {
    zeroize(both);
  }
}

function sameMaterial(keys: DesiredKey[], prints: (string | undefined)[], source: SourceMap): Diagnostic[] {
  const first = new Map<string, number>();
  const out: Diagnostic[] = [];
  prints.forEach((p, i) => {
    if (p === undefined) return;
    const j = first.get(p);
    if (j === undefined) return void first.set(p, i);
    const [a, b] = [keys[j]!, keys[i]!];
    const at: ManifestPath = ['keys', b.name, 'material'];
    out.push(warning('material.duplicate', `keys \`${a.name}\` and \`${b.name}\` have the same key material`, {
      detail: 'One material in two keys means one leak compromises both, and rotating one does not rotate the other. Give each key its own material (reconcile material generate).',
      path: formatPath(at),
      pos: source.keyPosOf(at),
    }));
  });
  return out;
}

async function checkMaterial(key: DesiredKey, baseDir: string, source: SourceMap, env: NodeJS.ProcessEnv, fingerprint: (material: Buffer) => void): Promise<Diagnostic[]> {
  if (!key.materials) {
    const one = { source: key.material, kcv: key.kcv, ...(key.declaredKcv !== undefined ? { declaredKcv: key.declaredKcv } : {}) };
    const out = await checkOne(key, one, ['keys', key.name, 'material'], baseDir, source, env, fingerprint);
    key.kcv = one.kcv;
    return out;
  }
  // In-place keys: every listed material is read (each is imported and renewed on its own); the
  // current (last) one is the key's material for the same-material check across keys.
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  const last = key.materials.length - 1;
  for (const [i, m] of key.materials.entries()) {
    const at: ManifestPath = ['keys', key.name, 'materials', i];
    out.push(...(await checkOne(key, m, at, baseDir, source, env, i === last ? fingerprint : () => undefined)));
    if (m.kcv === '') continue;
    const first = seen.get(m.kcv);
    if (first !== undefined) {
      out.push(error('manifest.schema', `materials ${first + 1} and ${i + 1} of key \`${key.name}\` are the same material (KCV ${m.kcv})`, {
        path: formatPath(at),
        pos: source.keyPosOf(at),
        detail: 'Each material of an in-place key is listed once, oldest first and current last. Remove the duplicate.',
      }));
    }
    seen.set(m.kcv, i);
  }
  key.kcv = key.materials[last]!.kcv;
  return out;
}

async function checkOne(
  key: DesiredKey,
  m: DesiredMaterial,
  at: ManifestPath,
  baseDir: string,
  source: SourceMap,
  env: NodeJS.ProcessEnv,
  fingerprint: (material: Buffer) => void,
): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  // Positions are looked up only when there is something to report (10,000 keys: most have nothing).
  const place = () => ({ path: formatPath(at), pos: source.keyPosOf(at) });
  try {
    const { material, warnings } = await readMaterial(m.source, baseDir, key.keySpec, { env });
    try {
      m.kcv = kcv(material);
      fingerprint(material);
    } finally {
      zeroize(material);
    }
    out.push(...warnings.map((w) => ({ ...w, ...place() })));
    if (m.declaredKcv !== undefined && m.declaredKcv !== m.kcv) {
      const kcvAt: ManifestPath = [...at, 'kcv'];
      out.push(error('material.kcv-mismatch', `material of key \`${key.name}\` has KCV ${m.kcv} but the manifest declares ${m.declaredKcv}`, {
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
