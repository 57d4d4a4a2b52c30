import { type ClassifiedSegment, classifySegments, mergeAdRanges } from "../hls/ads.ts";
import { PlaylistError } from "../hls/master-playlist.ts";
import { type DateRange, type MediaPlaylist, parseMediaPlaylist } from "../hls/media-playlist.ts";
import { sleep } from "../lib/sleep.ts";

/**
 * Follows a live media playlist: the first load takes every segment still in the window (the start of the
 * stream is not lost), later loads only what is new. Segments are identified by their place in the
 * broadcast (EXT-X-TWITCH-LIVE-SEQUENCE when Twitch sends it, since MEDIA-SEQUENCE restarts with each
 * playback session), so a token refresh neither repeats nor skips anything. Segments that left the window
 * before we saw them are reported as a gap.
 */

export type PollEnd =
  /** EXT-X-ENDLIST: the broadcast is over. */
  | { kind: "endlist" }
  /** The playlist is gone (404/410 while the channel is offline, or for good). */
  | { kind: "gone"; status: number }
  /** 401/403: the playback token expired or was refused; fetch a new one and continue. */
  | { kind: "auth"; status: number }
  | { kind: "stopped" };

export interface NewSegments {
  /** In broadcast order, ads included (marked), prefetch excluded. */
  segments: ClassifiedSegment[];
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
  /** The last sequence already handled (when resuming), so nothing is fetched twice. */
  after?: number | null;
  /** The program date-time (ms) of that segment: a second guard when positions change meaning. */
  afterDate?: number | null;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Consecutive 404s (while the channel still seems live) before the playlist counts as gone. */
  goneAfter?: number;
  /** Transient failures in a row before giving up. */
  maxFailures?: number;
  onError?: (message: string) => void;
}

export class PlaylistPoller {
  private last: number | null;
  private adRanges: DateRange[] = [];
  /** Maps this playback session's MEDIA-SEQUENCE to broadcast positions when Twitch gives no LIVE-SEQUENCE. */
  private anchor: { mediaSequence: number; position: number; date: number | null } | null = null;
  /** The last playlist parsed, with the text it came from. */
  private lastParsed: { text: string; url: string; playlist: MediaPlaylist } | null = null;

  constructor(private readonly options: PollerOptions) {
    this.last = options.after ?? null;
  }

  /** The last segment handed over (its broadcast position). */
  get lastSequence(): number | null {
    return this.last;
  }

  async run(): Promise<PollEnd> {
    let failures = 0;
    let notFound = 0;
    let interval = 1;
    /** Segments per real second, as observed: what sets the reload pace (EXTINF alone would lag a warped clock). */
    let rate: number | null = null;
    let lastLoadAt: number | null = null;
    for (;;) {
      if (this.options.signal?.aborted) return { kind: "stopped" };
      const started = performance.now();
      const result = await this.load();
      if (result.kind === "playlist") {
        failures = 0;
        notFound = 0;
        const fresh = await this.take(result.playlist);
        if (result.playlist.endList) return { kind: "endlist" };
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
      const waitMs = Math.max(0, interval * 1000 - (performance.now() - started));
      const backoff = Math.min(5000, 250 * 2 ** Math.min(failures + notFound, 4));
      await sleep(result.kind === "playlist" ? waitMs : backoff, this.options.signal);
    }
  }

  private async load(): Promise<
    | { kind: "playlist"; playlist: MediaPlaylist }
    | { kind: "status"; status: number }
    | { kind: "error"; message: string }
  > {
    const url = this.options.url();
    try {
      const res = await (this.options.fetch ?? fetch)(url, { signal: AbortSignal.timeout(10_000) });
      if (res.status !== 200) {
        await res.body?.cancel();
        return { kind: "status", status: res.status };
      }
      return { kind: "playlist", playlist: this.parse(await res.text(), url) };
    } catch (err) {
      if (err instanceof PlaylistError) throw err;
      return { kind: "error", message: `media playlist: ${(err as Error).message}` };
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
    const classified = classifySegments(playlist, this.adRanges)
      .filter((s) => !s.prefetch)
      .map((s) => ({ ...s, sequence: this.position(playlist, s) }));
    const fresh =
      this.last === null ? classified : classified.filter((s) => s.sequence > (this.last as number));
    if (fresh.length === 0) return { count: 0, missed: false };
    const first = fresh[0] as ClassifiedSegment;
    const missed =
      this.last !== null && first.sequence > this.last + 1
        ? { from: this.last + 1, to: first.sequence - 1 }
        : null;
    await this.options.onSegments({ segments: fresh, missed, playlist });
    this.last = (fresh.at(-1) as ClassifiedSegment).sequence;
    return { count: fresh.length, missed: missed !== null };
  }

  /** A segment's place in the broadcast, stable across playback sessions. */
  private position(playlist: MediaPlaylist, segment: ClassifiedSegment): number {
    const index = segment.sequence - playlist.mediaSequence;
    if (playlist.liveSequence !== null) return playlist.liveSequence + index;
    // Without LIVE-SEQUENCE, notice a MEDIA-SEQUENCE restart by its dates and re-anchor on them.
    const first = playlist.segments[0];
    if (
      this.anchor &&
      first &&
      first.programDateTime !== null &&
      this.anchor.date !== null &&
      playlist.mediaSequence < this.anchor.mediaSequence
    ) {
      const elapsed = Math.round(
        (first.programDateTime - this.anchor.date) / 1000 / Math.max(first.duration, 0.25),
      );
      this.anchor = {
        mediaSequence: playlist.mediaSequence,
        position: this.anchor.position + elapsed,
        date: first.programDateTime,
      };
    }
    if (!this.anchor || playlist.mediaSequence < this.anchor.mediaSequence) {
      this.anchor = {
        mediaSequence: playlist.mediaSequence,
        position: playlist.mediaSequence,
        date: first?.programDateTime ?? null,
      };
    }
    return this.anchor.position + (segment.sequence - this.anchor.mediaSequence);
  }
}
