import type { ClassifiedSegment } from "../hls/ads.ts";
import { sleep } from "../lib/sleep.ts";
import type { Logger } from "../log/logger.ts";
import { storageLayout } from "../storage/layout.ts";
import type { Storage } from "../storage/storage.ts";
import { type PlaybackClient, PlaybackError } from "../twitch/playback.client.ts";
import type { CodecPolicy, Quality } from "../twitch/variant.ts";
import { takeLiveSnapshots } from "./live-snapshots.ts";
import { makeStills, type PartStills, storePart } from "./part-finisher.ts";
import { type PartSource, PartStream } from "./part-stream.ts";
import { lockOf, openSession, type PlaybackSession, sameVariant } from "./playback-session.ts";
import { type PartState, type ResumeState, recordedSeconds } from "./resume-state.ts";
import { Scratch } from "./scratch.ts";
import type { RetryBudgets } from "./segment-fetcher.ts";

export interface RecorderSettings {
  segmentConcurrency: number;
  budgets: RetryBudgets;
  /** A segment request with no answer, or a body with no new bytes, for this long is retried. */
  segmentTimeoutSeconds: number;
  /** A broadcast that comes back within this many seconds continues the same video (a new part). */
  maxRestartGapSeconds: number;
  /** Cut a new part past this size or length (0 = no limit). */
  maxPartBytes: number;
  maxPartSeconds: number;
  /** Fail a recording that makes no progress for this long, rather than hang. */
  stallSeconds: number;
  /** How long a starting recording waits for the stream to appear (Twitch's API runs ahead of the video). */
  startTimeoutSeconds: number;
  /** Spacing of the checks whether an ended broadcast came back. */
  rejoinPollSeconds: number;
  /** Spacing of live snapshots (Twitch's preview image) while recording; 0 turns them off. */
  snapshotIntervalSeconds: number;
  policy: Omit<CodecPolicy, "forceH264">;
}

export const DEFAULT_SETTINGS: RecorderSettings = {
  segmentConcurrency: 4,
  budgets: { network: 5, server: 5, cdnLag: 3 },
  segmentTimeoutSeconds: 10,
  maxRestartGapSeconds: 120,
  maxPartBytes: 0,
  maxPartSeconds: 0,
  stallSeconds: 180,
  startTimeoutSeconds: 90,
  rejoinPollSeconds: 5,
  snapshotIntervalSeconds: 300,
  policy: { enableAv1: false, disableHevc: false },
};

export interface RecordingProgress {
  stage: "waiting" | "recording" | "finishing" | "rejoin-wait";
  bytes: number;
  segments: number;
  gaps: number;
  adSegments: number;
  mediaSeconds: number;
  /** Download speed over the last ten seconds. */
  bytesPerSecond: number;
  variant: string | null;
}

/** How the recording reports to the rest of replayd (the recorder service writes it to the database). */
export interface RecordingJournal {
  checkpoint(state: ResumeState): Promise<void>;
  /** A new part, with the state that lists it (stored together: a crash cannot separate them). */
  partOpened(part: PartState, state: ResumeState): Promise<void>;
  /** A part that got no media was removed, with the state that no longer lists it. */
  partDropped(part: PartState, state: ResumeState): Promise<void>;
  /** The part is stored and playable. */
  partFinished(part: PartState): Promise<void>;
  /** Its thumbnail and strip, made right after. */
  partStills(part: PartState, stills: PartStills): Promise<void>;
  /** A live snapshot was stored (index 0 is the first picture the video gets). */
  snapshot(key: string, index: number): Promise<void>;
  progress(progress: RecordingProgress): void;
}

export interface RecordingSpec {
  jobId: string;
  login: string;
  /** Base of every file name, e.g. 20261128-010203-kitchen_lab-1a2b3c4d. */
  baseName: string;
  quality: Quality;
  forceH264: boolean;
  state: ResumeState;
}

export interface RecordingDeps {
  playback: PlaybackClient;
  /** Origin of Twitch's preview images, for live snapshots. */
  imagesOrigin: string;
  storage: Storage;
  scratchRoot: string;
  ffmpegPath: string;
  ffprobePath: string;
  log: Logger;
  journal: RecordingJournal;
  settings: RecorderSettings;
  fetch?: typeof fetch;
}

export type RecordingOutcome =
  | { kind: "finished"; state: ResumeState }
  | { kind: "failed"; error: string; state: ResumeState }
  | { kind: "cancelled"; state: ResumeState }
  /** Shutdown: the job stays running and resumes at the next start. */
  | { kind: "interrupted"; state: ResumeState };

/** Why the signal given to `run` was aborted. */
export const CANCEL = "cancel";

/**
 * One recording from go-live to the end of the broadcast (and any rejoin within the window): playback
 * session → media playlist → segments → part file, checkpointed as it goes so a killed process resumes.
 */
export class Recording {
  private state: ResumeState;
  private offline = false;
  private lastProgressAt = Date.now();
  private readonly startedAt = Date.now();
  /** (time, bytes) samples of the last ten seconds, for the speed. */
  private speedSamples: { at: number; bytes: number }[] = [];
  private reportedBytes = 0;

  constructor(
    private readonly spec: RecordingSpec,
    private readonly deps: RecordingDeps,
  ) {
    this.state = spec.state;
  }

  /** Live detection saw the channel go offline: a missing playlist then means the end, at once. */
  channelOffline(): void {
    this.offline = true;
  }

  channelOnline(): void {
    this.offline = false;
  }

  async run(signal: AbortSignal): Promise<RecordingOutcome> {
    const scratch = await Scratch.open(this.deps.scratchRoot, this.spec.jobId);
    const log = this.deps.log.child({ job_id: this.spec.jobId, channel: this.spec.login });
    let stream: PartStream | null = null;
    const snapshots = new AbortController();
    const stopSnapshots = () => snapshots.abort();
    signal.addEventListener("abort", stopSnapshots, { once: true });
    try {
      stream = await this.reopenPart(scratch);
      this.startSnapshots(scratch, snapshots.signal, log);
      let waitMs = 125;
      for (;;) {
        if (signal.aborted) return await this.stop(stream, signal, scratch);
        const session = await this.session(log);
        if (session === "offline") {
          if (stream) {
            // The broadcast is over (or paused): its part is finished now, playable while we wait.
            stream = await this.closePart(stream, scratch);
            this.state = { ...this.state, ended_at: this.state.ended_at ?? Date.now() };
            await this.deps.journal.checkpoint(this.state);
          }
          const verdict = this.whileOffline();
          if (verdict === "never-live")
            return { kind: "failed", error: `${this.spec.login} did not go live`, state: this.state };
          if (verdict === "done") {
            await scratch.remove();
            return { kind: "finished", state: this.state };
          }
          this.report(this.state.ended_at ? "rejoin-wait" : "waiting", stream);
          // A stream that is about to start (Twitch announced it; the playlist is not there yet) is asked
          // for often at first, so the recording begins with its first segment; later, more calmly.
          const calm = this.deps.settings.rejoinPollSeconds * 1000;
          waitMs =
            this.state.parts.length === 0 && this.state.ended_at === null ? Math.min(waitMs * 2, calm) : calm;
          await sleep(waitMs, signal);
          continue;
        }
        if (this.state.ended_at !== null) {
          // The broadcast came back within the window: same video, a new part, positions start over.
          log.info("broadcast resumed within the rejoin window: continuing in a new part");
          this.state = { ...this.state, ended_at: null, frontier: null };
        }
        const lock = lockOf(session.variant);
        if (stream && !sameVariant(stream.part.variant, lock)) {
          log.info(
            { from: stream.part.variant.name, to: lock.name },
            "rendition changed: starting a new part",
          );
          stream = await this.closePart(stream, scratch);
        }
        stream ??= await this.openPart(session, scratch);
        const end = await stream.follow(session, signal, () => this.offline);
        this.lastProgressAt = Date.now();
        this.state = stream.state;
        await this.deps.journal.checkpoint(this.state);
        if (end === "ended") {
          stream = await this.closePart(stream, scratch);
          this.state = { ...this.state, end_seen: true, ended_at: Date.now() };
          await this.deps.journal.checkpoint(this.state);
        } else if (end === "split") {
          stream = await this.closePart(stream, scratch);
        } else if (end === "stalled") {
          if (stream) stream = await this.closePart(stream, scratch);
          return {
            kind: "failed",
            error: `no progress for ${this.deps.settings.stallSeconds} s`,
            state: this.state,
          };
        }
        // "refresh" (token expired, rendition lost) and "stopped" loop back: a new session, or stop().
      }
    } catch (err) {
      log.error({ err }, "recording failed");
      if (stream) stream = await this.closePart(stream, scratch).catch(() => null);
      return { kind: "failed", error: (err as Error).message, state: this.state };
    } finally {
      snapshots.abort();
      signal.removeEventListener("abort", stopSnapshots);
    }
  }

  private startSnapshots(scratch: Scratch, signal: AbortSignal, log: Logger): void {
    const interval = this.deps.settings.snapshotIntervalSeconds;
    if (interval <= 0) return;
    void takeLiveSnapshots(
      {
        login: this.spec.login,
        baseName: this.spec.baseName,
        imagesOrigin: this.deps.imagesOrigin,
        storage: this.deps.storage,
        scratchDir: scratch.dir,
        next: this.state.snapshots,
        intervalMs: interval * 1000,
        fetch: this.deps.fetch,
        log,
        onSnapshot: async (key, index) => {
          this.state = { ...this.state, snapshots: index + 1 };
          await this.deps.journal.snapshot(key, index);
        },
      },
      signal,
    );
  }

  /** The playback session, or "offline" when Twitch has no live playback for the channel now. */
  private async session(log: Logger): Promise<PlaybackSession | "offline"> {
    try {
      return await openSession(this.deps.playback, {
        login: this.spec.login,
        quality: this.spec.quality,
        policy: { ...this.deps.settings.policy, forceH264: this.spec.forceH264 },
      });
    } catch (err) {
      if (err instanceof PlaybackError && err.kind === "offline") return "offline";
      if (err instanceof PlaybackError && err.kind === "transient") {
        log.warn({ err: err.message }, "playback not available right now; retrying");
        return "offline";
      }
      throw err;
    }
  }

  /** Whether to keep waiting for the channel, or stop: it never went live, or did not come back in time. */
  private whileOffline(): "wait" | "never-live" | "done" {
    const now = Date.now();
    const { maxRestartGapSeconds, startTimeoutSeconds } = this.deps.settings;
    if (this.state.parts.length === 0 && this.state.ended_at === null) {
      // Told the channel went offline before anything could be recorded: a short grace, not the full wait.
      const limit = this.offline ? Math.min(startTimeoutSeconds, 10) : startTimeoutSeconds;
      return now - this.startedAt > limit * 1000 ? "never-live" : "wait";
    }
    const since = this.state.ended_at ?? this.lastProgressAt;
    if (this.state.ended_at === null) this.state = { ...this.state, ended_at: since };
    return now - since > maxRestartGapSeconds * 1000 ? "done" : "wait";
  }

  private async openPart(session: PlaybackSession, scratch: Scratch): Promise<PartStream> {
    const index = this.state.parts.length + 1;
    const ext = session.variant.audioOnly ? "m4a" : "mp4";
    const key = storageLayout.part(this.spec.baseName, index, ext);
    const part: PartState = {
      index,
      key,
      path: this.deps.storage.localPath(key) ?? `${scratch.dir}/part${index}.${ext}`,
      variant: lockOf(session.variant),
      format: "ts",
      start_sequence: (this.state.frontier ?? -1) + 1,
      end_sequence: null,
      finished: false,
      duration_seconds: 0,
      size_bytes: 0,
    };
    this.state = { ...this.state, parts: [...this.state.parts, part] };
    await this.deps.journal.partOpened(part, this.state);
    return PartStream.open(this.partSource(part, scratch));
  }

  /** After a restart: the part left open continues, with what the crash left out of its file fed again. */
  private async reopenPart(scratch: Scratch): Promise<PartStream | null> {
    const open = this.state.parts.find((p) => !p.finished);
    if (!open) return null;
    return PartStream.resume(this.partSource(open, scratch));
  }

  private partSource(part: PartState, scratch: Scratch): PartSource {
    return {
      part,
      state: this.state,
      scratch,
      deps: this.deps,
      onProgress: (stream) => {
        this.lastProgressAt = Date.now();
        this.state = stream.state;
        this.report("recording", stream);
      },
    };
  }

  private async closePart(stream: PartStream, scratch: Scratch): Promise<null> {
    this.report("finishing", stream);
    const { part, state } = await stream.finish();
    this.state = state;
    if (part.segments === 0) {
      // Nothing was recorded in it (the stream ended at the boundary): no empty file in the library.
      this.state = { ...this.state, parts: this.state.parts.filter((p) => p.index !== part.state.index) };
      await this.deps.storage.delete(part.state.key).catch(() => {});
      await this.deps.journal.partDropped(part.state, this.state);
      return null;
    }
    const deps = {
      storage: this.deps.storage,
      ffmpegPath: this.deps.ffmpegPath,
      ffprobePath: this.deps.ffprobePath,
      scratchDir: scratch.dir,
      log: this.deps.log,
    };
    const media = await storePart(part.state, deps);
    const finished: PartState = {
      ...part.state,
      finished: true,
      duration_seconds: media.durationSeconds,
      size_bytes: media.sizeBytes,
    };
    this.state = {
      ...this.state,
      parts: this.state.parts.map((p) => (p.index === finished.index ? finished : p)),
    };
    await this.deps.journal.partFinished(finished);
    await this.deps.journal.checkpoint(this.state);
    await this.deps.journal.partStills(finished, await makeStills(finished, this.spec.baseName, deps));
    return null;
  }

  private async stop(
    stream: PartStream | null,
    signal: AbortSignal,
    scratch: Scratch,
  ): Promise<RecordingOutcome> {
    if (signal.reason === CANCEL) {
      if (stream) await this.closePart(stream, scratch);
      await scratch.remove();
      return { kind: "cancelled", state: this.state };
    }
    if (stream) this.state = (await stream.pause()).state;
    await this.deps.journal.checkpoint(this.state);
    return { kind: "interrupted", state: this.state };
  }

  private report(stage: RecordingProgress["stage"], stream: PartStream | null): void {
    const finishedBytes = this.state.parts.filter((p) => p.finished).reduce((s, p) => s + p.size_bytes, 0);
    // Never backwards: a finished part's file can be a little smaller than the segments fed into it.
    const bytes = Math.max(this.reportedBytes, finishedBytes + (stream?.progressBytes ?? 0));
    this.reportedBytes = bytes;
    const now = Date.now();
    this.speedSamples = [...this.speedSamples.filter((s) => now - s.at <= 10_000), { at: now, bytes }];
    const oldest = this.speedSamples[0] as { at: number; bytes: number };
    const bytesPerSecond = now > oldest.at ? ((bytes - oldest.bytes) * 1000) / (now - oldest.at) : 0;
    this.deps.journal.progress({
      stage,
      bytes,
      bytesPerSecond: Math.max(0, Math.round(bytesPerSecond)),
      segments: stream?.segmentsTotal ?? 0,
      gaps: this.state.gaps.reduce((n, g) => n + (g.to - g.from + 1), 0),
      adSegments: this.state.ads.reduce((n, a) => n + (a.to - a.from + 1), 0),
      mediaSeconds: recordedSeconds(this.state, stream?.progressSeconds ?? 0),
      variant: stream?.part.variant.name ?? null,
    });
  }
}

export type { ClassifiedSegment };
