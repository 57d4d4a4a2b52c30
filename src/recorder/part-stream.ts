import { type Clock, systemClock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import { type FollowEnd, type FollowOptions, followPlaylist, type Item } from "./follow-pipeline.ts";
import { GapPolicyError, lostSegments, strictBreach } from "./gap-policy.ts";
import type { RecordingJournal } from "./journal.ts";
import { InitChangedError, PartWriter } from "./part-writer.ts";
import type { PolledSegment } from "./playlist-poller.ts";
import type { RecorderMetrics } from "./recorder-metrics.ts";
import {
  addSpan,
  frontierOf,
  type Gap,
  type PartState,
  type ResumeState,
  recordedSeconds,
} from "./resume-state.ts";
import { type FedEntry, type Scratch, withFedFrontier } from "./scratch.ts";
import { fetchSegment, SegmentFetchError } from "./segment-fetcher.ts";

export type { FollowEnd, FollowOptions } from "./follow-pipeline.ts";

import { SegmentMediaError } from "./segment-times.ts";
import type { RecorderSettings } from "./settings.ts";

/** What a part needs of the recording's dependencies (a recording's own deps fit). */
export interface PartStreamDeps {
  settings: RecorderSettings;
  log: Pick<Logger, "debug" | "warn">;
  journal: Pick<RecordingJournal, "checkpoint" | "placed">;
  fetch?: typeof fetch;
  /** The real clock unless a test stands in a fake one. */
  clock?: Clock;
  /** Fetch and reload timings for GET /metrics. */
  metrics?: RecorderMetrics;
}

export interface PartSource {
  part: PartState;
  state: ResumeState;
  scratch: Scratch;
  deps: PartStreamDeps;
  onProgress: (stream: PartStream) => void;
}

/**
 * One part being recorded: follows the media playlist, fetches content segments (a bounded pool, results
 * in order), skips ads, and feeds the part writer. Every decision advances the frontier in order, so a
 * refresh or a restart continues exactly after the last thing done.
 */
export class PartStream {
  state: ResumeState;
  part: PartState;
  private writer: PartWriter | null = null;
  private segments = 0;
  private readonly inits = new Map<string, Uint8Array>();
  private lastInitUri: string | null = null;
  /** The segment count at the last periodic checkpoint (one per ten segments, not one per ad). */
  private checkpointedAt = -1;
  /** For sizing gaps: how long the broadcast's segments are. */
  private segmentSeconds = 2;
  /** The session being followed (its broadcast id goes with the frontier). */
  private broadcastId: string | null = null;
  /** When the playlist last brought something new (epoch ms): the broadcast's end when it stops. */
  lastFreshAt: number;
  /** What made `follow` end with "fault". */
  fault: Error | null = null;
  /** Why the next stretch Twitch's window dropped was lost, when the recording knows better (a pause). */
  private missedReason: Gap["reason"] | null = null;

  private readonly clock: Clock;

  private constructor(private readonly source: PartSource) {
    this.state = source.state;
    this.part = source.part;
    this.clock = source.deps.clock ?? systemClock;
    this.lastFreshAt = this.clock.now();
  }

  static async open(source: PartSource): Promise<PartStream> {
    return new PartStream(source);
  }

  /**
   * Reopens a part after a crash or a pause. A segment counts as recorded once it is in the fed log, which
   * is written as it lands in the file, with the file's length: the file is cut back to that length (a
   * fragment appended by a run killed before it could log it goes, and is fetched again if Twitch still
   * lists it), and the torn tail of a write cut short goes with it. Segments an older recorder left in
   * scratch are fed again.
   */
  static async resume(source: PartSource): Promise<PartStream> {
    const stream = new PartStream(source);
    const { scratch } = source;
    const onDisk = await scratch.segments();
    const log = await scratch.fed();
    const mine = log.filter((e) => e.part === source.part.index);
    const fed = new Map(mine.map((e) => [e.sequence, e]));
    stream.state = withFedFrontier(stream.state, log);
    if (onDisk.length === 0 && !(await Bun.file(source.part.path).exists())) return stream;
    // The fed log accounts for the file up to its last entry's length (none logged: nothing counts yet).
    // An older recorder's log has no lengths: its file keeps every complete fragment.
    const last = mine.at(-1);
    const keepBytes = last ? last.size : 0;
    const writer = await stream.ensureWriter(source.part.format, keepBytes);
    try {
      await stream.refeed(writer, onDisk, fed);
    } catch (err) {
      // Not left open: the caller never gets this stream, and a handle left to the GC fails the process.
      await stream.abandon().catch(() => {});
      throw err;
    }
    return stream;
  }

  /** Feeds again the segments an older recorder kept in scratch that its file lost (they are in the log). */
  private async refeed(writer: PartWriter, onDisk: number[], fed: Map<number, FedEntry>): Promise<void> {
    const { scratch } = this.source;
    for (const sequence of onDisk) {
      const entry = fed.get(sequence);
      if (!entry || entry.end <= writer.durationSeconds + 0.05) {
        await scratch.deleteSegment(sequence);
        continue;
      }
      const bytes = await scratch.loadSegment(sequence);
      await writer.feed(sequence, bytes, { date: entry.date ?? null, live: entry.live ?? null });
      await scratch.deleteSegment(sequence);
      this.segments++;
    }
  }

  /** The next stretch lost from Twitch's window is put down to `reason` (e.g. the disk was full). */
  expectGapBecause(reason: Gap["reason"]): void {
    this.missedReason = reason;
  }

  get size(): number {
    return this.writer?.size ?? 0;
  }

  get durationSeconds(): number {
    return this.writer?.durationSeconds ?? 0;
  }

  get segmentsTotal(): number {
    return this.segments;
  }

  async follow(options: FollowOptions): Promise<FollowEnd> {
    const { deps } = this.source;
    this.broadcastId = options.session.broadcastId;
    const { end, fault } = await followPlaylist({
      ...options,
      frontier: frontierOf(this.state),
      settings: deps.settings,
      fetch: deps.fetch,
      log: deps.log,
      clock: this.clock,
      metrics: deps.metrics,
      onBatch: (batch) => {
        if (this.writer === null) this.part = { ...this.part, format: batch.playlist.format };
        this.lastFreshAt = this.clock.now();
        const duration = batch.segments[0]?.duration ?? 0;
        if (duration > 0) this.segmentSeconds = duration;
      },
      apply: (item, result) => this.apply(item, result),
    });
    this.fault = fault;
    return end;
  }

  /** Takes one item in order: returns a reason to stop following, or null to go on. */
  private async apply(
    item: Item,
    result: PromiseSettledResult<Uint8Array | null>,
  ): Promise<FollowEnd | null> {
    // Where the next content will land: the end of the file.
    const atSeconds = recordedSeconds(this.state, this.durationSeconds);
    if (item.kind === "missed") {
      this.state = {
        ...this.state,
        window_rolled: true,
        frontier: item.to,
        gaps: addSpan(this.state.gaps, {
          from: item.from,
          to: item.to,
          at_seconds: atSeconds,
          seconds: (item.to - item.from + 1) * this.segmentSeconds,
          reason:
            this.missedReason ??
            (this.segments === 0 && this.state.parts.length > 1
              ? ("restart" as const)
              : ("window_rolled" as const)),
        }),
      };
      this.missedReason = null;
      return this.lost();
    }
    const { segment } = item;
    if (item.kind === "ad") return this.skip(segment, atSeconds, "ad");
    if (result.status === "rejected") {
      const error = result.reason as SegmentFetchError | Error;
      if (error instanceof SegmentFetchError && (error.kind === "auth" || error.kind === "aborted")) {
        return error.kind === "auth" ? "refresh" : "stopped";
      }
      this.source.deps.log.warn(
        { sequence: segment.sequence, err: error.message },
        "segment lost after retries",
      );
      return this.skip(segment, atSeconds, "fetch_failed");
    }
    const bytes = result.value as Uint8Array;
    try {
      const writer = await this.ensureWriter(this.part.format);
      if (segment.map && segment.map !== this.lastInitUri) {
        await writer.useInit(await this.init(segment.map));
        this.lastInitUri = segment.map;
      }
      await this.source.scratch.ensureRoomFor(bytes.length);
      await writer.feed(segment.sequence, bytes, { date: segment.programDateTime, live: segment.live });
      this.placed(segment, atSeconds, recordedSeconds(this.state, this.durationSeconds) - atSeconds, true);
    } catch (err) {
      if (err instanceof InitChangedError) return "split";
      if (!(err instanceof SegmentMediaError)) throw err;
      // Twitch served something that is not media (an error page, a cut body): a gap, not the end.
      this.source.deps.log.warn({ sequence: segment.sequence, err: err.message }, "segment unreadable");
      return this.skip(segment, atSeconds, "malformed");
    }
    this.segments++;
    this.state = this.advance(segment);
    const { maxPartBytes, maxPartSeconds } = this.source.deps.settings;
    if (
      (maxPartBytes > 0 && this.size >= maxPartBytes) ||
      (maxPartSeconds > 0 && this.durationSeconds >= maxPartSeconds)
    ) {
      return "split";
    }
    return this.progressed();
  }

  /** Moves past a segment that is not recorded: a skipped ad, or a lost one (a gap, with why). */
  private skip(segment: PolledSegment, atSeconds: number, why: "ad" | Gap["reason"]): null {
    const span = {
      from: segment.sequence,
      to: segment.sequence,
      at_seconds: atSeconds,
      seconds: segment.duration,
    };
    const state = this.advance(segment);
    this.placed(segment, atSeconds, segment.duration, false, why);
    if (why === "ad") {
      this.state = { ...state, ads: addSpan(state.ads, { ...span, roll: null }) };
      return this.progressed();
    }
    this.state = { ...state, gaps: addSpan(state.gaps, { ...span, reason: why }) };
    return this.lost();
  }

  /**
   * Something was just lost (a gap is in the state): in strict mode that ends the recording, with the gap
   * marked first; otherwise it goes on, and the share lost is judged when the recording ends.
   */
  private lost(): null {
    this.progressed();
    const breach = strictBreach(
      { lost: lostSegments(this.state.gaps), recorded: this.segments },
      this.source.deps.settings.gapPolicy,
    );
    if (breach) throw new GapPolicyError(breach);
    return null;
  }

  private placed(
    segment: PolledSegment,
    atSeconds: number,
    seconds: number,
    recorded: boolean,
    skipped?: "ad" | Gap["reason"],
  ): void {
    this.source.deps.journal.placed({
      broadcastAtMs: segment.programDateTime ?? this.clock.now(),
      seconds,
      atSeconds,
      recorded,
      ...(skipped ? { skipped } : {}),
    });
  }

  private advance(segment: PolledSegment): ResumeState {
    return {
      ...this.state,
      frontier: segment.sequence,
      frontier_date: segment.programDateTime,
      frontier_live: segment.live,
      broadcast_id: this.broadcastId ?? this.state.broadcast_id,
    };
  }

  private progressed(): null {
    this.part = { ...this.part, end_sequence: this.state.frontier };
    this.state = {
      ...this.state,
      parts: this.state.parts.map((p) => (p.index === this.part.index ? this.part : p)),
    };
    this.source.onProgress(this);
    if (this.segments % 10 === 0 && this.segments !== this.checkpointedAt) {
      this.checkpointedAt = this.segments;
      // Not awaited (the next segments need not wait for the database), but never left unobserved: a
      // failed save is retried by the next one, and the fed log covers a crash meanwhile.
      this.source.deps.journal.checkpoint(this.state).catch((err: Error) => {
        this.source.deps.log.warn({ err: err.message }, "checkpoint not saved; the next one retries");
      });
    }
    return null;
  }

  private async init(uri: string): Promise<Uint8Array> {
    let bytes = this.inits.get(uri);
    if (!bytes) {
      bytes = await fetchSegment(uri, {
        budgets: this.source.deps.settings.budgets,
        fetch: this.source.deps.fetch,
        clock: this.clock,
      });
      this.inits.set(uri, bytes);
    }
    return bytes;
  }

  private async ensureWriter(format: "ts" | "fmp4", keepBytes?: number): Promise<PartWriter> {
    if (this.writer) return this.writer;
    this.part = { ...this.part, format };
    this.writer = await PartWriter.open({
      path: this.part.path,
      index: this.part.index,
      format,
      scratch: this.source.scratch,
      keepBytes,
    });
    return this.writer;
  }

  /**
   * Finishes the part file; the recording then post-processes and stores it. Whether the part holds any
   * media is the file's answer (`part.state.duration_seconds`), not this run's count: a part resumed after
   * a restart may have all its media in the file already.
   */
  async finish(): Promise<{ part: { state: PartState; segments: number }; state: ResumeState }> {
    if (this.writer) {
      const { durationSeconds, size } = await this.writer.finish();
      this.part = { ...this.part, duration_seconds: durationSeconds, size_bytes: size };
    }
    this.state = {
      ...this.state,
      parts: this.state.parts.map((p) => (p.index === this.part.index ? this.part : p)),
    };
    return { part: { state: this.part, segments: this.segments }, state: this.state };
  }

  /**
   * Stops writing at once (a full disk): the file keeps its complete fragments, and `resume` continues the
   * part later.
   */
  async abandon(): Promise<{ state: ResumeState }> {
    return this.suspend();
  }

  /** Shutdown: the file, complete up to its last segment, stays as it is for the next start. */
  async pause(): Promise<{ state: ResumeState }> {
    return this.suspend();
  }

  private async suspend(): Promise<{ state: ResumeState }> {
    const writer = this.writer;
    this.writer = null;
    await writer?.close();
    this.state = {
      ...this.state,
      parts: this.state.parts.map((p) => (p.index === this.part.index ? this.part : p)),
    };
    return { state: this.state };
  }
}
