import { type ClassifiedSegment, classifySegments, mergeAdRanges } from "../hls/ads.ts";
import { PlaylistError } from "../hls/master-playlist.ts";
import { type DateRange, type MediaPlaylist, parseMediaPlaylist } from "../hls/media-playlist.ts";
import { type Clock, deadline, systemClock } from "../lib/clock.ts";
import { type Frontier, SegmentIdentity } from "./segment-identity.ts";

/**
 * Follows one playback session's live media playlist: the first load takes every segment still in the
 * window that the recording has not handled (the start of a stream is not lost), later loads only what is
 * new. Which segments are new, and their positions, is `SegmentIdentity`'s call; segments that left the
 * window before we saw them are reported as missed. A playlist that stops bringing anything new is frozen:
 * Twitch's edge can keep serving an ended broadcast's last window without ENDLIST.
 */

export type PollEnd =
  /** EXT-X-ENDLIST: the broadcast is over. */
  | { kind: "endlist" }
  /** The playlist is gone (404/410 while the channel is offline, or for good). */
  | { kind: "gone"; status: number }
  /** 401/403: the playback token expired or was refused; fetch a new one and continue. */
  | { kind: "auth"; status: number }
  /** Nothing new for `frozenAfterSeconds`: the broadcast stopped producing (its end, or a long stall). */
  | { kind: "frozen" }
  | { kind: "stopped" };

/** A listed segment with its place in the recording (`sequence` is the position) and its LIVE-SEQUENCE number. */
export type PolledSegment = ClassifiedSegment & { live: number | null };

export interface NewSegments {
  /** In broadcast order, ads included (marked), prefetch excluded; `sequence` is the recording position. */
  segments: PolledSegment[];
  /** Sequences that left the window before we could see them. */
  missed: { from: number; to: number } | null;
  playlist: MediaPlaylist;
}

export interface PollerOptions {
  /** The current media playlist URL (it changes when the token is refreshed). */
  url: () => string;
  onSegments: (batch: NewSegments) => Promise<void> | void;
  /** True once the channel is known to be offline: a 404/403 then ends the recording at once. */
  channelOffline?: () => boolean;
  /** The last segment the recording handled (null for a new recording), so nothing is fetched twice. */
  frontier: Frontier | null;
  /** usher's BROADCAST-ID of this session, when it named one. */
  broadcastId?: string | null;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Consecutive 404s (while the channel still seems live) before the playlist counts as gone. */
  goneAfter?: number;
  /** Transient failures in a row before giving up. */
  maxFailures?: number;
  onError?: (message: string) => void;
  /** Each reload that answered with a playlist: how long after it was due (ms), for the metrics. */
  onReload?: (lagMs: number) => void;
  /** Neither dates nor LIVE-SEQUENCE could place a new session's window (it is taken whole). */
  onGuess?: () => void;
  /** The real clock unless a test moves time by hand. */
  clock?: Clock;
}

/**
 * How long a playlist may bring nothing new before it counts as frozen: a few target durations once the
 * channel is known to be offline, half a minute otherwise (a broadcaster's connection can stall a while).
 */
export function frozenAfterSeconds(targetDuration: number, channelOffline: boolean): number {
  return channelOffline ? Math.max(2 * targetDuration, 4) : Math.max(5 * targetDuration, 30);
}

export class PlaylistPoller {
  private readonly identity: SegmentIdentity;
  private adRanges: DateRange[] = [];
  /** The last playlist parsed, with the text it came from. */
  private lastParsed: { text: string; url: string; playlist: MediaPlaylist } | null = null;
  private readonly clock: Clock;
  /** When a load last brought something new (epoch ms): a playlist that stops moving is frozen. */
  private freshAt: number;

  constructor(private readonly options: PollerOptions) {
    this.identity = new SegmentIdentity(options.frontier, options.broadcastId ?? null);
    this.clock = options.clock ?? systemClock;
    this.freshAt = this.clock.now();
  }

  /** The last segment handed over. */
  get frontier(): Frontier | null {
    return this.identity.frontier;
  }

  /** When a load last brought something new, epoch ms. */
  get lastFreshAt(): number {
    return this.freshAt;
  }

  /**
   * One load: whether the playlist lists anything the recording has not handled. After a broadcast's end
   * this tells a comeback (new segments) from the ended window served again, frozen or cached.
   */
  async hasNew(): Promise<boolean> {
    const playlist = await this.loadOnce();
    return playlist !== null && this.identity.peek(playlist);
  }

  /** One load of the playlist, or null when it does not answer with one now. */
  async loadOnce(): Promise<MediaPlaylist | null> {
    const result = await this.load();
    return result.kind === "playlist" ? result.playlist : null;
  }

  async run(): Promise<PollEnd> {
    let failures = 0;
    let notFound = 0;
    let interval = 1;
    /** Segments per real second, as observed: what sets the reload pace (EXTINF alone would lag a warped clock). */
    let rate: number | null = null;
    let lastLoadAt: number | null = null;
    /** When this reload was due (monotonic ms): its lag is the timer's lateness plus the request. */
    let dueAt = this.clock.monotonic();
    for (;;) {
      if (this.options.signal?.aborted) return { kind: "stopped" };
      const started = this.clock.monotonic();
      const result = await this.load();
      if (result.kind === "playlist") {
        this.options.onReload?.(this.clock.monotonic() - dueAt);
        failures = 0;
        notFound = 0;
        const fresh = await this.take(result.playlist);
        if (result.playlist.endList) return { kind: "endlist" };
        const offline = this.options.channelOffline?.() ?? false;
        const frozenMs = frozenAfterSeconds(result.playlist.targetDuration, offline) * 1000;
        if (fresh.count === 0 && this.clock.now() - this.freshAt > frozenMs) return { kind: "frozen" };
        if (lastLoadAt !== null && fresh.count > 0) {
          const observed = fresh.count / Math.max((started - lastLoadAt) / 1000, 0.001);
          rate = rate === null ? observed : rate * 0.7 + observed * 0.3;
        }
        lastLoadAt = started;
        // About one new segment per reload; sooner while nothing new came, or after falling behind.
        const segment = result.playlist.segments.at(-1)?.duration ?? result.playlist.targetDuration;
        const base = Math.min(Math.max(rate ? 1 / rate : segment, 0.05), result.playlist.targetDuration);
        interval = fresh.count === 0 || fresh.missed ? Math.max(0.05, Math.min(interval, base) / 2) : base;
      } else if (result.kind === "status") {
        const offline = this.options.channelOffline?.() ?? false;
        if (result.status === 401 || result.status === 403) {
          return offline ? { kind: "gone", status: result.status } : { kind: "auth", status: result.status };
        }
        if (result.status === 404 || result.status === 410) {
          if (offline || ++notFound >= (this.options.goneAfter ?? 3))
            return { kind: "gone", status: result.status };
        } else if (++failures > (this.options.maxFailures ?? 8)) {
          throw new PlaylistError(`media playlist kept failing (HTTP ${result.status})`);
        }
        this.options.onError?.(`media playlist answered ${result.status}`);
      } else {
        if (++failures > (this.options.maxFailures ?? 8))
          throw new PlaylistError(`media playlist kept failing: ${result.message}`);
        this.options.onError?.(result.message);
      }
      const waitMs = Math.max(0, interval * 1000 - (this.clock.monotonic() - started));
      const backoff = Math.min(5000, 250 * 2 ** Math.min(failures + notFound, 4));
      const sleepMs = result.kind === "playlist" ? waitMs : backoff;
      dueAt = this.clock.monotonic() + sleepMs;
      await this.clock.sleep(sleepMs, this.options.signal);
    }
  }

  private async load(): Promise<
    | { kind: "playlist"; playlist: MediaPlaylist }
    | { kind: "status"; status: number }
    | { kind: "error"; message: string }
  > {
    const url = this.options.url();
    const timeout = deadline(this.clock, 10_000);
    try {
      const res = await (this.options.fetch ?? fetch)(url, { signal: timeout.signal });
      if (res.status !== 200) {
        await res.body?.cancel();
        return { kind: "status", status: res.status };
      }
      return { kind: "playlist", playlist: this.parse(await res.text(), url) };
    } catch (err) {
      if (err instanceof PlaylistError) throw err;
      return { kind: "error", message: `media playlist: ${(err as Error).message}` };
    } finally {
      timeout.clear();
    }
  }

  /**
   * Reloads often return the playlist unchanged (we ask about twice per segment): the same text parses to
   * the same playlist, so only a changed one is parsed again. Parsing was a large share of the recorder's CPU.
   */
  private parse(text: string, url: string): MediaPlaylist {
    if (this.lastParsed && this.lastParsed.text === text && this.lastParsed.url === url) {
      return this.lastParsed.playlist;
    }
    const playlist = parseMediaPlaylist(text, url);
    this.lastParsed = { text, url, playlist };
    return playlist;
  }

  /** Hands over what is new in this load: how many segments, and whether some were missed. */
  private async take(playlist: MediaPlaylist): Promise<{ count: number; missed: boolean }> {
    // Keep ad ranges while segments they cover can still be listed; the playlist's own dates say when.
    const oldest = playlist.segments[0]?.programDateTime ?? null;
    this.adRanges = mergeAdRanges(this.adRanges, playlist.dateRanges).filter(
      (r) => oldest === null || r.startDate + (r.duration ?? 600) * 1000 >= oldest - 60_000,
    );
    const listed = classifySegments(playlist, this.adRanges).filter((s) => !s.prefetch);
    const placement = this.identity.take({ ...playlist, segments: listed });
    if (placement.guessed) this.options.onGuess?.();
    if (placement.fresh.length === 0) return { count: 0, missed: false };
    this.freshAt = this.clock.now();
    const segments = placement.fresh.map((p) => ({ ...p.segment, sequence: p.position, live: p.live }));
    await this.options.onSegments({ segments, missed: placement.missed, playlist });
    return { count: segments.length, missed: placement.missed !== null };
  }
}
