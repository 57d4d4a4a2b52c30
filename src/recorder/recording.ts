import { type Clock, systemClock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import { RemuxError } from "../media/ffmpeg-remuxer.ts";
import type { ProcessRunner } from "../process/process-runner.ts";
import { storageLayout } from "../storage/layout.ts";
import type { Storage } from "../storage/storage.ts";
import type { Quality } from "../twitch/variant.ts";
import { awayVerdict, nextCheckMs, rejoinOver } from "./away.ts";
import type { RecordingJournal, RecordingProgress } from "./journal.ts";
import { takeLiveSnapshots } from "./live-snapshots.ts";
import { closePart } from "./part-closing.ts";
import { type FollowEnd, type PartSource, PartStream } from "./part-stream.ts";
import {
  lockOf,
  type PlaybackApi,
  type PlaybackSession,
  sameVariant,
  sessionOrOffline,
} from "./playback-session.ts";
import { PlaylistPoller } from "./playlist-poller.ts";
import { ProgressMeter } from "./progress-meter.ts";
import { RestartBudget } from "./restart-budget.ts";
import { frontierOf, type PartState, type ResumeState, recordedSeconds } from "./resume-state.ts";
import { Scratch } from "./scratch.ts";
import type { RecorderSettings } from "./settings.ts";
import { isDiskFull, type SpaceGuard, waitForSpace } from "./space-guard.ts";

export interface RecordingSpec {
  jobId: string;
  login: string;
  /** The broadcast this recording was started for (Twitch's stream id), when known. */
  streamId?: string | null;
  /** Base of every file name, e.g. 20261128-010203-kitchen_lab-1a2b3c4d. */
  baseName: string;
  quality: Quality;
  forceH264: boolean;
  state: ResumeState;
}

export interface RecordingDeps {
  playback: PlaybackApi;
  /** Origin of Twitch's preview images, for live snapshots. */
  imagesOrigin: string;
  storage: Pick<Storage, "putFile" | "size" | "localPath" | "delete">;
  scratchRoot: string;
  ffmpegPath: string;
  ffprobePath: string;
  log: Logger;
  journal: RecordingJournal;
  settings: RecorderSettings;
  /** The disk's free-space floor: recordings pause under it. Without one, only a full disk pauses. */
  space?: SpaceGuard;
  fetch?: typeof fetch;
  /** Time and programs: the real clock and ffmpeg unless a test stands in fakes. */
  clock?: Clock;
  processes?: ProcessRunner;
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
 * Its own failures stay its own: a full disk pauses it until space returns, anything else ends it with a
 * reason, and neither reaches the process.
 */
export class Recording {
  private state: ResumeState;
  private offline = false;
  private readonly clock: Clock;
  private lastProgressAt: number;
  private readonly startedAt: number;
  private readonly meter = new ProgressMeter();
  /** Why writing is paused, while it is. */
  private pausedFor: string | null = null;
  /** The part stream whose file is open, whatever step the loop is in: a failure anywhere closes it. */
  private open: PartStream | null = null;
  /** ffmpeg restarts after it died: a few, not a loop. */
  private readonly restarts = new RestartBudget(3, 60_000);
  private readonly log: Logger;

  constructor(
    private readonly spec: RecordingSpec,
    private readonly deps: RecordingDeps,
  ) {
    this.state = spec.state;
    this.log = deps.log.child({ job_id: spec.jobId, channel: spec.login });
    this.clock = deps.clock ?? systemClock;
    this.lastProgressAt = this.clock.now();
    this.startedAt = this.clock.now();
  }

  /** Live detection saw the channel go offline: a missing or frozen playlist then means the end, sooner. */
  channelOffline(): void {
    this.offline = true;
  }

  channelOnline(): void {
    this.offline = false;
  }

  async run(signal: AbortSignal): Promise<RecordingOutcome> {
    let scratch: Scratch | null = null;
    let stream: PartStream | null = null;
    const snapshots = new AbortController();
    const stopSnapshots = () => snapshots.abort();
    signal.addEventListener("abort", stopSnapshots, { once: true });
    try {
      scratch = await this.untilWritable(signal, () => Scratch.open(this.deps.scratchRoot, this.spec.jobId));
      if (!scratch) return await this.stop(null, signal, null);
      const dir: Scratch = scratch;
      stream = await this.untilWritable(signal, () => this.reopenPart(dir));
      this.startSnapshots(dir, snapshots.signal);
      let waitMs = 125;
      for (;;) {
        if (signal.aborted) return await this.stop(stream, signal, dir);
        try {
          const blocked = this.deps.space?.blocked();
          if (blocked) {
            stream = await this.pause(stream, blocked, signal, dir);
            continue;
          }
          const step = await this.step(stream, dir, signal, waitMs);
          stream = step.stream;
          waitMs = step.waitMs;
          if (step.outcome) return step.outcome;
        } catch (err) {
          if (!isDiskFull(err) || signal.aborted) throw err;
          stream = await this.pause(stream, `the disk is full (${(err as Error).message})`, signal, dir);
        }
      }
    } catch (err) {
      this.log.error({ err }, "recording failed");
      // What the failed recording holds is kept: its open part is finished and stored (or, if even that
      // fails, its file closed as it is).
      const open = this.open ?? stream;
      if (open && scratch) {
        await this.closePart(open, scratch).catch(async (closeErr: Error) => {
          this.log.error({ err: closeErr }, "the part could not be finished");
          await open.abandon().catch(() => {});
        });
      }
      return { kind: "failed", error: (err as Error).message, state: this.state };
    } finally {
      snapshots.abort();
      signal.removeEventListener("abort", stopSnapshots);
    }
  }

  /** One turn of the loop: a playback session and what to do with it. */
  private async step(
    stream: PartStream | null,
    scratch: Scratch,
    signal: AbortSignal,
    waitMs: number,
  ): Promise<{ stream: PartStream | null; waitMs: number; outcome?: RecordingOutcome }> {
    if (rejoinOver(this.state.ended_at, this.deps.settings, this.clock.now()))
      return this.whileAway(stream, scratch, signal, waitMs);
    const session = await sessionOrOffline(
      this.deps.playback,
      {
        login: this.spec.login,
        quality: this.spec.quality,
        policy: { ...this.deps.settings.policy, forceH264: this.spec.forceH264 },
      },
      this.log,
    );
    if (
      session === "offline" ||
      (this.state.ended_at !== null && !(await this.comesBack(session))) ||
      (await this.previousBroadcast(session))
    ) {
      return this.whileAway(stream, scratch, signal, waitMs);
    }
    if (this.state.ended_at !== null) {
      this.log.info("the broadcast came back within the rejoin window: continuing in a new part");
      this.state = { ...this.state, ended_at: null, end_seen: false };
    }
    const lock = lockOf(session.variant);
    if (stream && !sameVariant(stream.part.variant, lock)) {
      this.log.info(
        { from: stream.part.variant.name, to: lock.name },
        "rendition changed: starting a new part",
      );
      stream = await this.closePart(stream, scratch);
    }
    const part = stream ?? (await this.openPart(session, scratch));
    const end = await this.follow(part, session, signal);
    this.lastProgressAt = this.clock.now();
    this.state = part.state;
    await this.save();
    return { ...(await this.afterFollow(end, part, scratch, signal)), waitMs: 125 };
  }

  /** Follows the part's playlist until something ends it; a space floor crossed meanwhile pauses it. */
  private async follow(part: PartStream, session: PlaybackSession, signal: AbortSignal): Promise<FollowEnd> {
    const pause = new AbortController();
    const space = this.deps.space;
    const unsubscribe = space?.onChange(() => {
      if (space.blocked()) pause.abort();
    });
    try {
      return await part.follow({ session, signal, offline: () => this.offline, pause: pause.signal });
    } finally {
      unsubscribe?.();
    }
  }

  private async afterFollow(
    end: FollowEnd,
    part: PartStream,
    scratch: Scratch,
    signal: AbortSignal,
  ): Promise<{ stream: PartStream | null; outcome?: RecordingOutcome }> {
    switch (end) {
      case "ended": {
        await this.closePart(part, scratch);
        // The broadcast ended when its playlist last brought something new, not when we noticed.
        this.state = { ...this.state, end_seen: true, ended_at: part.lastFreshAt };
        await this.save();
        return { stream: null };
      }
      case "split":
        return { stream: await this.closePart(part, scratch) };
      case "stalled":
        await this.closePart(part, scratch);
        return {
          stream: null,
          outcome: {
            kind: "failed",
            error: `no progress for ${this.deps.settings.stallSeconds} s`,
            state: this.state,
          },
        };
      case "paused":
        return {
          stream: await this.pause(part, this.deps.space?.blocked() ?? "low disk space", signal, scratch),
        };
      case "fault": {
        const fault = part.fault ?? new Error("writing failed");
        if (isDiskFull(fault)) {
          return { stream: await this.pause(part, `the disk is full (${fault.message})`, signal, scratch) };
        }
        if (fault instanceof RemuxError && !fault.permanent && this.restarts.allow(this.clock.now())) {
          // ffmpeg died (killed, crashed): the part continues with a new one, from what the file holds.
          this.log.warn({ err: fault.message }, "ffmpeg stopped; the part continues with a new one");
          this.state = (await part.abandon()).state;
          this.open = null;
          return { stream: await this.reopenPart(scratch) };
        }
        throw fault;
      }
      default:
        // "refresh" (token expired, rendition lost) and "stopped" loop back: a new session, or stop().
        return { stream: part };
    }
  }

  /**
   * No live playback now (or only what was recorded already): the part, if any, is finished and playable
   * while we wait; the wait ends when the broadcast comes back, or on time.
   */
  private async whileAway(
    stream: PartStream | null,
    scratch: Scratch,
    signal: AbortSignal,
    waitMs: number,
  ): Promise<{ stream: PartStream | null; waitMs: number; outcome?: RecordingOutcome }> {
    if (stream) {
      const endedAt = stream.lastFreshAt;
      await this.closePart(stream, scratch);
      this.state = { ...this.state, ended_at: this.state.ended_at ?? endedAt };
      await this.save();
    }
    const verdict = awayVerdict({
      state: this.state,
      settings: this.deps.settings,
      now: this.clock.now(),
      startedAt: this.startedAt,
      lastProgressAt: this.lastProgressAt,
      offline: this.offline,
    });
    if (verdict.kind === "never-live") {
      const error = `${this.spec.login} did not go live`;
      return { stream: null, waitMs, outcome: { kind: "failed", error, state: this.state } };
    }
    this.state = { ...this.state, ended_at: verdict.endedAt };
    if (verdict.kind === "done") {
      await scratch.remove();
      return { stream: null, waitMs, outcome: { kind: "finished", state: this.state } };
    }
    this.report(this.state.ended_at ? "rejoin-wait" : "waiting", null);
    const now = this.clock.now();
    const next = nextCheckMs({ state: this.state, settings: this.deps.settings, now }, waitMs);
    await this.clock.sleep(next, signal);
    return { stream: null, waitMs: next };
  }

  /**
   * After an end, a playback session is a comeback only if its playlist brings a segment the recording
   * does not have: Twitch's edge keeps serving an ended broadcast (ENDLIST, or frozen) for a while, and a
   * cached master leads back to it.
   */
  private async comesBack(session: PlaybackSession): Promise<boolean> {
    const poller = new PlaylistPoller({
      url: () => session.playlistUrl,
      frontier: frontierOf(this.state),
      broadcastId: session.broadcastId,
      fetch: this.deps.fetch,
      clock: this.clock,
      onSegments: () => {},
    });
    return poller.hasNew();
  }

  /**
   * Before anything is recorded: usher's cache can still hand out the broadcast before the one this
   * recording was started for, its playlist ended. That is not this recording's to keep: wait for the new
   * one. (A different id with a live playlist is recorded: ids are a hint, an ended playlist is proof.)
   */
  private async previousBroadcast(session: PlaybackSession): Promise<boolean> {
    const expected = this.spec.streamId;
    if (!expected || !session.broadcastId || session.broadcastId === expected) return false;
    if (this.state.parts.length > 0 || this.state.frontier !== null) return false;
    const poller = new PlaylistPoller({
      url: () => session.playlistUrl,
      frontier: null,
      fetch: this.deps.fetch,
      clock: this.clock,
      onSegments: () => {},
    });
    const ended = (await poller.loadOnce())?.endList === true;
    if (ended)
      this.log.info(
        { served: session.broadcastId, expected },
        "usher still serves the previous broadcast, which has ended: waiting for this one",
      );
    return ended;
  }

  /**
   * Writing stops (the disk is full, or under its floor): the open part keeps what it has, on disk and in
   * scratch, and continues once space is back. What Twitch's window drops meanwhile becomes a gap.
   */
  private async pause(
    stream: PartStream | null,
    reason: string,
    signal: AbortSignal,
    scratch: Scratch,
  ): Promise<PartStream | null> {
    this.log.warn({ reason }, "recording paused: not enough disk space");
    if (stream) this.state = (await stream.abandon()).state;
    this.open = null;
    this.pausedFor = reason;
    this.report("paused", null);
    await this.save({ quiet: true });
    await waitForSpace({ path: this.deps.scratchRoot, guard: this.deps.space, signal, clock: this.clock });
    const resumed = await this.untilWritable(signal, () => this.reopenPart(scratch));
    this.pausedFor = null;
    if (signal.aborted) return resumed;
    this.log.info("disk space is back: the recording continues");
    resumed?.expectGapBecause("disk_full");
    return resumed;
  }

  /** Runs `attempt`, again once space is back each time it fails for lack of space (null if stopped). */
  private async untilWritable<T>(signal: AbortSignal, attempt: () => Promise<T>): Promise<T | null> {
    for (;;) {
      if (signal.aborted) return null;
      try {
        return await attempt();
      } catch (err) {
        if (!isDiskFull(err)) throw err;
        this.pausedFor = `the disk is full (${(err as Error).message})`;
        this.report("paused", null);
      }
      await waitForSpace({ path: this.deps.scratchRoot, guard: this.deps.space, signal, clock: this.clock });
    }
  }

  private startSnapshots(scratch: Scratch, signal: AbortSignal): void {
    const interval = this.deps.settings.snapshotIntervalSeconds;
    if (interval <= 0) return;
    takeLiveSnapshots(
      {
        login: this.spec.login,
        baseName: this.spec.baseName,
        imagesOrigin: this.deps.imagesOrigin,
        storage: this.deps.storage,
        scratchDir: scratch.dir,
        next: this.state.snapshots,
        intervalMs: interval * 1000,
        fetch: this.deps.fetch,
        clock: this.clock,
        log: this.log,
        onSnapshot: async (key, index) => {
          this.state = { ...this.state, snapshots: index + 1 };
          await this.deps.journal.snapshot(key, index);
        },
      },
      signal,
    ).catch((err: Error) => this.log.warn({ err: err.message }, "live snapshots stopped"));
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
    this.open = await PartStream.open(this.partSource(part, scratch));
    return this.open;
  }

  /** After a restart or a pause: the part left open continues, with what its file lacks fed again. */
  private async reopenPart(scratch: Scratch): Promise<PartStream | null> {
    const open = this.state.parts.find((p) => !p.finished);
    if (!open) return null;
    const stream = await PartStream.resume(this.partSource(open, scratch));
    this.state = stream.state;
    this.open = stream;
    return stream;
  }

  private partSource(part: PartState, scratch: Scratch): PartSource {
    return {
      part,
      state: this.state,
      scratch,
      deps: this.deps,
      onProgress: (stream) => {
        this.lastProgressAt = this.clock.now();
        this.state = stream.state;
        this.report("recording", stream);
      },
    };
  }

  private async closePart(stream: PartStream, scratch: Scratch): Promise<null> {
    this.report("finishing", stream);
    this.open = null;
    this.state = await closePart(stream, {
      deps: this.deps,
      baseName: this.spec.baseName,
      scratch,
      log: this.log,
      save: async (state) => {
        this.state = state;
        await this.save();
      },
    });
    return null;
  }

  private async stop(
    stream: PartStream | null,
    signal: AbortSignal,
    scratch: Scratch | null,
  ): Promise<RecordingOutcome> {
    if (signal.reason === CANCEL) {
      // Cancel keeps what was recorded: a part left open by a pause is reopened to be finished.
      try {
        const open = stream ?? (scratch ? await this.reopenPart(scratch) : null);
        if (open && scratch) await this.closePart(open, scratch);
        await scratch?.remove();
      } catch (err) {
        this.log.error({ err }, "cancelled, but the open part could not be finished");
      }
      return { kind: "cancelled", state: this.state };
    }
    const open = stream ?? this.open;
    if (open) this.state = (await open.pause()).state;
    this.open = null;
    await this.save({ quiet: true });
    return { kind: "interrupted", state: this.state };
  }

  /**
   * Checkpoints the state. A failed save is logged, not fatal: the next save carries the same state, and
   * after a crash the fed log says where the recording stood. A full disk pauses the recording, unless
   * `quiet` (pausing or stopping already).
   */
  private async save(options: { quiet?: boolean } = {}): Promise<void> {
    try {
      await this.deps.journal.checkpoint(this.state);
    } catch (err) {
      if (isDiskFull(err) && !options.quiet) throw err;
      this.log.warn({ err: (err as Error).message }, "checkpoint not saved; the next one retries");
    }
  }

  private report(stage: RecordingProgress["stage"], stream: PartStream | null): void {
    const finishedBytes = this.state.parts.filter((p) => p.finished).reduce((s, p) => s + p.size_bytes, 0);
    const { bytes, bytesPerSecond } = this.meter.sample(
      finishedBytes + (stream?.progressBytes ?? 0),
      this.clock.now(),
    );
    this.deps.journal.progress({
      stage: this.pausedFor ? "paused" : stage,
      reason: this.pausedFor,
      bytes,
      bytesPerSecond,
      segments: stream?.segmentsTotal ?? 0,
      gaps: this.state.gaps.reduce((n, g) => n + (g.to - g.from + 1), 0),
      adSegments: this.state.ads.reduce((n, a) => n + (a.to - a.from + 1), 0),
      mediaSeconds: recordedSeconds(this.state, stream?.progressSeconds ?? 0),
      variant: stream?.part.variant.name ?? null,
    });
  }
}
