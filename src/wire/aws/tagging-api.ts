/**
 * Resource Groups Tagging API, `GetResources` only, for KMS keys: lets a client discover every key
 * carrying given tags in a few paged calls instead of ListKeys + ListResourceTags per key.
 * Like AWS, only resources that carry at least one tag are returned. The first page takes a
 * snapshot of the matching keys; later pages read from it through the opaque token, so paging is
 * O(total) and stable while keys change (AWS is eventually consistent here too).
 */
import { randomUUID } from 'node:crypto';
import type { KmsSimulator, SimTag } from '../../sim/sim-types.js';
import { errorFromThrown, jsonError, jsonReply, parseJsonBody, WireError } from './json-wire.js';
import type { Reply, Routed } from './types.js';

export const TAGGING_TARGET_PREFIX = 'ResourceGroupsTaggingAPI_20170126.';

interface Mapping {
  ResourceARN: string;
  Tags: { Key: string; Value: string }[];
}

interface Snapshot {
  items: Mapping[];
  createdAt: number;
}

const SNAPSHOT_TTL_MS = 15 * 60_000;
const MAX_SNAPSHOTS = 64;

export function taggingError(code: string, message: string, status: number): Reply {
  return jsonError(code, message, status);
}

export class TaggingApi {
  private readonly snapshots = new Map<string, Snapshot>();
  constructor(private readonly sim: KmsSimulator) {}

  route(target: string): Routed | Reply {
    const op = target.slice(TAGGING_TARGET_PREFIX.length);
    if (op !== 'GetResources') return taggingError('UnknownOperationException', `Unknown operation ${op}`, 400);
    return {
      service: 'tagging',
      op,
      mutating: false,
      run: async (body) => {
        try {
          return jsonReply(this.getResources(parseJsonBody(body)));
        } catch (err) {
          return errorFromThrown(err, taggingError, 'InternalServiceException');
        }
      },
    };
  }

  private getResources(input: Record<string, unknown>): { ResourceTagMappingList: Mapping[]; PaginationToken: string } {
    const perPage = input.ResourcesPerPage === undefined ? 100 : Number(input.ResourcesPerPage);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
      throw new WireError('InvalidParameterException', 'ResourcesPerPage must be between 1 and 100');
    }
    const token = typeof input.PaginationToken === 'string' ? input.PaginationToken : '';
    let id: string;
    let offset: number;
    if (token === '') {
      id = randomUUID();
      offset = 0;
      this.remember(id, { items: this.matching(input), createdAt: Date.now() });
    } else {
      const m = /^([0-9a-f-]{36}):(\d+)$/.exec(token);
      if (!m || !this.snapshots.has(m[1]!)) throw new WireError('PaginationTokenExpiredException', 'The pagination token is invalid or has expired');
      id = m[1]!;
      offset = Number(m[2]);
    }
    const items = this.snapshots.get(id)!.items;
    const page = items.slice(offset, offset + perPage);
    const next = offset + perPage;
    if (next >= items.length) this.snapshots.delete(id);
    return { ResourceTagMappingList: page, PaginationToken: next < items.length ? `${id}:${next}` : '' };
  }

  private remember(id: string, snap: Snapshot): void {
    const now = Date.now();
    for (const [k, s] of this.snapshots) if (now - s.createdAt > SNAPSHOT_TTL_MS) this.snapshots.delete(k);
    while (this.snapshots.size >= MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
    this.snapshots.set(id, snap);
  }

  private matching(input: Record<string, unknown>): Mapping[] {
    const types = Array.isArray(input.ResourceTypeFilters) ? (input.ResourceTypeFilters as string[]) : [];
    // KMS keys are the only resources the simulator tags; `kms` and `kms:key` select them.
    if (types.length > 0 && !types.some((t) => t === 'kms' || t === 'kms:key')) return [];
    const filters = parseTagFilters(input.TagFilters);
    const out: Mapping[] = [];
    let marker: string | undefined;
    do {
      const page = this.sim.listKeys({ Limit: 1000, ...(marker ? { Marker: marker } : {}) });
      for (const k of page.Keys) {
        const tags = this.allTags(k.KeyId);
        if (tags.length === 0) continue;
        const byKey = new Map(tags.map((t) => [t.TagKey, t.TagValue]));
        const ok = filters.every((f) => byKey.has(f.Key) && (f.Values.length === 0 || f.Values.includes(byKey.get(f.Key)!)));
        if (ok) out.push({ ResourceARN: k.KeyArn, Tags: tags.map((t) => ({ Key: t.TagKey, Value: t.TagValue })) });
      }
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return out;
  }

  private allTags(keyId: string): SimTag[] {
    const tags: SimTag[] = [];
    let marker: string | undefined;
    do {
      const page = this.sim.listResourceTags({ KeyId: keyId, Limit: 50, ...(marker ? { Marker: marker } : {}) });
      tags.push(...page.Tags);
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return tags;
  }
}

function parseTagFilters(raw: unknown): { Key: string; Values: string[] }[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new WireError('InvalidParameterException', 'TagFilters must be a list');
  return raw.map((f: { Key?: unknown; Values?: unknown }) => {
    if (typeof f?.Key !== 'string') throw new WireError('InvalidParameterException', 'Each TagFilter needs a Key');
    return { Key: f.Key, Values: Array.isArray(f.Values) ? f.Values.map(String) : [] };
  });
}
