/** The sandbox's public surface and the small vocabulary its protocol modules share. */
import type { KmsSimulator, S3Simulator } from '../../sim/sim-types.js';

export type SandboxSim = KmsSimulator & S3Simulator;

/**
 * `'aws'`: AWS's published request quotas (see quotas.ts); `'none'`: unlimited; `{ scale }`: the
 * AWS table multiplied; a Record: the AWS table with these per-operation (or per-class, e.g.
 * `S3Write`) rates in requests per second; a rate of 0 or Infinity means unlimited.
 */
export type QuotaSetting = 'aws' | 'none' | { scale: number } | Record<string, number>;

export interface SandboxOptions {
  sim: SandboxSim;
  host?: '127.0.0.1';
  /** 0 (default) = an ephemeral port. */
  port?: number;
  /** Added to every API request before it is answered. */
  latencyMs?: number;
  /** Default `'none'`. */
  quotas?: QuotaSetting;
  /** Probability per API request of a fault before the operation is applied (5xx or dropped connection). */
  faultRate?: number;
  /** Probability per API request of applying the operation, then dropping the connection unanswered. */
  faultAfterApplyRate?: number;
  /** Seed of the fault RNG (default 1), so a faulty run can be replayed. */
  seed?: number;
  /**
   * Operations answered with this HTTP status and a plain-text body instead of being served, as a
   * partial emulator (501 Not Implemented) or a gateway (502) answers: `{ GetResources: 501 }`.
   */
  textAnswers?: Readonly<Record<string, number>>;
  /** Called after every request that changed the simulator (for debounced persistence). */
  onMutate?: () => void;
}

export type { FaultKind, SandboxStats } from '../stats.js';
import type { SandboxStats } from '../stats.js';

export interface SandboxHandle {
  url: string;
  port: number;
  stats(): SandboxStats;
  resetStats(): void;
  close(): Promise<void>;
}

export type Service = 'kms' | 's3' | 'tagging';

/** A complete HTTP answer. `body` undefined = no body (HEAD, 204). */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** For error answers: the AWS error code (counted in stats). Not sent. */
  errorCode?: string;
}

/**
 * A request recognised as one operation. `run` applies it to the simulator and always resolves to a
 * Reply (simulator errors become the service's error shape); the server decides beforehand whether
 * it runs at all (quota, faults) and afterwards whether its answer is delivered.
 */
export interface Routed {
  service: Service;
  op: string;
  /** Whether a successful run changes simulator state (drives `onMutate`). */
  mutating: boolean;
  run(body: Buffer): Promise<Reply>;
}

/** Builds the error answer in a service's own shape. */
export type ErrorReply = (code: string, message: string, status: number) => Reply;
