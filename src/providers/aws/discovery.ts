import { ListKeysCommand, type KMSClient } from '@aws-sdk/client-kms';
import { GetResourcesCommand, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { TAG, type LiveKey } from '../../core/types.js';
import { ProviderError } from '../port.js';
import type { AwsCaller } from './caller.js';
import { isNotFound } from './errors.js';
import { tagsToRecord, toLiveKey } from './key-metadata.js';
import type { DescribeKeyFn, TagPage } from './lean-reads.js';

/**
 * Discovery of the keys one manifest owns, in as few calls as the APIs allow:
 *
 * 1. Resource Groups Tagging API `GetResources` (resource type `kms:key`, tag `byok:manifest=<name>`)
 *    returns ARNs and all their tags, 100 keys per page.
 * 2. Exactly one `DescribeKey` per key for state, ValidTo, ExpirationModel, CreationDate, KeySpec
 *    (KMS has no batch describe). Keys deleted since the tagging index saw them answer NotFound and
 *    are skipped.
 *
 * Total: ceil(n/100) + n calls. The fallback, used when the tagging API is denied (no
 * `tag:GetResources` permission) or not served (some emulators), is ListKeys (1,000 per page) plus
 * one ListResourceTags per key in the account, foreign keys included, plus one DescribeKey per
 * managed key: much more expensive in a shared account, hence only a fallback.
 *
 * Caveat: the tagging API is eventually consistent; a key created or re-tagged moments ago can be
 * missing from it or show old tags for a short while. Callers that must not miss a key they just
 * created (an alias in the manifest pointing at a key absent from discovery) should describe it.
 */

export type DiscoveryMode = 'auto' | 'tagging-api' | 'list-keys';

export interface DiscoveryDeps {
  kms: KMSClient;
  /** DescribeKey, through lean-reads.ts. */
  describeKey: DescribeKeyFn;
  /** ListResourceTags, one page, through lean-reads.ts. */
  listTags: (keyId: string, marker?: string) => Promise<TagPage>;
  tagging: ResourceGroupsTaggingAPIClient;
  caller: AwsCaller;
  provider: string;
  /** Filled with keyId -> ARN for every key seen, so later calls need no lookup. */
  arns: Map<string, string>;
  mode: DiscoveryMode;
}

interface Candidate {
  arn: string;
  tags: Record<string, string>;
}

export class KeyDiscovery {
  /** Set once the tagging API proved unusable, so the fallback is chosen without another failure. */
  private taggingUnavailable = false;

  constructor(private readonly deps: DiscoveryDeps) {}

  async listManagedKeys(manifestName: string): Promise<LiveKey[]> {
    const useTagging = this.deps.mode === 'tagging-api' || (this.deps.mode === 'auto' && !this.taggingUnavailable);
    let candidates: Promise<LiveKey | null>[];
    if (useTagging) {
      try {
        candidates = await this.viaTaggingApi(manifestName);
      } catch (err) {
        if (this.deps.mode === 'tagging-api' || !taggingApiUnusable(err)) throw err;
        this.taggingUnavailable = true;
        candidates = await this.viaListKeys(manifestName);
      }
    } else {
      candidates = await this.viaListKeys(manifestName);
    }
    const keys = await Promise.all(candidates);
    return keys.filter((k): k is LiveKey => k !== null).sort((a, b) => a.keyId.localeCompare(b.keyId));
  }

  /** Describes each listed key as soon as its page arrives, so listing and describing overlap. */
  private async viaTaggingApi(manifestName: string): Promise<Promise<LiveKey | null>[]> {
    const { caller, tagging } = this.deps;
    const described: Promise<LiveKey | null>[] = [];
    const window = new InFlight(DESCRIBE_WINDOW);
    let token: string | undefined;
    do {
      await window.room();
      const page = await caller.call('GetResources', manifestName, () =>
        tagging.send(
          new GetResourcesCommand({
            ResourceTypeFilters: ['kms:key'],
            TagFilters: [{ Key: TAG.manifest, Values: [manifestName] }],
            ResourcesPerPage: 100,
            ...(token ? { PaginationToken: token } : {}),
          }),
        ),
      );
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (!mapping.ResourceARN) continue;
        track(described, window.add(this.describe({ arn: mapping.ResourceARN, tags: tagsToRecord(mapping.Tags) })));
      }
      // The tagging API ends pagination with an empty string rather than omitting the token.
      token = page.PaginationToken || undefined;
    } while (token);
    return described;
  }

  private async viaListKeys(manifestName: string): Promise<Promise<LiveKey | null>[]> {
    const { caller, kms } = this.deps;
    const described: Promise<LiveKey | null>[] = [];
    const window = new InFlight(DESCRIBE_WINDOW);
    let marker: string | undefined;
    do {
      await window.room();
      const page = await caller.call('ListKeys', undefined, () => kms.send(new ListKeysCommand({ Limit: 1000, ...(marker ? { Marker: marker } : {}) })));
      for (const entry of page.Keys ?? []) {
        const arn = entry.KeyArn ?? entry.KeyId;
        if (!arn) continue;
        track(
          described,
          window.add(this.readTags(arn).then((tags) => (tags !== null && tags[TAG.manifest] === manifestName ? this.describe({ arn, tags }) : null))),
        );
      }
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return described;
  }

  /** All tags of one key (50 per page); null when the key is gone. */
  async readTags(keyId: string): Promise<Record<string, string> | null> {
    const { caller, listTags } = this.deps;
    const tags: Record<string, string> = {};
    let marker: string | undefined;
    try {
      do {
        const page = await caller.call('ListResourceTags', keyId, () => listTags(keyId, marker));
        Object.assign(tags, tagsToRecord(page.Tags));
        marker = page.Truncated ? page.NextMarker : undefined;
      } while (marker);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
    return tags;
  }

  private async describe(candidate: Candidate): Promise<LiveKey | null> {
    const { caller, describeKey, provider, arns } = this.deps;
    try {
      const out = await caller.call('DescribeKey', candidate.arn, () => describeKey(candidate.arn));
      if (!out.KeyMetadata) return null;
      const key = toLiveKey(provider, out.KeyMetadata, candidate.tags);
      arns.set(key.keyId, key.arn);
      return key;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }
}

/** Denied, or not implemented by the endpoint: worth falling back. Throttling/5xx are not. */
function taggingApiUnusable(err: unknown): boolean {
  if (!(err instanceof ProviderError)) return false;
  if (err.code === 'provider.access-denied') return true;
  return err.code === 'provider.rejected' || err.code === 'provider.not-found';
}

/**
 * Keys listed but not yet described, at most: the next page is fetched only below it. Pages arrive
 * far faster than describes finish when nothing paces them (an emulator, lifted quotas), and without
 * a window every key of the account would be queued at once; at AWS's rates (GetResources a few per
 * second, DescribeKey 2,000 per second) it never waits.
 */
const DESCRIBE_WINDOW = 1000;

export class InFlight {
  private pending = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  add<T>(work: Promise<T>): Promise<T> {
    this.pending++;
    const done = () => {
      this.pending--;
      if (this.pending < this.limit) for (const wake of this.waiters.splice(0)) wake();
    };
    work.then(done, done);
    return work;
  }

  async room(): Promise<void> {
    while (this.pending >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }
}

/**
 * Describes run while later pages are still being fetched; if a page fetch throws first, the
 * pending describes must not surface as unhandled rejections (Promise.all still sees them).
 */
function track<T>(list: Promise<T>[], promise: Promise<T>): void {
  promise.catch(() => undefined);
  list.push(promise);
}
