import type { MaterialSource } from '../../src/core/types.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError, type Diagnostic } from '../../src/diagnostics/diagnostic.js';

/** A recognisable 32-byte material; its bytes, hex and base64 must never appear in any output. */
export const CANARY = Buffer.from('CANARY-byok-material-0123456789!', 'latin1');

export function needles(buf: Buffer): string[] {
  const b64 = buf.toString('base64');
  const hex = buf.toString('hex');
  return [buf.toString('latin1'), hex, hex.toUpperCase(), b64, b64.replace(/=+$/, ''), buf.toString('base64url'), b64.slice(4, 28), hex.slice(8, 40)];
}

export function expectNoCanary(text: string, material: Buffer = CANARY): void {
  for (const n of needles(material)) {
    if (text.includes(n)) throw new Error(`material leaked (as ${n === material.toString('latin1') ? 'raw bytes' : 'an encoding'}) into: ${text.slice(0, 200)}`);
  }
}

export function tmp(): { dir: string; cleanup: () => void; write: (name: string, data: Buffer | string, mode?: number) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'byok-material-'));
  return {
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
    write: (name, data, mode = 0o600) => {
      const p = join(dir, name);
      writeFileSync(p, data, { mode });
      return p;
    },
  };
}

/** Runs `fn`, expects a UserError, returns its first diagnostic. */
export async function userError(fn: () => Promise<unknown> | unknown): Promise<Diagnostic> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof UserError && e.diagnostics[0]) return e.diagnostics[0];
    throw new Error(`expected a UserError, got ${String(e)}`);
  }
  throw new Error('expected a UserError, got success');
}

/** A `file` material source, as the manifest would give it. */
export const fileSource = (path: string, encoding: 'raw' | 'base64' | 'hex' = 'raw'): MaterialSource => ({ type: 'file', path, encoding });
