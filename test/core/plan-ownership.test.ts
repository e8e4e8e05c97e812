import { describe, expect, it } from 'vitest';
import { identityTags } from '../../src/core/identity.js';
import type { LiveKey } from '../../src/core/types.js';
import { alias, bucket, desiredState, KCV_A, liveKey, liveState } from './fixtures.js';
import { byId, codes, run, steps } from './helpers.js';
import { simulateApply } from './simulate-apply.js';

const identity = { manifest: 'payments-prod', key: 'payments', generation: 1, kcv: KCV_A };

/** What a cloud that tags after create leaves behind when the apply dies between the two calls. */
function untagged(over: Partial<LiveKey> = {}): LiveKey {
  return { ...liveKey('key-1', 1, { state: 'PendingImport', validTo: null, expirationModel: null }), tags: {}, identity, ...over };
}

describe('plan: a key created but never tagged (crash between create and tag)', () => {
  it('is adopted by its create-time identity: tagged, imported, never created again', () => {
    const doc = run(desiredState(), liveState([untagged()], [], [bucket('payments-data', null, {})]));
    expect(steps(doc)).toEqual([
      'tag-key key-1',
      'import-material key-1',
      'create-alias alias/payments',
      'put-bucket-encryption payments-data',
    ]);
    expect(byId(doc, 'payments/g1/tag-ownership')).toMatchObject({ kind: 'tag-key', tags: identityTags(identity), destructive: false });
    expect(codes(doc)).not.toContain('plan.orphaned-key');
  });

  it('converges: after the apply the next plan is empty', () => {
    const live = liveState([untagged()], [], [bucket('payments-data', null, {})]);
    const doc = run(desiredState(), live);
    const after = simulateApply(live, doc, new Date(doc.at));
    expect(steps(run(desiredState(), after))).toEqual([]);
  });

  it('an identity naming another manifest is not ours', () => {
    const other = untagged({ identity: { ...identity, manifest: 'someone-else' } });
    const doc = run(desiredState(), liveState([other], [alias('alias/payments', 'x')], [bucket('payments-data', null, {})]));
    expect(steps(doc)[0]).toBe('create-key payments generation 1');
    expect(doc.actions.some((a) => a.kind === 'tag-key' && a.target === 'key-1')).toBe(false);
  });

  it('tags on the key win over its identity (an identity is only read while the tags are missing)', () => {
    const tagged = { ...liveKey('key-1', 1), identity: { ...identity, generation: 7 } };
    const doc = run(desiredState(), liveState([tagged], [alias('alias/payments', 'key-1')], [bucket('payments-data', 'key-1', { 'key-1': 1 })]));
    expect(steps(doc)).toEqual([]);
  });
});
