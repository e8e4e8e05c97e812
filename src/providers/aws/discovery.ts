import { ListKeysCommand, type KMSClient } from '@aws-sdk/client-kms';
import { GetResourcesCommand, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { TAG, type LiveKey } from '../../core/types.js';
import { ProviderError, type ListHint } from '../port.js';
import type { AwsCaller } from './caller.js';
import { isNotFound } from './errors.js';
import { keyIdOf } from './arn.js';
import { tagsToRecord, toLiveKey } from './key-metadata.js';
import type { DescribeKeyFn, TagPage } from './lean-reads.js';

/**
 * Discovery of the keys one manifest owns. Two sources, each complete on its own:
 *
 * - Tagging: the Resource Groups Tagging API's `GetResources` (resource type `kms:key`, tag
 *   `byok:manifest=<name>`) returns ARNs and all their tags, 100 keys per page, one page after
 *   another. AWS publishes no rate for it (the catalog assumes 5 per second), and it is eventually
 *   consistent: a key created or re-tagged moments ago can be missing or show old tags for a while.
 * - Listing: `ListKeys` (1,000 keys per page, 500 per second) gives every key of the account, and one
 *   `ListResourceTags` per key (2,000 per second) says whose it is. Exact, but it reads foreign keys
 *   too.
 *
 * Either way, exactly one `DescribeKey` per managed key follows (state, ValidTo, ExpirationModel,
 * CreationDate, KeySpec; KMS has no batch describe), as soon as the key is known, so listing and
 * describing overlap. Keys deleted in between answer NotFound and are skipped.
 *
 * Modes (`discovery:` on the provider):
 * - `tagging-api`: tagging only.
 * - `list-keys`: listing only (the default with an `endpoint`: emulators often serve the tagging
 *   API partially, and an empty answer would look like "no keys").
 * - `auto` (the default against AWS): the tagging pages, the cheaper way in requests. When the pages
 *   the manifest's expected keys need would wait for the limiter (more than its burst holds), the
 *   account listing starts beside them; tagging pages that end first end the listing (a small
 *   manifest in a large account). When the listing has every key ID first, the remaining work of
 *   each way is compared at the limiter's rates (the `quotas:` the provider runs at): the tagging pages still to come for
 *   the manifest's expected keys against one ListResourceTags per account key not yet seen. If
 *   listing is sooner (10,000 keys: some 5 s at ListResourceTags' published rate against about 20 s
 *   of tagging pages at the assumed rate), the tagging pages stop and the listing reads the tags of
 *   the keys the tagging pages have not brought yet. Every key is handled by the first way that
 *   reaches it, once. A key whose tags the caller may not read (its key policy) does not fail the
 *   listing: the tagging pages, which need no key policy, cover it. A tagging API that is denied or
 *   not served leaves the listing to do all of it (and is not asked again by this provider); a
 *   listing that fails leaves the tagging pages.
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

const TAGGING_PAGE = 100;

export class KeyDiscovery {
  /** Set once the tagging API proved unusable, so the fallback is chosen without another failure. */
  private taggingUnavailable = false;

  constructor(private readonly deps: DiscoveryDeps) {}

  async listManagedKeys(manifestName: string, hint: ListHint = {}): Promise<LiveKey[]> {
    const found = new Found();
    if (this.deps.mode === 'tagging-api') await this.pageTagging(manifestName, found, () => false);
    else if (this.deps.mode === 'list-keys' || this.taggingUnavailable) await this.readTagsOf(await this.listAccount(() => false), manifestName, found);
    else await this.either(manifestName, hint.expectedKeys ?? 0, found);
    const keys = await Promise.all(found.described);
    return keys.filter((k): k is LiveKey => k !== null).sort((a, b) => a.keyId.localeCompare(b.keyId));
  }

  /** `auto`: tagging pages and the account listing at once; see the comment at the top. */
  private async either(manifestName: string, expected: number, found: Found): Promise<void> {
    // Only when the tagging pages would wait for the limiter can the listing be sooner: a manifest
    // whose pages fit in the burst (or an unpaced tagging API) is never raced.
    const race = this.deps.caller.etaMs('GetResources', Math.ceil(expected / TAGGING_PAGE)) > 0;
    let listingWins = false;
    let taggingDone = false;
    const pager: Pager = { token: undefined, ended: false };
    const tagging = this.pageTagging(manifestName, found, () => listingWins, pager).then(
      () => {
        taggingDone = true;
        return { ok: true as const };
      },
      (err: unknown) => ({ ok: false as const, err }),
    );
    let account: string[] | null = null;
    if (race) {
      try {
        account = await this.listAccount(() => taggingDone);
      } catch {
        // kms:ListKeys denied, say: the tagging pages alone are complete.
        account = null;
      }
    }
    if (account !== null && !taggingDone && this.listingIsSooner(account, expected, found)) {
      listingWins = true;
      // Reading a key's tags needs its own key policy to allow kms:ListResourceTags; a foreign key
      // in a shared account may not. The tagging pages need no key policy. So a denied key that a
      // tagging page already brought (and set aside, the listing having claimed it) is described
      // from that page, and one not seen yet is released, and the tagging pages go on from where
      // they stopped to find it if it is the manifest's.
      let unseen = 0;
      const onDenied = (arn: string) => {
        const brought = found.broughtAside(arn);
        if (brought) return found.add(this.describe(brought));
        found.release(arn);
        unseen++;
      };
      await this.readTagsOf(account, manifestName, found, onDenied);
      // A page already on its way is still taken in (its keys are claimed once); its failure
      // matters only if keys are left for the pages to come. Then every tag read has answered.
      const stopped = await tagging;
      await Promise.allSettled(found.described.slice());
      if (unseen > 0) {
        if (!stopped.ok) throw stopped.err;
        await this.pageTagging(manifestName, found, () => false, pager);
      }
      return;
    }
    const outcome = await tagging;
    if (outcome.ok) return;
    // Denied or not served: not asked again by this provider. Anything else (throttled past the
    // retries, say) is this run's trouble: the listing does the work if it could list the account.
    const unusable = taggingApiUnusable(outcome.err);
    if (unusable) this.taggingUnavailable = true;
    else if (account === null) throw outcome.err;
    await this.readTagsOf(account ?? (await this.listAccount(() => false)), manifestName, found);
  }

  /**
   * Whether reading the tags of the account's unseen keys ends sooner than the tagging pages still
   * to come for the manifest's expected keys, at the limiter's rates. Ties go to the tagging pages
   * (fewer requests).
   */
  private listingIsSooner(account: string[], expected: number, found: Found): boolean {
    const pagesLeft = Math.ceil(Math.max(0, expected - found.claimed.size) / TAGGING_PAGE);
    if (pagesLeft === 0) return false;
    let unseen = 0;
    for (const arn of account) if (!found.claimed.has(keyIdOf(arn))) unseen++;
    const { caller } = this.deps;
    return caller.etaMs('ListResourceTags', unseen) < caller.etaMs('GetResources', pagesLeft);
  }

  /**
   * Tagging pages until the last, or until `stop()`; each key described as its page arrives. From
   * where `pager` stopped when given one (and it records where that is).
   */
  private async pageTagging(manifestName: string, found: Found, stop: () => boolean, pager: Pager = { token: undefined, ended: false }): Promise<void> {
    const { caller, tagging } = this.deps;
    if (pager.ended) return;
    let token = pager.token;
    do {
      await found.window.room();
      // Waits for its rate token without taking it, so a page the listing made needless is not sent.
      await caller.untilFree('GetResources');
      if (stop()) return;
      const page = await caller.call('GetResources', manifestName, () =>
        tagging.send(
          new GetResourcesCommand({
            ResourceTypeFilters: ['kms:key'],
            TagFilters: [{ Key: TAG.manifest, Values: [manifestName] }],
            ResourcesPerPage: TAGGING_PAGE,
            ...(token ? { PaginationToken: token } : {}),
          }),
        ),
      );
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (!mapping.ResourceARN) continue;
        const candidate = { arn: mapping.ResourceARN, tags: tagsToRecord(mapping.Tags) };
        if (found.claim(candidate.arn)) found.add(this.describe(candidate));
        else found.setAside(candidate);
      }
      // The tagging API ends pagination with an empty string rather than omitting the token.
      token = page.PaginationToken || undefined;
      pager.token = token;
      pager.ended = token === undefined;
    } while (token && !stop());
  }

  /** Every key ARN of the account (key IDs where a page has no ARN); null once `stop()` says so. */
  private async listAccount(stop: () => boolean): Promise<string[] | null> {
    const { caller, kms } = this.deps;
    const arns: string[] = [];
    let marker: string | undefined;
    do {
      if (stop()) return null;
      const page = await caller.call('ListKeys', undefined, () => kms.send(new ListKeysCommand({ Limit: 1000, ...(marker ? { Marker: marker } : {}) })));
      for (const entry of page.Keys ?? []) {
        const arn = entry.KeyArn ?? entry.KeyId;
        if (arn) arns.push(arn);
      }
      marker = page.Truncated ? page.NextMarker : undefined;
    } while (marker);
    return arns;
  }

  /**
   * One ListResourceTags per account key not claimed yet; the manifest's keys are described. With
   * `onDenied`, a key whose tags this caller may not read is handed to it instead of failing the
   * discovery.
   */
  private async readTagsOf(account: string[] | null, manifestName: string, found: Found, onDenied?: (arn: string) => void): Promise<void> {
    for (const arn of account ?? []) {
      if (!found.claim(arn)) continue;
      await found.window.room();
      const tags = this.readTags(arn).catch((err: unknown) => {
        if (!onDenied || !(err instanceof ProviderError) || err.code !== 'provider.access-denied') throw err;
        onDenied(arn);
        return null;
      });
      found.add(tags.then((t) => (t !== null && t[TAG.manifest] === manifestName ? this.describe({ arn, tags: t }) : null)));
    }
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

/** Denied, or not implemented by the endpoint: not worth asking again. Throttling/5xx are. */
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

/** Where a run of tagging pages stopped: the next page's token, or that there is none. */
interface Pager {
  token: string | undefined;
  ended: boolean;
}

/**
 * The keys one discovery has reached: each claimed once by whichever way reaches it first, its
 * describe (or tags, then describe) in the window. Describes run while later pages are still being
 * fetched; if a page fetch throws first, the pending describes must not surface as unhandled
 * rejections (Promise.all still sees them).
 */
class Found {
  readonly claimed = new Set<string>();
  readonly described: Promise<LiveKey | null>[] = [];
  readonly window = new InFlight(DESCRIBE_WINDOW);
  /** Keys a tagging page brought after the listing had claimed them (their tags, should the listing fail to read them). */
  private readonly aside = new Map<string, Candidate>();

  /** True the first time a key (ARN or key ID) is reached. */
  claim(arnOrId: string): boolean {
    const id = keyIdOf(arnOrId);
    if (this.claimed.has(id)) return false;
    this.claimed.add(id);
    return true;
  }

  /** Lets a key be reached again (its tags could not be read). */
  release(arnOrId: string): void {
    this.claimed.delete(keyIdOf(arnOrId));
  }

  setAside(candidate: Candidate): void {
    this.aside.set(keyIdOf(candidate.arn), candidate);
  }

  broughtAside(arnOrId: string): Candidate | undefined {
    return this.aside.get(keyIdOf(arnOrId));
  }

  add(work: Promise<LiveKey | null>): void {
    work.catch(() => undefined);
    this.described.push(this.window.add(work));
  }
}
