import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { hostname } from 'node:os';
import type { Clock } from '../../core/types.js';
import { ProviderError } from '../port.js';
import { toProviderError } from './errors.js';

/**
 * The AWS apply lock: one lease object in S3 per manifest scope, shared by CLI runs and daemon
 * replicas, written only with S3 conditional writes so two contenders can never both win:
 *
 * - acquire: PutObject with `If-None-Match: *` (create only). If the object exists and the expiry
 *   in its body has passed, take it over with PutObject `If-Match: <etag read>`; a concurrent
 *   taker-over makes one of the two fail with 412.
 * - renew: PutObject `If-Match: <our etag>` with a later expiry (every ttl/3 by default).
 * - release: DeleteObject `If-Match: <our etag>`, so a lease someone else took over is never deleted.
 *
 * - confirm: a conditional read (HeadObject `If-Match: <our etag>`) before every action that creates
 *   something, so a lease deleted or taken over mid-apply stops the apply at once, not at the next
 *   renewal (by then two applies would both be creating keys).
 * - takeover of a dead holder: the record names the holder's host and pid; a contender on the same
 *   host whose holder process no longer exists takes the lease over at once (a kill -9 must not lock
 *   everyone out for the lease's lifetime). Other hosts wait for the expiry, as they cannot tell.
 *
 * A lease whose renewal or confirmation is refused (412: taken over; gone) or that could not be
 * renewed before it expired is lost: `lost` resolves, and the holder must stop changing things.
 * Expiry is judged by the contender's clock, so hosts need roughly synchronised clocks (ttl >> skew).
 */

export interface LeaseOptions {
  s3: S3Client;
  bucket: string;
  key: string;
  /** Who holds it (host, pid, run id): shown to whoever finds the lock held. */
  owner: string;
  ttlMs: number;
  clock?: Clock;
  /** Automatic renewal period; default ttl/3; `false` = only explicit renew(). */
  renewEveryMs?: number | false;
}

export interface LeaseRecord {
  owner: string;
  acquiredAt: string;
  expiresAt: string;
  /** The holder's host and process, so that the same host can tell a crashed holder. */
  host?: string;
  pid?: number;
}

export interface Lease {
  readonly owner: string;
  expiresAt(): Date;
  renew(): Promise<void>;
  /** Throws (and marks the lease lost) unless the lease object is still exactly ours. */
  confirm(): Promise<void>;
  release(): Promise<void>;
  /** Resolves (never rejects) with the reason when the lease is lost. */
  readonly lost: Promise<ProviderError>;
}

const systemClock: Clock = { now: () => new Date() };
const MAX_ROUNDS = 5;

export async function acquireLease(opts: LeaseOptions): Promise<Lease> {
  const clock = opts.clock ?? systemClock;
  const where = `s3://${opts.bucket}/${opts.key}`;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const record = recordFor(opts.owner, clock, opts.ttlMs);
    const created = await conditionalPut(opts, record, { IfNoneMatch: '*' });
    if (created.ok) return holdLease(opts, clock, created.etag, record);
    const current = await readLease(opts);
    if (current === null) continue; // released in between: try to create again
    if (current.record && Date.parse(current.record.expiresAt) > clock.now().getTime() && !holderIsDead(current.record)) {
      throw heldError(where, current.record);
    }
    // Expired, its holder dead, or unreadable (which no holder of ours writes): take over, pinned to what we read.
    const taken = await conditionalPut(opts, record, { IfMatch: current.etag });
    if (taken.ok) return holdLease(opts, clock, taken.etag, record);
  }
  throw new ProviderError('lock.held', 'LeaseContended', `lock ${where} is contended; try again`);
}

function recordFor(owner: string, clock: Clock, ttlMs: number, acquiredAt?: string): LeaseRecord {
  const now = clock.now();
  return { owner, acquiredAt: acquiredAt ?? now.toISOString(), expiresAt: new Date(now.getTime() + ttlMs).toISOString(), host: hostname(), pid: process.pid };
}

/** Only on the holder's own host can a missing process be seen; elsewhere the expiry decides. */
export function holderIsDead(record: LeaseRecord): boolean {
  if (record.host !== hostname() || record.pid === undefined || record.pid === process.pid) return false;
  try {
    process.kill(record.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function heldError(where: string, record: LeaseRecord): ProviderError {
  return new ProviderError(
    'lock.held',
    'LeaseHeld',
    `lock ${where} is held by ${record.owner} until ${record.expiresAt}; another apply is running (or crashed: the lease expires on its own)`,
  );
}

function isPreconditionFailure(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  // 409 ConditionalRequestConflict: a concurrent conditional write won the race.
  return e.name === 'PreconditionFailed' || e.name === 'ConditionalRequestConflict' || e.$metadata?.httpStatusCode === 412 || e.$metadata?.httpStatusCode === 409;
}

type PutResult = { ok: true; etag: string } | { ok: false };

async function conditionalPut(opts: LeaseOptions, record: LeaseRecord, condition: { IfNoneMatch: string } | { IfMatch: string }): Promise<PutResult> {
  try {
    const out = await opts.s3.send(
      new PutObjectCommand({ Bucket: opts.bucket, Key: opts.key, Body: JSON.stringify(record), ContentType: 'application/json', ...condition }),
    );
    if (!out.ETag) throw new ProviderError('internal', 'MalformedResponse', 'PutObject returned no ETag for the lease');
    return { ok: true, etag: out.ETag };
  } catch (err) {
    if (isPreconditionFailure(err)) return { ok: false };
    throw toProviderError(err, { op: 'PutObject', target: `s3://${opts.bucket}/${opts.key}` });
  }
}

async function readLease(opts: LeaseOptions): Promise<{ etag: string; record: LeaseRecord | null } | null> {
  try {
    const out = await opts.s3.send(new GetObjectCommand({ Bucket: opts.bucket, Key: opts.key }));
    const text = (await out.Body?.transformToString()) ?? '';
    return { etag: out.ETag ?? '', record: parseRecord(text) };
  } catch (err) {
    const mapped = toProviderError(err, { op: 'GetObject', target: `s3://${opts.bucket}/${opts.key}` });
    if (mapped.providerCode === 'NoSuchKey') return null;
    throw mapped;
  }
}

export function parseRecord(text: string): LeaseRecord | null {
  try {
    const value = JSON.parse(text) as Partial<LeaseRecord>;
    if (typeof value.owner === 'string' && typeof value.expiresAt === 'string' && !Number.isNaN(Date.parse(value.expiresAt))) {
      return {
        owner: value.owner,
        acquiredAt: String(value.acquiredAt ?? ''),
        expiresAt: value.expiresAt,
        ...(typeof value.host === 'string' ? { host: value.host } : {}),
        ...(Number.isInteger(value.pid) && (value.pid as number) > 0 ? { pid: value.pid as number } : {}),
      };
    }
  } catch {
    // fall through
  }
  return null;
}

function holdLease(opts: LeaseOptions, clock: Clock, etag: string, record: LeaseRecord): Lease {
  const where = `s3://${opts.bucket}/${opts.key}`;
  let currentEtag = etag;
  let current = record;
  let state: 'held' | 'lost' | 'released' = 'held';
  let markLost: (reason: ProviderError) => void = () => undefined;
  const lost = new Promise<ProviderError>((resolve) => {
    markLost = (reason) => {
      if (state !== 'held') return;
      state = 'lost';
      stopTimer();
      resolve(reason);
    };
  });

  const renew = async (): Promise<void> => {
    if (state !== 'held') throw new ProviderError('lock.held', 'LeaseLost', `lock ${where} is no longer held by ${opts.owner}`);
    const next = recordFor(opts.owner, clock, opts.ttlMs, current.acquiredAt);
    const put = await conditionalPut(opts, next, { IfMatch: currentEtag });
    if (!put.ok) {
      const reason = new ProviderError('lock.held', 'LeaseLost', `lock ${where} was taken over; ${opts.owner} lost it`);
      markLost(reason);
      throw reason;
    }
    currentEtag = put.etag;
    current = next;
  };

  let confirming: Promise<void> | null = null;
  const confirmOnce = async (): Promise<void> => {
    if (state !== 'held') throw new ProviderError('lock.held', 'LeaseLost', `lock ${where} is no longer held by ${opts.owner}`);
    let etag: string | undefined;
    try {
      etag = (await opts.s3.send(new HeadObjectCommand({ Bucket: opts.bucket, Key: opts.key, IfMatch: currentEtag }))).ETag;
    } catch (err) {
      const mapped = isPreconditionFailure(err) ? null : toProviderError(err, { op: 'HeadObject', target: where });
      if (mapped && mapped.code !== 'provider.not-found' && mapped.providerCode !== 'NoSuchKey' && mapped.providerCode !== 'NotFound') throw mapped;
      const reason = new ProviderError('lock.held', 'LeaseLost', `lock ${where} was ${mapped ? 'deleted' : 'taken over'}; ${opts.owner} lost it and stops`);
      markLost(reason);
      throw reason;
    }
    // Servers that ignore If-Match on reads (some emulators) still answer the current ETag.
    if (etag !== undefined && etag !== currentEtag) {
      const reason = new ProviderError('lock.held', 'LeaseLost', `lock ${where} was taken over; ${opts.owner} lost it and stops`);
      markLost(reason);
      throw reason;
    }
  };
  // Actions that become ready together share one read (at most one round trip old).
  const confirm = (): Promise<void> => {
    confirming ??= confirmOnce().finally(() => {
      confirming = null;
    });
    return confirming;
  };

  const period = opts.renewEveryMs === undefined ? Math.max(1, Math.floor(opts.ttlMs / 3)) : opts.renewEveryMs;
  const timer =
    period === false
      ? undefined
      : setInterval(() => {
          renew().catch((err: unknown) => {
            // A transient failure is retried on the next tick, unless the lease has run out meanwhile.
            if (state === 'held' && clock.now().getTime() >= Date.parse(current.expiresAt)) {
              markLost(err instanceof ProviderError ? err : new ProviderError('lock.held', 'LeaseExpired', `lock ${where} expired before it could be renewed`));
            }
          });
        }, period);
  timer?.unref();
  function stopTimer(): void {
    if (timer) clearInterval(timer);
  }

  return {
    owner: opts.owner,
    expiresAt: () => new Date(current.expiresAt),
    renew,
    confirm,
    lost,
    release: async () => {
      if (state === 'released') return;
      const wasHeld = state === 'held';
      state = 'released';
      stopTimer();
      if (!wasHeld) return;
      try {
        await opts.s3.send(new DeleteObjectCommand({ Bucket: opts.bucket, Key: opts.key, IfMatch: currentEtag }));
      } catch (err) {
        // Already taken over (412) or gone: nothing of ours to delete.
        if (isPreconditionFailure(err)) return;
        const mapped = toProviderError(err, { op: 'DeleteObject', target: where });
        if (mapped.providerCode === 'NoSuchKey' || mapped.code === 'provider.not-found') return;
        throw mapped;
      }
    },
  };
}
