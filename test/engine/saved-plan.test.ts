import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TAG, type Action, type DesiredState, type PlanDocument } from '../../src/core/types.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { applyPlan } from '../../src/engine/apply.js';
import { readSavedPlan } from '../../src/engine/saved-plan.js';
import { createLogger } from '../../src/log.js';
import { localProviderOver } from '../../src/providers/local/provider.js';
import { tempDir } from '../e2e/cli.js';
import { externalKey, newSim } from '../local/helpers.js';

const tagKey = (id: string, keyId: string, dependsOn: string[]): Action => ({
  id, kind: 'tag-key', provider: 'local', target: keyId, reason: 'test', destructive: false, dependsOn, key: { keyId }, tags: { [TAG.kcv]: 'ffffff' },
});

function doc(actions: Action[]): PlanDocument {
  return {
    formatVersion: 1, tool: { name: 'byok-reconciler', version: 'test' }, manifest: { name: 'm', file: '/m/keys.yaml', digest: 'd' }, liveDigest: 'l',
    at: '2030-01-01T00:00:00.000Z', actions, keys: [], diagnostics: [], summary: { total: actions.length, destructive: 0, byKind: {} },
  };
}

async function refusal(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

describe('apply refuses an inconsistent plan before running anything', () => {
  it('an action whose dependsOn names an unknown id: nothing is applied', async () => {
    const { sim, clock } = newSim();
    const keyId = externalKey(sim, { [TAG.kcv]: 'aaaaaa' });
    const providers = new Map([['local', localProviderOver('local', sim)]]);
    const plan = doc([tagKey('first', keyId, []), tagKey('second', keyId, ['ghost'])]);
    const e = await refusal(applyPlan(plan, { desired: { name: 'm' } as DesiredState, providers, clock, log: createLogger('silent', () => undefined) }));
    expect(e.diagnostics[0]).toMatchObject({ code: 'plan.unreadable', summary: 'the plan is inconsistent: action second depends on ghost, which is not in the plan' });
    // Not even the independent first action ran.
    expect(sim.listResourceTags({ KeyId: keyId }).Tags).toEqual([{ TagKey: TAG.kcv, TagValue: 'aaaaaa' }]);
  });

  it('a saved plan file with an unknown dependency or a repeated id is refused when read, naming the file', async () => {
    const dir = tempDir('byok-saved-');
    const unknownDep = join(dir, 'unknown.json');
    writeFileSync(unknownDep, JSON.stringify(doc([tagKey('a', 'k', ['nope'])])));
    expect((await refusal(readSavedPlan(unknownDep))).diagnostics[0]!.summary).toBe(`${unknownDep} is inconsistent: action a depends on nope, which is not in the plan`);
    const twice = join(dir, 'twice.json');
    writeFileSync(twice, JSON.stringify(doc([tagKey('a', 'k', []), tagKey('a', 'k', [])])));
    expect((await refusal(readSavedPlan(twice))).diagnostics[0]!.summary).toBe(`${twice} is inconsistent: action id a appears twice`);
  });

  it('a consistent saved plan reads back as written', async () => {
    const dir = tempDir('byok-saved-');
    const file = join(dir, 'ok.json');
    const written = doc([tagKey('a', 'k', []), tagKey('b', 'k', ['a'])]);
    writeFileSync(file, JSON.stringify(written));
    expect(await readSavedPlan(file)).toEqual(written);
  });
});
