/**
 * The `local` provider's row of `npm run bench`: plan, apply and renew N keys on the embedded
 * simulator through the real path (keys.yaml -> loadDesired -> session -> plan -> applyPlan), once
 * with RSA_4096 wrapping keys and once with RSA_2048. The simulator issues a distinct wrapping key
 * per parameters call from one modulus per spec, so RSA_4096 should cost at most about 2x RSA_2048.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WrappingKeySpec } from '../src/core/specs.js';
import { applyPlan } from '../src/engine/apply.js';
import { computePlan, loadDesired, openSession } from '../src/engine/session.js';
import { createLogger } from '../src/log.js';

export interface LocalPhase {
  phase: 'plan' | 'apply' | 'renew';
  ms: number;
  actions: number;
  failed: number;
}

export interface LocalRow {
  keys: number;
  wrappingKeySpec: WrappingKeySpec;
  phases: LocalPhase[];
}

const DAY = 86_400_000;

export async function runLocalRow(keys: number, wrappingKeySpec: WrappingKeySpec): Promise<LocalRow> {
  const dir = await mkdtemp(join(tmpdir(), 'byok-bench-local-'));
  try {
    const material = randomBytes(32);
    await writeFile(join(dir, 'm.bin'), material, { mode: 0o600 });
    material.fill(0);
    const entries = Array.from({ length: keys }, (_, i) => `  k${i}:\n    material: { file: m.bin }\n    aliases: [alias/k${i}]\n`).join('');
    await writeFile(join(dir, 'keys.yaml'), `version: 1\nname: bench-local\ndefaults:\n  wrapping: { algorithm: RSAES_OAEP_SHA_256, keySpec: ${wrappingKeySpec} }\n  expiration: { validFor: 365d, renewBefore: 30d }\nkeys:\n${entries}`);
    const { desired } = await loadDesired('keys.yaml', dir, {});
    const log = createLogger('silent', () => undefined);
    const phases: LocalPhase[] = [];
    const step = async (phase: LocalPhase['phase'], at: Date | null, apply: boolean) => {
      const session = await openSession(desired, at);
      try {
        const t = performance.now();
        const { doc } = await computePlan(session, at);
        const report = apply ? await applyPlan(doc, { desired, providers: session.providers, clock: session.clock, log }) : null;
        phases.push({ phase, ms: performance.now() - t, actions: doc.actions.length, failed: report?.failed ?? 0 });
      } finally {
        await session.close();
      }
    };
    await step('plan', null, false);
    await step('apply', null, true);
    // 340 days on, every material is inside renewBefore: one re-import per key.
    await step('renew', new Date(Date.now() + 340 * DAY), true);
    return { keys, wrappingKeySpec, phases };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function renderLocalRows(rows: readonly LocalRow[]): string {
  const lines = ['local provider (embedded simulator, in this process):'];
  for (const r of rows) {
    const cells = r.phases.map((p) => `${p.phase} ${(p.ms / 1000).toFixed(1)} s (${p.actions} actions${p.failed ? `, ${p.failed} failed` : ''})`);
    lines.push(`  ${r.keys} keys, ${r.wrappingKeySpec}: ${cells.join('; ')}`);
  }
  const apply = (spec: WrappingKeySpec) => rows.find((r) => r.wrappingKeySpec === spec)?.phases.find((p) => p.phase === 'apply')?.ms;
  const big = apply('RSA_4096');
  const small = apply('RSA_2048');
  if (big !== undefined && small !== undefined) lines.push(`  apply RSA_4096 / RSA_2048 = ${(big / small).toFixed(2)} (target at most 2)`);
  return `${lines.join('\n')}\n`;
}
