/** The Alibaba-wire sandbox's public surface. */
import type { LocalSimulator } from '../../sim/simulator.js';
import type { SandboxStats } from '../stats.js';

export interface AlibabaSandboxOptions {
  /** A simulator built with ALIBABA_SIM_RULES. */
  sim: LocalSimulator;
  /** 0 (default) = an ephemeral port. */
  port?: number;
  latencyMs?: number;
  /** AccessKey id -> secret accepted by the signature checks; default `{ test: 'test' }`. */
  accessKeys?: Record<string, string>;
  /** Per-operation requests per second (Alibaba's KMS action names, `OSSRead`/`OSSWrite`); unset = unlimited. */
  quotas?: Record<string, number>;
  faultRate?: number;
  faultAfterApplyRate?: number;
  seed?: number;
  onMutate?: () => void;
}

export interface AlibabaSandboxHandle {
  url: string;
  port: number;
  stats(): SandboxStats;
  resetStats(): void;
  close(): Promise<void>;
}

/** A complete HTTP answer; `errorCode` is counted in stats and not sent. */
export interface WireReply {
  status: number;
  headers: Record<string, string>;
  body?: Buffer | string;
  errorCode?: string;
}

export const DEFAULT_ACCESS_KEYS: Readonly<Record<string, string>> = { test: 'test' };
