/**
 * The simulator's S3 surface as OBS shows it: OBS names a KMS key `<region>:<domain id>:key/<key id>`
 * (or by its bare id) where S3 uses the key ARN, and its native bucket algorithm is `kms` where S3's
 * is `aws:kms`. Everything else (objects, copies, tags, key-state checks) is the simulator's.
 */
import type { S3Simulator, SimObjectHead } from '../../sim/sim-types.js';

export interface ObsScope {
  region: string;
  domainId: string;
}

const OBS_KEY_RE = /^[a-z0-9-]+:[0-9a-zA-Z]+:key\/([0-9a-f-]{36})$/;

/** The bare key id from an OBS key reference (`region:domain:key/id` or the id itself). */
export function keyIdFromObs(ref: string): string {
  const m = OBS_KEY_RE.exec(ref);
  return m ? m[1]! : ref;
}

/** The key id at the end of a simulator key ARN (`...:key/<id>`), or the value itself. */
function keyIdOf(arn: string): string {
  const m = /:key\/([0-9a-f-]{36})$/.exec(arn);
  return m ? m[1]! : arn;
}

export const obsKeyName = (scope: ObsScope, keyId: string): string => `${scope.region}:${scope.domainId}:key/${keyId}`;

export function obsView(sim: S3Simulator, scope: () => ObsScope): S3Simulator {
  const out = (arn: string | undefined): string | undefined => (arn === undefined ? undefined : obsKeyName(scope(), keyIdOf(arn)));
  const inKey = (ref: string | undefined): string | undefined => (ref === undefined ? undefined : keyIdFromObs(ref));
  const inAlg = (alg: string | undefined): string | undefined => (alg === 'kms' ? 'aws:kms' : alg);
  const head = <T extends SimObjectHead>(h: T): T => ({ ...h, ...(h.SSEKMSKeyId !== undefined ? { SSEKMSKeyId: out(h.SSEKMSKeyId) } : {}) });
  return {
    createBucket: (r) => sim.createBucket(r),
    listBuckets: () => sim.listBuckets(),
    headBucket: (r) => sim.headBucket(r),
    putBucketEncryption: (r) => {
      const key = inKey(r.KMSMasterKeyID);
      sim.putBucketEncryption({ ...r, SSEAlgorithm: inAlg(r.SSEAlgorithm) ?? r.SSEAlgorithm, ...(key !== undefined ? { KMSMasterKeyID: key } : {}) });
    },
    getBucketEncryption: (r) => {
      const enc = sim.getBucketEncryption(r);
      const key = enc.KMSMasterKeyID === undefined ? undefined : obsKeyName(scope(), keyIdFromObs(keyIdOf(enc.KMSMasterKeyID)));
      return { ...enc, SSEAlgorithm: enc.SSEAlgorithm === 'aws:kms' ? 'kms' : enc.SSEAlgorithm, ...(key !== undefined ? { KMSMasterKeyID: key } : {}) };
    },
    putObject: (r) => {
      const key = inKey(r.SSEKMSKeyId);
      const alg = inAlg(r.ServerSideEncryption);
      const res = sim.putObject({ ...r, ...(alg !== undefined ? { ServerSideEncryption: alg } : {}), ...(key !== undefined ? { SSEKMSKeyId: key } : {}) });
      return { ...res, ...(res.SSEKMSKeyId !== undefined ? { SSEKMSKeyId: out(res.SSEKMSKeyId) } : {}) };
    },
    getObject: (r) => head(sim.getObject(r)),
    headObject: (r) => head(sim.headObject(r)),
    deleteObject: (r) => sim.deleteObject(r),
    listObjectsV2: (r) => sim.listObjectsV2(r),
    copyObject: (r) => {
      const key = inKey(r.SSEKMSKeyId);
      const alg = inAlg(r.ServerSideEncryption);
      const res = sim.copyObject({ ...r, ...(alg !== undefined ? { ServerSideEncryption: alg } : {}), ...(key !== undefined ? { SSEKMSKeyId: key } : {}) });
      return { ...res, ...(res.SSEKMSKeyId !== undefined ? { SSEKMSKeyId: out(res.SSEKMSKeyId) } : {}) };
    },
    getObjectTagging: (r) => sim.getObjectTagging(r),
    putObjectTagging: (r) => sim.putObjectTagging(r),
  };
}
