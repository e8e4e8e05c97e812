import { describe, expect, it, beforeEach } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore } from '../../src/sim/store.js';
import { checkState, emptyState, type LocalStateFile, type StoredBucket } from '../../src/sim/state.js';
import { mergeStates } from '../../src/sim/state-merge.js';
import { FakeClock, sharedWrappingKeys } from './helpers.js';

let path: string;
beforeEach(() => {
  path = join(mkdtempSync(join(tmpdir(), 'byok-coalesce-')), 'state.json');
});

const fileState = () => checkState(JSON.parse(readFileSync(path, 'utf8')));
const coalesced = (interval = 60_000, onWrite?: () => void) =>
  openLocalStore(path, new FakeClock(), { wrappingKeys: sharedWrappingKeys, saveIntervalMs: interval, ...(onWrite ? { onWritePhase: (p) => p === 'renamed' && onWrite() } : {}) });
const writeThrough = () => openLocalStore(path, new FakeClock(), { wrappingKeys: sharedWrappingKeys });

describe('coalesced saves', () => {
  it('writes the first mutation at once and then at most once per interval, however many calls', () => {
    let writes = 0;
    const store = coalesced(60_000, () => writes++);
    writes = 0;
    for (let i = 0; i < 300; i++) store.sim.createKey({ Origin: 'EXTERNAL' });
    expect(writes).toBe(1);
    expect(fileState().keys).toHaveLength(1);
    expect(store.pending).toBe(true);
    store.flush();
    expect(writes).toBe(2);
    expect(fileState().keys).toHaveLength(300);
    expect(store.pending).toBe(false);
  });

  it('writes pending mutations when the interval has passed, without being asked', async () => {
    const store = coalesced(400);
    store.sim.createBucket({ Bucket: 'first' });
    store.sim.createBucket({ Bucket: 'second' });
    expect(fileState().buckets.map((b) => b.name)).toEqual(['first']);
    // The timer fires after the interval (longer if the first write was slow, on a loaded machine).
    for (let t = 0; t < 100 && fileState().buckets.length < 2; t++) await new Promise((r) => setTimeout(r, 100));
    expect(fileState().buckets.map((b) => b.name)).toEqual(['first', 'second']);
    expect(store.pending).toBe(false);
  });

  it('close writes what is pending and makes later saves immediate', () => {
    const store = coalesced();
    store.sim.createBucket({ Bucket: 'bucket-a' });
    store.sim.createBucket({ Bucket: 'bucket-b' });
    store.close();
    expect(fileState().buckets).toHaveLength(2);
    store.sim.createBucket({ Bucket: 'bucket-c' });
    expect(fileState().buckets).toHaveLength(3);
  });

  it('keeps its unsaved changes and another process’s writes when both changed the file', () => {
    const mine = coalesced();
    mine.sim.createBucket({ Bucket: 'shared' });
    const key = mine.sim.createKey({ Origin: 'EXTERNAL' }).KeyMetadata.KeyId;
    mine.sim.createAlias({ AliasName: 'alias/mine', TargetKeyId: key });
    expect(mine.pending).toBe(true);

    const other = writeThrough();
    other.sim.putObject({ Bucket: 'shared', Key: 'theirs.txt', Body: Buffer.from('x') });
    other.sim.createBucket({ Bucket: 'made-by-other' });

    // The next call reloads the changed file and merges instead of dropping either side.
    expect(mine.sim.listBuckets().Buckets.map((b) => b.Name).sort()).toEqual(['made-by-other', 'shared']);
    expect(mine.sim.describeKey({ KeyId: 'alias/mine' }).KeyMetadata.KeyId).toBe(key);
    mine.flush();
    const file = fileState();
    expect(file.aliases.map((a) => a.name)).toEqual(['alias/mine']);
    expect(file.buckets.find((b) => b.name === 'shared')!.objects.map((o) => o.key)).toEqual(['theirs.txt']);
  });
});

describe('mergeStates', () => {
  const bucket = (name: string, sse: string | null, objects: string[] = []): StoredBucket => ({
    name,
    createdAt: '2030-01-01T00:00:00.000Z',
    encryption: sse ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: sse, bucketKeyEnabled: false } : null,
    objects: objects.map((key) => ({ key, body: '', contentType: 'x', metadata: {}, storageClass: 'STANDARD', etag: key, lastModified: '2030-01-01T00:00:00.000Z', serverSideEncryption: 'AES256', bucketKeyEnabled: false, tags: {} })),
  });
  const alias = (name: string, targetKeyId: string) => ({ name, targetKeyId, createdAt: 't', updatedAt: 't' });
  const state = (part: Partial<LocalStateFile>): LocalStateFile => ({ ...emptyState('000000000000', 'us-east-1'), ...part });

  it.each([
    ['theirs added, ours untouched', [], [], [alias('alias/t', 'k1')], ['alias/t->k1']],
    ['theirs deleted, ours untouched', [alias('alias/x', 'k1')], [alias('alias/x', 'k1')], [], []],
    ['ours deleted, theirs untouched', [alias('alias/x', 'k1')], [], [alias('alias/x', 'k1')], []],
    ['theirs updated, ours untouched', [alias('alias/x', 'k1')], [alias('alias/x', 'k1')], [alias('alias/x', 'k2')], ['alias/x->k2']],
    ['both updated: ours wins', [alias('alias/x', 'k1')], [alias('alias/x', 'k3')], [alias('alias/x', 'k2')], ['alias/x->k3']],
    ['each added its own', [], [alias('alias/o', 'k1')], [alias('alias/t', 'k2')], ['alias/o->k1', 'alias/t->k2']],
  ])('aliases: %s', (_, base, ours, theirs, want) => {
    const merged = mergeStates(state({ aliases: base }), state({ aliases: ours }), state({ aliases: theirs }));
    expect(merged.aliases.map((a) => `${a.name}->${a.targetKeyId}`)).toEqual(want);
  });

  it('buckets merge their settings and objects separately', () => {
    const merged = mergeStates(
      state({ buckets: [bucket('b', null, ['keep', 'gone'])] }),
      state({ buckets: [bucket('b', 'k-ours', ['keep', 'gone', 'ours'])] }),
      state({ buckets: [bucket('b', null, ['keep', 'theirs'])] }),
    );
    expect(merged.buckets).toHaveLength(1);
    expect(merged.buckets[0]!.encryption?.kmsMasterKeyId).toBe('k-ours');
    expect(merged.buckets[0]!.objects.map((o) => o.key)).toEqual(['keep', 'ours', 'theirs']);
  });
});
