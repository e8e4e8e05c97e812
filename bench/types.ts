/** The benchmark's vocabulary: what one size is run with, and what it measured. */
import type { WrappingKeySpec } from '../src/core/specs.js';

/** `plan-again-aws`: a further re-plan after the sandbox switched to AWS's own quotas (`--quotas`). */
export type PhaseName = 'plan' | 'apply' | 'plan-again' | 'plan-again-aws';

export interface SizeConfig {
  /** Manifest keys, one alias each. */
  keys: number;
  /** Buckets (pre-created in the sandbox), each following one key, `reencrypt: true`. */
  buckets: number;
  /** Latency the sandbox adds to every API request. */
  latencyMs: number;
  /** Multiplier on AWS's published request quotas, enforced by the sandbox and paced by the client; 1 = AWS's own. */
  quotaScale: number;
  /** Engine action concurrency for applyPlan; undefined = the engine's default (what the CLI uses). */
  applyConcurrency?: number;
  /** RSA wrapping key pairs the sandbox reuses per spec (0 = a fresh one per call, as AWS). */
  wrappingKeyPool: number;
  /**
   * Wrapping key spec in the manifest. RSA_2048 by default: the sandbox's RSA_4096 private-key
   * decrypt costs ~11 ms of its single thread per import on a small machine (~85 imports/s), which
   * would measure the simulator, not the tool, once quotas are scaled past that.
   */
  wrappingKeySpec: WrappingKeySpec;
  /** RSS sampling period. */
  sampleMs: number;
  /**
   * After plan-again, switch the sandbox to AWS's published quotas (unscaled) and re-plan from a
   * fresh session whose manifest has no `quotas:` (phase `plan-again-aws`). Absent in older runs.
   */
  awsQuotasPhase?: boolean;
}

/** Which term of the lower bound is largest. */
export type BoundKind = 'quota' | 'latency' | 'chain';

export interface LowerBound {
  /** max over quota buckets of (requests - burst) / rate, requests the sandbox did not throttle. */
  quotaMs: number;
  /** The quota bucket (operation or S3 class) that sets quotaMs. */
  quotaKey: string | null;
  /** latency x calls / request concurrency. */
  latencyMs: number;
  /** latency x the longest chain of requests that must run one after another. */
  chainMs: number;
  boundMs: number;
  kind: BoundKind;
}

export interface PhaseResult {
  phase: PhaseName;
  /** Quotas the sandbox enforced in this phase (`aws` or `aws xN`); the size's quotaLabel except in plan-again-aws. */
  quotaLabel: string;
  wallMs: number;
  /** Requests the sandbox received, by operation (throttled ones included). */
  calls: Record<string, number>;
  totalCalls: number;
  callsPerKey: number;
  /** DescribeKey + ListResourceTags: the per-key reads of a refresh. */
  describeCalls: number;
  /** GetResources + ListKeys + ListAliases + ListObjectsV2 pages. */
  listingCalls: number;
  /** Throttling answers the sandbox sent, by operation. */
  throttled: Record<string, number>;
  throttledTotal: number;
  /** SDK retries the client made (throttling, 5xx, network). */
  clientRetries: number;
  /** Throttling errors that reached the engine (apply outcomes or a failed refresh). Must be 0. */
  surfacedThrottling: number;
  /** Actions in the plan (plan phases) or applied (apply). */
  actions: number;
  failed: number;
  peakRssMb: number;
  /**
   * CPU time used during the phase (user + system): near wall time means that process was the
   * bottleneck, not the quota or the latency. `sandbox` is null when it shares the client's process.
   */
  cpuMs: { client: number; sandbox: number | null };
  bound: LowerBound;
  /** wall / bound. */
  ratio: number;
  /**
   * The physical bound: the same requests at AWS's published quotas (unscaled, whatever the run
   * used) and the serial chain at the run's latency; no concurrency term (concurrency is the
   * tool's choice, not a limit). A ratio under 1 on a scaled run means faster than AWS allows.
   */
  physical: PhysicalBound;
  /** wall / physical.boundMs. */
  physicalRatio: number;
  /** wall / physical.publishedBoundMs: the physical ratio without the quotas AWS does not publish. */
  publishedRatio: number;
  /** wall / physical.callsPerQuotaMs: the same, against calls / quota with no burst (the spec's form). */
  callsPerQuotaRatio: number;
}

export interface PhysicalBound {
  /** max over AWS's quota buckets of (requests - burst) / published rate. */
  quotaMs: number;
  quotaKey: string | null;
  /** latency x the longest serial chain (listing pages, then the last page's describe). */
  chainMs: number;
  boundMs: number;
  kind: 'quota' | 'chain';
  /** The quota term of the per-key reads (DescribeKey, ListResourceTags): their tightest bucket. */
  perKeyQuotaMs: number;
  perKeyQuotaKey: string | null;
  /** The quota term of the listing calls (GetResources, ListKeys, ListAliases). */
  listingQuotaMs: number;
  listingQuotaKey: string | null;
  /** The quota term of every other bucket (imports, creates, S3 classes). */
  otherQuotaMs: number;
  otherQuotaKey: string | null;
  /** Buckets whose rate is an assumption, not published by AWS (GetResources). */
  assumedRates: string[];
  /** max(every quota term at a published rate, chainMs): boundMs without the assumed rates. */
  publishedBoundMs: number;
  publishedKind: 'quota' | 'chain';
  /**
   * max(requests / published rate of every bucket with one, chainMs): publishedBoundMs without the
   * one-second burst (AWS publishes rates, not bucket sizes); the lower bound as the spec states it.
   */
  callsPerQuotaMs: number;
  callsPerQuotaKind: 'quota' | 'chain';
}

export interface Check {
  /** invariant: must hold at any size (the smoke test asserts these); target: a timing or memory goal from README.md, Benchmarks. */
  kind: 'invariant' | 'target';
  name: string;
  ok: boolean;
  detail: string;
}

export interface SizeResult {
  config: SizeConfig;
  /** e.g. `aws` or `aws x10`. */
  quotaLabel: string;
  /** Request concurrency of the AWS provider (its semaphore), the bound's divisor. */
  requestConcurrency: number;
  /** Engine action concurrency passed to applyPlan, or its own default (what the CLI uses). */
  applyConcurrency: number | 'engine default';
  /** Writing keys.yaml and the material files. */
  fixtureMs: number;
  /** loadManifest: YAML, schema, rules, every material's KCV. */
  loadMs: number;
  /** Opening the provider session (SDK clients). */
  openMs: number;
  phases: PhaseResult[];
  /**
   * Each run (one CLI command: `apply` = load, plan and apply; `plan-again`, `plan-again-aws` = load
   * and plan) in its own process: its load time and its lifetime peak RSS (resourceUsage().maxRSS,
   * what `/usr/bin/time -v` reports). Null when the runs shared one process (embedded, in tests).
   */
  runs: { run: string; loadMs: number; maxRssMb: number }[] | null;
  /** Lifetime peak RSS of the process that ran this size (resourceUsage().maxRSS): with `runs`, only the orchestration. */
  maxRssMb: number;
  checks: Check[];
}

export interface BenchReport {
  formatVersion: 1;
  startedAt: string;
  host: { node: string; cpus: number; platform: string };
  /** Whether sandbox and client ran in separate processes. */
  isolated: boolean;
  /** Node options given to each client process (empty: V8 defaults). */
  clientExecArgv: string[];
  sizes: SizeResult[];
}
