import "server-only";
// How a key's revocation reaches every instance. The instance that revokes applies it at once; with the
// Upstash hub, other instances hear it on the hub channel `access:keys` — but only while they hold
// something it must undo (an open stream of a key): then they listen, and for a while after. On the
// memory hub there is one instance, and nothing travels. A lost message is caught by the periodic
// re-check (lib/auth/grant-check.ts); a dropped subscription refills its gap from the stream.
import type { Envelope } from "@/lib/events/envelope";
import { KEY_REVOCATIONS_CHANNEL } from "@/lib/events/envelope";
import { asBuiltinEvent } from "@/lib/events/schemas";
import { type Hub, publishEvent, type Unsubscribe } from "@/lib/hub";

export interface RevocationFeedOptions {
  /** Keeps listening this long after the last holder lets go (reconnects do not resubscribe). */
  lingerMs: number;
  /** How long `notBefore` waits for the subscription before it gives up on it (every answer is then re-read). */
  liveTimeoutMs: number;
  /** A key was revoked. */
  revoked(keyId: string): void;
  /** Revocations may have been missed (the channel's history was trimmed while reconnecting). */
  missed(): void;
}

export class RevocationFeed {
  private holders = 0;
  private unsubscribe: Unsubscribe | null = null;
  /** When the subscription went live: revocations since then are heard. Null while it is not live. */
  private liveSince: number | null = null;
  private readonly liveWaiters = new Set<(since: number) => void>();
  private lingerTimer: ReturnType<typeof setTimeout> | null = null;
  private shared: boolean | null = null;

  constructor(
    private readonly hub: () => Hub,
    private readonly options: RevocationFeedOptions,
  ) {}

  /** Whether revocations must travel: only between instances, which only the Upstash hub connects. */
  private get travels(): boolean {
    this.shared ??= this.hub().stats().kind !== "memory";
    return this.shared;
  }

  /** Listens while held; the returned function lets go (once). */
  hold(): () => void {
    if (!this.travels) return () => {};
    this.holders++;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    if (!this.unsubscribe) this.listen();
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--this.holders > 0) return;
      this.lingerTimer = setTimeout(() => this.stop(), this.options.lingerMs);
      this.lingerTimer.unref?.();
    };
  }

  /**
   * Since when this instance hears every revocation: an answer about a key looked up before then may
   * predate one it did not hear. On the memory hub, always. Call it while holding the feed.
   */
  async notBefore(): Promise<number> {
    if (!this.travels) return Number.NEGATIVE_INFINITY;
    if (this.liveSince !== null) return this.liveSince;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.liveWaiters.delete(settle);
        // Not listening yet: trust nothing looked up before now.
        resolve(Date.now());
      }, this.options.liveTimeoutMs);
      const settle = (since: number) => {
        clearTimeout(timer);
        resolve(since);
      };
      this.liveWaiters.add(settle);
    });
  }

  /** Tells the other instances (best effort: the re-check is the fallback). */
  async announce(keyId: string): Promise<void> {
    if (!this.travels) return;
    try {
      await publishEvent(KEY_REVOCATIONS_CHANNEL, "access.key_revoked", { key_id: keyId });
    } catch (error) {
      console.error(`key revocation of ${keyId} not announced; other instances re-check within their interval`, error);
    }
  }

  private listen(): void {
    const onLive = () => {
      this.liveSince = Date.now();
      for (const settle of [...this.liveWaiters]) settle(this.liveSince);
      this.liveWaiters.clear();
    };
    this.unsubscribe = this.hub().subscribe(KEY_REVOCATIONS_CHANNEL, { onLive }, (event) => this.heard(event));
  }

  private heard(envelope: Envelope): void {
    if (envelope.type === "stream.reset") {
      this.liveSince = Date.now();
      this.options.missed();
      return;
    }
    const event = asBuiltinEvent(envelope);
    if (event?.type === "access.key_revoked") this.options.revoked(event.data.key_id);
  }

  private stop(): void {
    this.lingerTimer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.liveSince = null;
  }
}
