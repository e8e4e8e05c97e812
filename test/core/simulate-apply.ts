import type { Action, KeyRef, LiveKey, LiveState, PlanDocument } from '../../src/core/types.js';

/**
 * Applies a plan document to a live state the way a successful apply would leave it, so tests can
 * check that the next plan is empty. Deliberately small: it models outcomes, not provider rules.
 */
export function simulateApply(live: LiveState, doc: PlanDocument, at: Date): LiveState {
  const next: LiveState = structuredClone(live);
  const created = new Map<string, string>();
  const resolve = (ref: KeyRef): string =>
    'keyId' in ref ? ref.keyId : (created.get(`${ref.created.keyName}/${ref.created.generation}`) ?? fail(`unresolved ${JSON.stringify(ref)}`));
  const key = (id: string): LiveKey => next.keys.find((k) => k.keyId === id) ?? fail(`no key ${id}`);
  for (const a of doc.actions) step(a);
  return next;

  function step(a: Action): void {
    switch (a.kind) {
      case 'create-key': {
        const keyId = `new-${a.keyName}-g${a.generation}`;
        created.set(`${a.keyName}/${a.generation}`, keyId);
        next.keys.push({
          provider: a.provider, keyId, arn: `arn:${keyId}`, state: 'PendingImport', keySpec: a.keySpec, description: a.description,
          createdAt: at.toISOString(), validTo: null, expirationModel: null, deletionDate: null, tags: { ...a.tags },
        });
        return;
      }
      case 'import-material':
      case 'reimport-material': {
        const k = key(resolve(a.key));
        const validTo = a.expiration.model === 'expires' ? new Date(at.getTime() + a.expiration.validForMs).toISOString() : null;
        if (a.inPlace || k.materials) {
          importInPlace(k, a.expectedKcv, a.inPlace?.importType ?? null, a.expiration.model, validTo);
          return;
        }
        if (k.state !== 'Disabled') k.state = 'Enabled';
        k.expirationModel = a.expiration.model;
        k.validTo = validTo;
        return;
      }
      case 'enable-key':
        key(resolve(a.key)).state = 'Enabled';
        return;
      case 'create-alias':
        next.aliases.push({ provider: a.provider, name: a.alias, targetKeyId: resolve(a.key) });
        return;
      case 'update-alias': {
        const al = next.aliases.find((x) => x.provider === a.provider && x.name === a.alias) ?? fail('no alias');
        al.targetKeyId = resolve(a.key);
        return;
      }
      case 'put-bucket-encryption': {
        const b = next.buckets.find((x) => x.name === a.bucket) ?? fail('no bucket');
        b.kmsKeyId = resolve(a.key);
        b.kmsKeyRaw = b.kmsKeyId;
        b.bucketKey = a.bucketKey;
        return;
      }
      case 'reencrypt-objects': {
        const b = next.buckets.find((x) => x.name === a.bucket) ?? fail('no bucket');
        const to = resolve(a.key);
        const counts: Record<string, number> = {};
        for (const [id, n] of Object.entries(b.objectsByKey ?? {})) {
          const target = a.fromKeyIds.includes(id) ? to : id;
          counts[target] = (counts[target] ?? 0) + n;
        }
        b.objectsByKey = counts;
        return;
      }
      case 'tag-key': {
        const k = key(resolve(a.key));
        Object.assign(k.tags, a.tags);
        for (const t of a.stampNow ?? []) k.tags[t] = at.toISOString();
        return;
      }
      case 'disable-key':
        key(a.keyId).state = 'Disabled';
        return;
      case 'schedule-key-deletion': {
        const k = key(a.keyId);
        k.state = 'PendingDeletion';
        k.deletionDate = new Date(at.getTime() + a.pendingWindowDays * 86_400_000).toISOString();
        return;
      }
      case 'rotate-key': {
        const k = key(resolve(a.key));
        for (const m of k.materials ?? []) {
          if (m.state === 'CURRENT') m.state = 'NON_CURRENT';
          if (m.state === 'PENDING_ROTATION') Object.assign(m, { state: 'CURRENT', rotatedAt: at.toISOString() });
        }
        k.tags['byok:kcv'] = a.kcv;
        return;
      }
    }
  }

  /** Multi-material keys: the key is Enabled only while every associated material is imported. */
  function importInPlace(k: LiveKey, kcv: string, type: string | null, model: 'expires' | 'never', validTo: string | null): void {
    k.materials ??= [];
    let m = k.materials.find((x) => x.kcv === kcv);
    if (!m) {
      const first = k.materials.length === 0;
      m = { keyMaterialId: `mat-${kcv}`, kcv, state: first ? 'CURRENT' : 'PENDING_ROTATION', imported: true, expirationModel: model, validTo, rotatedAt: null };
      k.materials.push(m);
      if (type === 'EXISTING_KEY_MATERIAL') fail('EXISTING for a material the key does not have');
    }
    Object.assign(m, { imported: true, expirationModel: model, validTo });
    const associated = k.materials.filter((x) => x.state !== 'PENDING_ROTATION');
    if (associated.every((x) => x.imported) && k.state === 'PendingImport') k.state = 'Enabled';
    const times = associated.map((x) => x.validTo).filter((t): t is string => t !== null).sort();
    k.validTo = times[0] ?? null;
    k.expirationModel = model;
  }
}

function fail(msg: string): never {
  throw new Error(msg);
}
