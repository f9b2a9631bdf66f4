import "server-only";
// The one place that decides whether a reader may still read: every open stream holds a lease on its
// ReaderGrant here, and the lease ends — and with it the stream — when what the grant rests on goes:
// - its session's membership: this instance watches each session that has readers (one hub
//   subscription per session, shared), for deletion and the reader's leaving or removal;
// - its API key: a revocation here ends the key's leases at once, and reaches other instances on the
//   hub (lib/auth/key-revocations.ts); a stream opens only while its key stands;
// - its run share link: a revocation here ends the link's leases at once, and reaches other instances
//   on the hub channel `access:share-links` (listened to while this instance holds such a lease); its
//   expiry ends them by a timer; a stream opens only while its link stands;
// - and, whatever a lost message missed, a database re-check of every lease every PARLEY_GRANT_RECHECK_MS.
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { Envelope } from "@/lib/events/envelope";
import { SHARE_LINK_REVOCATIONS_CHANNEL, sessionChannel } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import { getHub, publishEvent, type Unsubscribe } from "@/lib/hub";
import { processGlobal } from "@/lib/process-global";
import { forgetAllKeys, forgetKey, standingKey } from "./api-keys";
import { checkGrants, fallenLinks, readingKey } from "./grant-check";
import { RevocationFeed } from "./key-revocations";
import { ReaderGrant } from "./reader-grant";

/** A stream's hold on its grant: `watch` is told (once, after the event at hand is delivered) when it ends. */
export class GrantLease {
  private ended = false;
  private released = false;
  private onEnded: (() => void) | null = null;

  constructor(
    readonly grant: ReaderGrant,
    private readonly grants: StreamGrants,
    private readonly letGoOfFeed: () => void,
  ) {}

  watch(onEnded: () => void): Unsubscribe {
    this.onEnded = onEnded;
    if (this.ended) queueMicrotask(onEnded);
    return () => this.release();
  }

  /**
   * The grant no longer holds. The stream is told in a microtask, so an event that ended it and that the
   * stream also carries (a session's own stream: the reader's removal) is sent before it ends.
   */
  end(): void {
    if (this.ended || this.released) return;
    this.ended = true;
    this.grants.drop(this);
    const onEnded = this.onEnded;
    if (onEnded) queueMicrotask(onEnded);
  }

  /** The stream closed (or never opened): the lease is let go of. Idempotent. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.grants.drop(this);
    this.letGoOfFeed();
  }
}

/** The readers of one session on this instance, and the hub subscription that watches it for them. */
interface SessionWatch {
  leases: Set<GrantLease>;
  unsubscribe: Unsubscribe;
}

const fallenShareLink = () => new AppError("not_found", "Run not found");

const revokedKey = () =>
  new AppError("unauthorized", "The API key (or the key that made this read token) is not valid or has been revoked");

export class StreamGrants {
  private readonly byKey = new Map<string, Set<GrantLease>>();
  private readonly sessions = new Map<string, SessionWatch>();
  private readonly leases = new Set<GrantLease>();
  private readonly byShareLink = new Map<string, Set<GrantLease>>();
  private readonly expiries = new Map<GrantLease, ReturnType<typeof setTimeout>>();
  private shareLinkWatch: Unsubscribe | null = null;
  private readonly feed: RevocationFeed;
  private recheckTimer: ReturnType<typeof setInterval> | null = null;
  private rechecking = false;

  constructor(private readonly recheckMs: number) {
    this.feed = new RevocationFeed(getHub, {
      lingerMs: 10_000,
      liveTimeoutMs: 2_000,
      revoked: (keyId) => this.keyRevoked(keyId),
      missed: () => {
        forgetAllKeys();
        void this.recheck();
      },
    });
  }

  /** A lease for a stream about to open under `grant` — or 401 when the key it rests on no longer stands. */
  async admit(grant: ReaderGrant): Promise<GrantLease> {
    const { keyId } = grant;
    const lease = new GrantLease(grant, this, keyId ? this.feed.hold() : () => {});
    // Watched before the key is checked: a revocation after the check ends it; one before fails the check.
    this.add(lease);
    try {
      if (keyId && !(await standingKey(keyId, await this.feed.notBefore()))) throw revokedKey();
      if (grant.shareLink && (await fallenLinks([grant.shareLink.id])).size > 0) throw fallenShareLink();
    } catch (error) {
      lease.release();
      throw error;
    }
    return lease;
  }

  /** Revokes a key's streams here and, through the hub, everywhere (its row is already marked revoked). */
  async revokeKey(keyId: string): Promise<void> {
    this.keyRevoked(keyId);
    await this.feed.announce(keyId);
  }

  /** Ends a share link's streams here and, through the hub, everywhere (its row is already marked revoked). */
  async revokeShareLink(linkId: string): Promise<void> {
    this.shareLinkEnded(linkId);
    try {
      await publishEvent(SHARE_LINK_REVOCATIONS_CHANNEL, "access.share_link_revoked", { link_id: linkId });
    } catch (error) {
      console.error(`share link revocation of ${linkId} not announced; other instances re-check within their interval`, error);
    }
  }

  private shareLinkEnded(linkId: string): void {
    for (const lease of [...(this.byShareLink.get(linkId) ?? [])]) lease.end();
  }

  private keyRevoked(keyId: string): void {
    forgetKey(keyId);
    for (const lease of [...(this.byKey.get(keyId) ?? [])]) lease.end();
  }

  private add(lease: GrantLease): void {
    const { keyId, session, shareLink } = lease.grant;
    this.leases.add(lease);
    if (keyId) setOf(this.byKey, keyId).add(lease);
    if (shareLink) this.addShared(lease, shareLink);
    if (session) (this.sessions.get(session.id) ?? this.watchSession(session.id)).leases.add(lease);
    if (!this.recheckTimer) {
      this.recheckTimer = setInterval(() => void this.recheck(), this.recheckMs);
      this.recheckTimer.unref?.();
    }
  }

  /** A share link's lease: ended at the link's expiry, or when a revocation of it is heard. */
  private addShared(lease: GrantLease, link: NonNullable<ReaderGrant["shareLink"]>): void {
    setOf(this.byShareLink, link.id).add(lease);
    const expiry = setTimeout(() => lease.end(), Math.max(0, link.expiresAt - Date.now()));
    expiry.unref?.();
    this.expiries.set(lease, expiry);
    this.shareLinkWatch ??= getHub().subscribe(SHARE_LINK_REVOCATIONS_CHANNEL, {}, (envelope) => {
      const event = asBuiltinEvent(envelope);
      if (event?.type === "access.share_link_revoked") this.shareLinkEnded(event.data.link_id);
    });
  }

  /** Forgets a lease that ended or was released. */
  drop(lease: GrantLease): void {
    if (!this.leases.delete(lease)) return;
    const { keyId, session, shareLink } = lease.grant;
    if (keyId) deleteFrom(this.byKey, keyId, lease);
    if (shareLink) {
      deleteFrom(this.byShareLink, shareLink.id, lease);
      clearTimeout(this.expiries.get(lease));
      this.expiries.delete(lease);
      if (this.byShareLink.size === 0) {
        this.shareLinkWatch?.();
        this.shareLinkWatch = null;
      }
    }
    const watch = session && this.sessions.get(session.id);
    if (watch) {
      watch.leases.delete(lease);
      if (watch.leases.size === 0) {
        watch.unsubscribe();
        this.sessions.delete(session.id);
      }
    }
    if (this.leases.size === 0 && this.recheckTimer) {
      clearInterval(this.recheckTimer);
      this.recheckTimer = null;
    }
  }

  private watchSession(sessionId: string): SessionWatch {
    const leases = new Set<GrantLease>();
    const unsubscribe = getHub().subscribe(sessionChannel(sessionId), {}, (event) => endEnded(leases, event));
    const watch = { leases, unsubscribe };
    this.sessions.set(sessionId, watch);
    return watch;
  }

  /** Ends whatever the database says no longer holds. */
  private async recheck(): Promise<void> {
    if (this.rechecking || this.leases.size === 0) return;
    this.rechecking = true;
    try {
      const sessionLeases = [...this.sessions.values()].flatMap((w) => [...w.leases]);
      const readings = sessionLeases.flatMap((l) => (l.grant.session ? [l.grant.session] : []));
      const { fallenKeys, lostReadings, fallenShareLinks } = await checkGrants([...this.byKey.keys()], readings, [
        ...this.byShareLink.keys(),
      ]);
      for (const keyId of fallenKeys) this.keyRevoked(keyId);
      for (const linkId of fallenShareLinks) this.shareLinkEnded(linkId);
      for (const lease of sessionLeases) {
        if (lease.grant.session && lostReadings.has(readingKey(lease.grant.session))) lease.end();
      }
    } catch (error) {
      console.error("stream grants: re-check failed; trying again at the next interval", error);
    } finally {
      this.rechecking = false;
    }
  }
}

function endEnded(leases: Set<GrantLease>, event: Envelope): void {
  if (!ReaderGrant.mayEnd(event.type)) return;
  for (const lease of [...leases]) if (lease.grant.endedBy(event)) lease.end();
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  const set = map.get(key) ?? new Set<V>();
  map.set(key, set);
  return set;
}

function deleteFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set?.delete(value) && set.size === 0) map.delete(key);
}

/** The process's registry (route handlers of every bundle share it, as they share the hub). */
export function streamGrants(): StreamGrants {
  return processGlobal("stream-grants", () => new StreamGrants(env.PARLEY_GRANT_RECHECK_MS));
}
