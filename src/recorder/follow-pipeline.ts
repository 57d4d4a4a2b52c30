import { type Clock, systemClock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import { notWholePackets } from "../media/mpegts.ts";
import { OrderedFetches } from "./ordered-fetches.ts";
import type { PlaybackSession } from "./playback-session.ts";
import { type NewSegments, PlaylistPoller, type PolledSegment } from "./playlist-poller.ts";
import { noRecorderMetrics, type RecorderMetrics } from "./recorder-metrics.ts";
import { fetchSegment, SegmentFetchError } from "./segment-fetcher.ts";
import type { Frontier } from "./segment-identity.ts";
import type { RecorderSettings } from "./settings.ts";

/** Why following the playlist stopped. */
export type FollowEnd =
  /** The broadcast ended (ENDLIST, the playlist gone once offline, or frozen). */
  | "ended"
  /** A new playback session is needed: token expired, or the rendition's playlist went away. */
  | "refresh"
  /** This part is full (size/length limit) or the codecs changed: the rest goes in a new part. */
  | "split"
  | "stalled"
  /** Writing must stop for now (the disk is under its floor): the part stays open, to continue later. */
  | "paused"
  /** Writing failed (see `fault`): a full disk pauses the recording, anything else ends it. */
  | "fault"
  | "stopped";

export interface FollowOptions {
  session: PlaybackSession;
  /** Aborted to stop (shutdown or cancel). */
  signal: AbortSignal;
  /** Live detection says the channel is offline. */
  offline: () => boolean;
  /** Aborted when writing must pause (the disk went under its floor). */
  pause?: AbortSignal;
}

/** What the pipeline hands over, in broadcast order: a content segment, an ad, or a stretch Twitch dropped. */
export type Item =
  | { kind: "content"; segment: PolledSegment }
  | { kind: "ad"; segment: PolledSegment }
  | { kind: "missed"; from: number; to: number };

export interface PipelineOptions extends FollowOptions {
  frontier: Frontier | null;
  settings: RecorderSettings;
  fetch?: typeof fetch;
  log: Pick<Logger, "debug" | "warn">;
  /** The real clock unless a test moves time by hand. */
  clock?: Clock;
  /** Fetch and reload timings for GET /metrics; none by default. */
  metrics?: RecorderMetrics;
  /** Each load's new segments, before they are queued (the part learns the format and segment length). */
  onBatch: (batch: NewSegments) => void;
  /** Takes one item (its fetched bytes for content); returns a reason to stop, or null to go on. */
  apply: (item: Item, result: PromiseSettledResult<Uint8Array | null>) => Promise<FollowEnd | null>;
}

/**
 * One playback session's pass: the playlist poller finds what is new, a bounded pool fetches content
 * segments (results handed over strictly in order), and `apply` takes each item. Writing runs beside
 * polling; a failure there (a full disk, a broken file) ends the pass as a "fault", never the process. A
 * stall watchdog, a pause signal and the caller's stop signal end it too.
 */
export async function followPlaylist(
  options: PipelineOptions,
): Promise<{ end: FollowEnd; fault: Error | null }> {
  const { session, signal, offline, pause, settings, log } = options;
  const clock = options.clock ?? systemClock;
  const metrics = options.metrics ?? noRecorderMetrics;
  const local = new AbortController();
  const stopAll = () => local.abort();
  signal.addEventListener("abort", stopAll, { once: true });
  let verdict: FollowEnd | null = null;
  let fault: Error | null = null;
  /** A decision (not the playlist's end) stops the writer at once; after an end it drains the queue. */
  let decided = false;
  const fetches = new OrderedFetches<Item, Uint8Array | null>(settings.segmentConcurrency, (item) =>
    item.kind === "content"
      ? timed(clock, metrics, () =>
          fetchSegment(item.segment.uri, {
            budgets: settings.budgets,
            stallMs: settings.segmentTimeoutSeconds * 1000,
            headersTimeoutMs: settings.segmentTimeoutSeconds * 1000,
            signal: local.signal,
            fetch: options.fetch,
            clock,
            // fMP4 segments are checked by their boxes when written; TS bodies must be whole packets.
            incomplete: item.segment.map ? undefined : notWholePackets,
          }),
        )
      : Promise.resolve(null),
  );
  const decide = (end: FollowEnd) => {
    verdict ??= end;
    decided = true;
    local.abort();
    // Wakes a poller waiting for room in the queue: nothing more will be taken from it.
    fetches.clear();
  };
  const onPause = () => decide("paused");
  if (pause?.aborted) decide("paused");
  pause?.addEventListener("abort", onPause, { once: true });
  const poller = new PlaylistPoller({
    url: () => session.playlistUrl,
    frontier: options.frontier,
    broadcastId: session.broadcastId,
    channelOffline: offline,
    signal: local.signal,
    fetch: options.fetch,
    clock,
    onError: (message) => log.debug({ message }, "playlist retry"),
    onReload: (lagMs) => metrics.playlistReloaded(lagMs),
    onGuess: () =>
      log.warn("the new playback session gives no dates or LIVE-SEQUENCE: its window is taken whole"),
    onSegments: async (batch: NewSegments) => {
      options.onBatch(batch);
      if (batch.missed) await fetches.push({ kind: "missed", ...batch.missed });
      for (const segment of batch.segments) {
        if (local.signal.aborted) return;
        await fetches.push({ kind: segment.ad ? "ad" : "content", segment });
      }
    },
  });

  let lastItemAt = clock.now();
  const stopWatchdog = clock.every(1000, () => {
    if (decided || clock.now() - lastItemAt <= settings.stallSeconds * 1000) return;
    decide("stalled");
  });

  const writing = (async () => {
    while (!decided) {
      const next = await fetches.take();
      if (!next || decided) return;
      lastItemAt = clock.now();
      const end = await options.apply(next.item, next.result);
      if (end) return decide(end);
    }
  })().catch((err: Error) => {
    fault = err;
    decide("fault");
  });

  try {
    const end = await poller.run().catch((err: Error) => {
      log.warn({ err: err.message }, "media playlist failed; starting a new playback session");
      return { kind: "auth" as const, status: 0 };
    });
    fetches.close();
    if (end.kind === "endlist" || end.kind === "frozen") verdict ??= "ended";
    else if (end.kind === "gone") verdict ??= offline() ? "ended" : "refresh";
    else if (end.kind === "auth") verdict ??= "refresh";
    // Hand over everything the playlist already gave, unless a decision (or a stop) came first.
    await writing;
  } finally {
    stopWatchdog();
    signal.removeEventListener("abort", stopAll);
    pause?.removeEventListener("abort", onPause);
    fetches.clear();
  }
  return { end: signal.aborted ? "stopped" : (verdict ?? "stopped"), fault };
}

/** A segment's fetch, retries included, timed for the metrics. */
async function timed(
  clock: Clock,
  metrics: RecorderMetrics,
  fetching: () => Promise<Uint8Array>,
): Promise<Uint8Array> {
  const started = clock.monotonic();
  try {
    const bytes = await fetching();
    metrics.segmentFetched(clock.monotonic() - started, "ok");
    return bytes;
  } catch (err) {
    metrics.segmentFetched(
      clock.monotonic() - started,
      err instanceof SegmentFetchError ? err.kind : "exhausted",
    );
    throw err;
  }
}
