/**
 * LocalSimulator: AWS KMS and S3 semantics over an in-memory model, for the `local` provider and
 * the AWS-wire sandbox. Every call first applies the transitions due at the clock's time
 * (material expiry, end of deletion windows), then runs; calls that change state fire `onMutate`
 * (the store saves there). Failed calls throw SimError and fire nothing.
 */
import type { Clock } from '../core/types.js';
import type { KmsSimulator, S3Simulator, SimTag } from './sim-types.js';
import { modelFromState, modelToState } from './codec.js';
import { partitionOf } from './ids.js';
import { settle } from './key-state.js';
import { emptyModel } from './model.js';
import { distinctWrappingKeys } from './distinct-wrapping-keys.js';
import { wrappingKeySource, type WrappingKeySource } from './wrapping-keys.js';
import * as keys from './kms-keys.js';
import * as tags from './kms-tags.js';
import * as aliases from './kms-aliases.js';
import * as imports from './kms-import.js';
import * as rotation from './kms-rotation.js';
import * as buckets from './s3-buckets.js';
import * as objects from './s3-objects.js';
import { copyObject, type CopyObjectRequest } from './s3-copy.js';
import type { ImportRequest } from './import-request.js';
import type { LocalStateFile } from './state.js';
import type { SimContext } from './context.js';
import { AWS_SIM_RULES, type SimRules } from './rules.js';

export interface LocalSimulatorOptions {
  clock: Clock;
  /** Default '000000000000'; a given `state` keeps its own (its ARNs embed it). */
  accountId?: string;
  /** Default 'us-east-1'; a given `state` keeps its own. */
  region?: string;
  state?: LocalStateFile;
  /**
   * 0 (default): a distinct RSA pair per GetParametersForImport, as AWS, at the cost of one key
   * generation per spec (see distinct-wrapping-keys.ts). N>0: reuse N pairs per spec (benchmarks).
   */
  wrappingKeyPool?: number;
  /** Where the default source keeps its moduli between processes. */
  wrappingKeyCache?: string;
  /** Overrides `wrappingKeyPool` with a source shared between simulators (tests, benchmarks). */
  wrappingKeys?: WrappingKeySource;
  /** After every call that changed state. */
  onMutate?: (sim: LocalSimulator) => void;
  /** Before every call; the store reloads the state here when another process changed the file. */
  beforeCall?: (sim: LocalSimulator) => void;
  /** Cloud rules (validity, deletion window, tags, aliases, token reuse); default AWS's. */
  rules?: SimRules;
}

type Req<K extends keyof (KmsSimulator & S3Simulator)> = Parameters<(KmsSimulator & S3Simulator)[K]>[0];

export class LocalSimulator implements KmsSimulator, S3Simulator {
  onMutate: ((sim: LocalSimulator) => void) | undefined;
  beforeCall: ((sim: LocalSimulator) => void) | undefined;
  /** One object for the simulator's life: an async call that awaits sees a reloaded model. */
  private readonly ctx: SimContext;

  constructor(opts: LocalSimulatorOptions) {
    const region = opts.state?.region ?? opts.region ?? 'us-east-1';
    this.ctx = {
      clock: opts.clock,
      accountId: opts.state?.accountId ?? opts.accountId ?? '000000000000',
      region,
      regionClass: region.startsWith('cn-') ? 'china' : 'standard',
      partition: partitionOf(region),
      wrappingKeys: opts.wrappingKeys ?? defaultWrappingKeys(opts),
      model: opts.state ? modelFromState(opts.state) : emptyModel(),
      rules: opts.rules ?? AWS_SIM_RULES,
    };
    this.onMutate = opts.onMutate;
    this.beforeCall = opts.beforeCall;
  }

  get accountId(): string {
    return this.ctx.accountId;
  }

  get region(): string {
    return this.ctx.region;
  }

  get rules(): SimRules {
    return this.ctx.rules;
  }

  get clock(): Clock {
    return this.ctx.clock;
  }

  /** The persisted form, as of the clock's time (due transitions applied, expired parameters dropped). */
  toState(): LocalStateFile {
    settle(this.ctx);
    return modelToState(this.ctx.model, this.ctx.accountId, this.ctx.region, this.ctx.clock.now());
  }

  /** Replaces the whole state (the store's reload). Account and region follow the state. */
  loadState(state: LocalStateFile): void {
    this.ctx.model = modelFromState(state);
    this.ctx.accountId = state.accountId;
    this.ctx.region = state.region;
    this.ctx.regionClass = state.region.startsWith('cn-') ? 'china' : 'standard';
    this.ctx.partition = partitionOf(state.region);
  }

  private run<T>(mutates: boolean, fn: (ctx: SimContext) => T): T {
    this.beforeCall?.(this);
    settle(this.ctx);
    const out = fn(this.ctx);
    if (mutates) this.onMutate?.(this);
    return out;
  }

  // ---------------------------------------------------------------- KMS
  createKey(req: Req<'createKey'>) { return this.run(true, (c) => keys.createKey(c, req)); }
  describeKey(req: { KeyId: string }) { return this.run(false, (c) => keys.describeKey(c, req)); }
  listKeys(req: Req<'listKeys'> = {}) { return this.run(false, (c) => keys.listKeys(c, req)); }
  enableKey(req: { KeyId: string }): void { this.run(true, (c) => keys.setEnabled(c, req.KeyId, true)); }
  disableKey(req: { KeyId: string }): void { this.run(true, (c) => keys.setEnabled(c, req.KeyId, false)); }
  scheduleKeyDeletion(req: Req<'scheduleKeyDeletion'>) { return this.run(true, (c) => keys.scheduleKeyDeletion(c, req)); }
  cancelKeyDeletion(req: { KeyId: string }) { return this.run(true, (c) => keys.cancelKeyDeletion(c, req)); }

  async getParametersForImport(req: Req<'getParametersForImport'>) {
    this.beforeCall?.(this);
    settle(this.ctx);
    const out = await imports.getParametersForImport(this.ctx, req);
    this.onMutate?.(this);
    return out;
  }
  importKeyMaterial(req: ImportRequest) { return this.run(true, (c) => imports.importKeyMaterial(c, req)); }
  deleteImportedKeyMaterial(req: Req<'deleteImportedKeyMaterial'>) { return this.run(true, (c) => imports.deleteImportedKeyMaterial(c, req)); }
  rotateKeyOnDemand(req: { KeyId: string }) { return this.run(true, (c) => rotation.rotateKeyOnDemand(c, req)); }
  listKeyRotations(req: Req<'listKeyRotations'>) { return this.run(false, (c) => rotation.listKeyRotations(c, req)); }
  getKeyLastUsage(req: { KeyId: string }) { return this.run(false, (c) => rotation.getKeyLastUsage(c, req)); }

  createAlias(req: Req<'createAlias'>): void { this.run(true, (c) => aliases.createAlias(c, req)); }
  updateAlias(req: Req<'updateAlias'>): void { this.run(true, (c) => aliases.updateAlias(c, req)); }
  deleteAlias(req: { AliasName: string }): void { this.run(true, (c) => aliases.deleteAlias(c, req)); }
  listAliases(req: Req<'listAliases'> = {}) { return this.run(false, (c) => aliases.listAliases(c, req)); }

  tagResource(req: { KeyId: string; Tags: SimTag[] }): void { this.run(true, (c) => tags.tagResource(c, req)); }
  untagResource(req: { KeyId: string; TagKeys: string[] }): void { this.run(true, (c) => tags.untagResource(c, req)); }
  listResourceTags(req: Req<'listResourceTags'>) { return this.run(false, (c) => tags.listResourceTags(c, req)); }

  // ---------------------------------------------------------------- S3
  createBucket(req: { Bucket: string }): void { this.run(true, (c) => buckets.createBucket(c, req)); }
  listBuckets() { return this.run(false, (c) => buckets.listBuckets(c)); }
  headBucket(req: { Bucket: string }): void { this.run(false, (c) => void buckets.bucketOf(c, req.Bucket)); }
  putBucketEncryption(req: Req<'putBucketEncryption'>): void { this.run(true, (c) => buckets.putBucketEncryption(c, req)); }
  getBucketEncryption(req: { Bucket: string }) { return this.run(false, (c) => buckets.getBucketEncryption(c, req)); }

  putObject(req: objects.PutObjectRequest) { return this.run(true, (c) => objects.putObject(c, req)); }
  getObject(req: { Bucket: string; Key: string }) { return this.run(true, (c) => objects.getObject(c, req)); }
  headObject(req: { Bucket: string; Key: string }) { return this.run(false, (c) => objects.headObject(c, req)); }
  deleteObject(req: Req<'deleteObject'>): void { this.run(true, (c) => objects.deleteObject(c, req)); }
  listObjectsV2(req: Req<'listObjectsV2'>) { return this.run(false, (c) => objects.listObjectsV2(c, req)); }
  copyObject(req: CopyObjectRequest) { return this.run(true, (c) => copyObject(c, req)); }
  getObjectTagging(req: { Bucket: string; Key: string }) { return this.run(false, (c) => objects.getObjectTagging(c, req)); }
  putObjectTagging(req: Req<'putObjectTagging'>): void { this.run(true, (c) => objects.putObjectTagging(c, req)); }
}

function defaultWrappingKeys(opts: LocalSimulatorOptions): WrappingKeySource {
  if ((opts.wrappingKeyPool ?? 0) > 0) return wrappingKeySource(opts.wrappingKeyPool!);
  return distinctWrappingKeys({ fallback: wrappingKeySource(0), ...(opts.wrappingKeyCache ? { cacheFile: opts.wrappingKeyCache } : {}) });
}
