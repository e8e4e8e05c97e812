import { request as httpRequest, type Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import aws4 from 'aws4';
import {
  DescribeKeyCommand,
  ListResourceTagsCommand,
  type DescribeKeyCommandOutput,
  type KMSClient,
  type KeyMetadata,
  type ListResourceTagsCommandOutput,
  type Tag,
} from '@aws-sdk/client-kms';
import type { RateLimiter } from '../limiter.js';
import { THROTTLING_NAMES } from './caller.js';
import type { SharedAgents } from './lean-client.js';
import type { StatsRecorder } from './stats.js';

/**
 * DescribeKey and ListResourceTags are the requests a re-plan makes per key (10,000 DescribeKey at
 * 10,000 keys, and as many ListResourceTags when discovery lists the account with ListKeys), and
 * through the SDK's generic pipeline (endpoint rules, retry wrapper, schema serde, auth scheme
 * selection, node-http-handler) each costs about 1 ms of client CPU, more than its request to AWS.
 * This path sends the same requests:
 * - signed with Signature Version 4 by the aws4 library (synchronous, one hash object per step:
 *   about 21 µs a request here against 56 µs for the SDK's signer, which builds its hashes through
 *   promises and an HMAC of the credentials per request for its cache key), with the client's own
 *   credentials provider (which caches and refreshes), region and clock offset, and KMS's signing
 *   name;
 * - to the endpoint the SDK resolved for this client, learned from its first KMS request (so custom
 *   endpoints, FIPS and dual-stack come out exactly as the SDK chose them);
 * - on the provider's shared keep-alive agents.
 * It only ever interprets the happy case: HTTP 200 with a JSON body shaped as the KMS API documents
 * it, with the fields we read. Anything else (an error answer, throttling, a dropped or stale
 * connection, a timeout, a body it does not recognise) is handed to the SDK, which makes the call
 * again through its full pipeline (backoff, retries, error deserialisation): every error path stays
 * the SDK's. An endpoint that refuses the signature turns this path off for good (the SDK's signer
 * then signs every call), so a disagreement between the two signers costs one request, not one per
 * key. test/aws/lean-reads.sandbox.test.ts compares both paths key by key against the sandbox's
 * SigV4 verification.
 */

/** How every DescribeKey of the adapter is made (discovery, the key service, the S3 key resolver). */
export type DescribeKeyFn = (keyRef: string) => Promise<Pick<DescribeKeyCommandOutput, 'KeyMetadata'>>;

/** One page of a key's tags, as the SDK gives it. */
export type TagPage = Pick<ListResourceTagsCommandOutput, 'Tags' | 'Truncated' | 'NextMarker'>;

/** The operations this path can make. */
export type LeanOp = 'DescribeKey' | 'ListResourceTags';

/** Where the SDK sends KMS requests, captured from the request it built (before signing). */
interface Endpoint {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number | undefined;
  path: string;
  host: string;
}

interface BuiltRequest {
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
  headers?: Record<string, string>;
}

interface RelativeStack {
  addRelativeTo(
    middleware: (next: (args: { request?: unknown }) => Promise<unknown>) => (args: { request?: unknown }) => Promise<unknown>,
    options: { name: string; relation: 'before'; toMiddleware: string; override: boolean },
  ): void;
}

/** What the SDK client's resolved config holds for signing (providers it caches and refreshes). */
interface SigningConfig {
  credentials?: unknown;
  region?: unknown;
  systemClockOffset?: number;
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The SigV4 signing name of KMS, whatever its endpoint. */
const SIGNING_NAME = 'kms';

/** Error types by which an endpoint says it refused a request's signature (or its date). */
const SIGNATURE_REFUSED = new Set(['InvalidSignatureException', 'IncompleteSignatureException', 'SignatureDoesNotMatch']);

/** A socket that goes quiet this long is given up on, and the SDK makes the call instead. */
const IDLE_TIMEOUT_MS = 30_000;

export class LeanReads {
  private endpoint: Endpoint | null = null;
  private region: Promise<string> | null = null;
  /**
   * Operations turned off for good after a body it could not read (an endpoint that answers oddly
   * gets the SDK), and all of them when the SDK no longer exposes its credentials and region this
   * way or an endpoint refuses a signature.
   */
  private readonly disabled = new Set<LeanOp>();
  /** Per operation: calls answered by the lean request, and calls the SDK made (before the endpoint was known, or after a lean attempt failed). */
  readonly counts: Record<LeanOp, { lean: number; sdk: number }> = { DescribeKey: { lean: 0, sdk: 0 }, ListResourceTags: { lean: 0, sdk: 0 } };

  constructor(
    private readonly kms: KMSClient,
    private readonly agents: SharedAgents,
    private readonly stats: StatsRecorder,
    private readonly limiter: RateLimiter,
  ) {
    (kms.middlewareStack as unknown as RelativeStack).addRelativeTo(
      (next: (args: { request?: unknown }) => Promise<unknown>) => async (args: { request?: unknown }) => {
        if (!this.endpoint) this.endpoint = endpointOf(args.request as BuiltRequest | undefined);
        return next(args);
      },
      { name: 'byokEndpointCapture', relation: 'before', toMiddleware: 'httpSigningMiddleware', override: true },
    );
  }

  /** DescribeKey: the lean request when it can be, the SDK's `send` otherwise. */
  async describe(keyId: string): Promise<Pick<DescribeKeyCommandOutput, 'KeyMetadata'>> {
    const meta = await this.read('DescribeKey', { KeyId: keyId }, readKeyMetadata);
    if (meta) return { KeyMetadata: meta };
    return this.kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  }

  /** ListResourceTags, one page of at most 50 tags: the lean request when it can be, the SDK's `send` otherwise. */
  async listTags(keyId: string, marker?: string): Promise<TagPage> {
    const input = { KeyId: keyId, Limit: 50, ...(marker !== undefined ? { Marker: marker } : {}) };
    const page = await this.read('ListResourceTags', input, readTagPage);
    return page ?? this.kms.send(new ListResourceTagsCommand(input));
  }

  /**
   * The lean attempt; null when the SDK must make the call (counted: a second request for the same
   * call is paced and counted as a retry).
   */
  private async read<T>(op: LeanOp, input: object, parse: (text: string) => T | null): Promise<T | null> {
    const endpoint = this.endpoint;
    if (endpoint && !this.disabled.has(op)) {
      const result = await this.attempt(endpoint, op, input, parse).catch(() => null);
      if (result !== null) {
        this.counts[op].lean++;
        return result;
      }
      this.stats.add('retries', op);
      await this.limiter.take(op);
    }
    this.counts[op].sdk++;
    return null;
  }

  private async attempt<T>(endpoint: Endpoint, op: LeanOp, input: object, parse: (text: string) => T | null): Promise<T | null> {
    const body = JSON.stringify(input);
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `TrentService.${op}`,
      'content-length': String(Buffer.byteLength(body)),
      host: endpoint.host,
    };
    const config = this.kms.config as SigningConfig;
    const { credentials: credentialsOf, region: regionOf } = config;
    if (typeof credentialsOf !== 'function' || typeof regionOf !== 'function') {
      // An SDK that no longer exposes its providers this way: the SDK makes every call, from now on.
      this.disabled.add('DescribeKey').add('ListResourceTags');
      return null;
    }
    // Asked once; a failure (no region yet, say) is not kept: the next call asks again.
    this.region ??= (regionOf as () => Promise<string>)().catch((e: unknown) => {
      this.region = null;
      throw e;
    });
    const region = await this.region;
    // The client's provider: cached, refreshed before it expires.
    const credentials = await (credentialsOf as () => Promise<Credentials>)();
    headers['x-amz-date'] = amzDate(Date.now() + (config.systemClockOffset ?? 0));
    // aws4 signs a copy of the headers, on the request it returns.
    const signed = aws4.sign(
      { host: endpoint.hostname, path: endpoint.path, method: 'POST', service: SIGNING_NAME, region, headers, body },
      credentials,
    );
    this.stats.add('requests', op);
    const answer = await send(endpoint, signed.headers as Record<string, string>, body, this.agents, op);
    if (answer.status !== 200) {
      const type = errorType(answer.text);
      if (answer.status === 429 || (type !== null && THROTTLING_NAMES.has(type))) this.stats.add('throttled', op);
      else if (type !== null && SIGNATURE_REFUSED.has(type)) this.disabled.add('DescribeKey').add('ListResourceTags');
      return null;
    }
    const result = parse(answer.text);
    if (result === null) this.disabled.add(op);
    return result;
  }
}

/** JSON-protocol errors name themselves in `__type` (`com.amazon...#ThrottlingException` or bare). */
function errorType(text: string): string | null {
  const match = /"__type"\s*:\s*"(?:[^"#]*#)?([A-Za-z]+)"/.exec(text);
  return match ? match[1]! : null;
}

/** The last X-Amz-Date made, by whole second: thousands of requests a second share one. */
const lastDate = { second: Number.NaN, text: '' };

/** SigV4's X-Amz-Date: `YYYYMMDDTHHMMSSZ`. */
export function amzDate(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastDate.second) {
    lastDate.second = second;
    lastDate.text = new Date(second * 1000).toISOString().replace(/[-:]|\.\d{3}/g, '');
  }
  return lastDate.text;
}

function endpointOf(request: BuiltRequest | undefined): Endpoint | null {
  if (!request?.hostname || (request.protocol !== 'http:' && request.protocol !== 'https:')) return null;
  const host = request.headers?.host ?? (request.port ? `${request.hostname}:${request.port}` : request.hostname);
  return { protocol: request.protocol, hostname: request.hostname, port: request.port, path: request.path || '/', host };
}

function send(endpoint: Endpoint, headers: Record<string, string>, body: string, agents: SharedAgents, op: LeanOp): Promise<{ status: number; text: string }> {
  const https = endpoint.protocol === 'https:';
  const options = {
    method: 'POST',
    hostname: endpoint.hostname,
    ...(endpoint.port !== undefined ? { port: endpoint.port } : {}),
    path: endpoint.path,
    headers,
    timeout: IDLE_TIMEOUT_MS,
  };
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    };
    const req = https
      ? httpsRequest({ ...options, agent: agents.httpsAgent as HttpsAgent }, onResponse)
      : httpRequest({ ...options, agent: agents.httpAgent as HttpAgent }, onResponse);
    req.on('timeout', () => req.destroy(new Error(`${op}: socket idle`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The JSON object a body holds; null for anything else (not JSON, an array, a bare value). */
function jsonObject(text: string): Record<string, unknown> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}

const STRING_FIELDS = ['KeyId', 'Arn', 'KeyState', 'KeySpec', 'Description', 'ExpirationModel'] as const;
const DATE_FIELDS = ['CreationDate', 'ValidTo', 'DeletionDate'] as const;

/**
 * The KeyMetadata fields toLiveKey reads, as the SDK would give them: strings as strings, the JSON
 * protocol's epoch-seconds timestamps as Dates. null for anything not shaped like that.
 */
export function readKeyMetadata(text: string): KeyMetadata | null {
  const raw = (jsonObject(text) as { KeyMetadata?: unknown } | null)?.KeyMetadata;
  if (typeof raw !== 'object' || raw === null) return null;
  const src = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of STRING_FIELDS) {
    const v = src[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return null;
    out[f] = v;
  }
  for (const f of DATE_FIELDS) {
    const v = src[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    out[f] = new Date(Math.round(v * 1000));
  }
  if (typeof out.KeyId !== 'string' || typeof out.Arn !== 'string') return null;
  return out as unknown as KeyMetadata;
}

/**
 * One ListResourceTags page as the SDK would give it: `Tags` of string `TagKey`/`TagValue` pairs,
 * `Truncated` and `NextMarker`. null for anything not shaped like that (a truncated page without a
 * marker included).
 */
export function readTagPage(text: string): TagPage | null {
  const src = jsonObject(text);
  if (src === null) return null;
  const rawTags = src.Tags ?? [];
  if (!Array.isArray(rawTags)) return null;
  const tags: Tag[] = [];
  for (const t of rawTags as unknown[]) {
    const { TagKey, TagValue } = (t ?? {}) as { TagKey?: unknown; TagValue?: unknown };
    if (typeof TagKey !== 'string' || typeof TagValue !== 'string') return null;
    tags.push({ TagKey, TagValue });
  }
  const truncated = src.Truncated ?? false;
  if (typeof truncated !== 'boolean') return null;
  const marker = src.NextMarker;
  if (marker !== undefined && marker !== null && typeof marker !== 'string') return null;
  if (truncated && typeof marker !== 'string') return null;
  return { Tags: tags, Truncated: truncated, ...(typeof marker === 'string' ? { NextMarker: marker } : {}) };
}
