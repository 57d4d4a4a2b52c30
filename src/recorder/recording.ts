import { type Clock, systemClock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import type { ProcessRunner } from "../process/process-runner.ts";
import type { Storage } from "../storage/storage.ts";
import type { Quality } from "../twitch/variant.ts";
import { awayVerdict, nextCheckMs, rejoinOver } from "./away.ts";
import { DiskPause } from "./disk-pause.ts";
import { endBreach, lostSegments } from "./gap-policy.ts";
import type { PartCause, RecordingJournal } from "./journal.ts";
import { takeLiveSnapshots } from "./live-snapshots.ts";
import type { FollowEnd, PartStream } from "./part-stream.ts";
import {
  lockOf,
  type PlaybackApi,
  type PlaybackSession,
  sameVariant,
  sessionOrOffline,
} from "./playback-session.ts";
import type { RecorderMetrics } from "./recorder-metrics.ts";
import { RecordingLedger } from "./recording-ledger.ts";
import { RecordingParts } from "./recording-parts.ts";
import type { ResumeState } from "./resume-state.ts";
import { Scratch } from "./scratch.ts";
import { comesBack, previousBroadcast } from "./session-checks.ts";
import type { RecorderSettings } from "./settings.ts";
import { isDiskFull, type SpaceGuard } from "./space-guard.ts";

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
  /** Fetch and reload timings for GET /metrics (none unless given). */
  metrics?: RecorderMetrics;
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
  private offline = false;
  /** Why the next part opens (said in the event log), when something other than the start opens it. */
  private nextPartWhy: PartCause | null = null;
  private readonly clock: Clock;
  private readonly startedAt: number;
  private readonly ledger: RecordingLedger;
  private readonly parts: RecordingParts;
  private readonly pauses: DiskPause;
  private readonly log: Logger;

  constructor(
    private readonly spec: RecordingSpec,
    private readonly deps: RecordingDeps,
  ) {
    this.log = deps.log.child({ job_id: spec.jobId, channel: spec.login });
    this.clock = deps.clock ?? systemClock;
    this.startedAt = this.clock.now();
    this.ledger = new RecordingLedger(spec.state, deps.journal, this.log, this.clock);
    this.parts = new RecordingParts({ baseName: spec.baseName, deps, ledger: this.ledger, log: this.log });
    this.pauses = new DiskPause({
      scratchRoot: deps.scratchRoot,
      space: deps.space,
      ledger: this.ledger,
      parts: this.parts,
      log: this.log,
      clock: this.clock,
    });
  }

  /** The recording's state, kept by the ledger its parts and pauses share. */
  private get state(): ResumeState {
    return this.ledger.state;
  }

  private set state(state: ResumeState) {
    this.ledger.state = state;
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
      scratch = await this.pauses.untilWritable(signal, () =>
        Scratch.open(this.deps.scratchRoot, this.spec.jobId),
      );
      if (!scratch) return await this.stop(null, signal, null);
      const dir: Scratch = scratch;
      stream = await this.pauses.untilWritable(signal, () => this.parts.reopen(dir));
      this.startSnapshots(dir, snapshots.signal);
      let waitMs = 125;
      for (;;) {
        if (signal.aborted) return await this.stop(stream, signal, dir);
        try {
          const blocked = this.pauses.blocked();
          if (blocked) {
            stream = await this.pauses.pause(stream, blocked, signal, dir);
            continue;
          }
          const step = await this.step(stream, dir, signal, waitMs);
          stream = step.stream;
          waitMs = step.waitMs;
          if (step.outcome) return step.outcome;
        } catch (err) {
          if (!isDiskFull(err) || signal.aborted) throw err;
          stream = await this.pauses.pause(
            stream,
            `the disk is full (${(err as Error).message})`,
            signal,
            dir,
          );
        }
      }
    } catch (err) {
      this.log.error({ err }, "recording failed");
      // What the failed recording holds is kept: its open part is finished and stored (or, if even that
      // fails, its file closed as it is).
      const open = this.parts.open ?? stream;
      if (open && scratch) {
        await this.parts
          .close(open, scratch, { cause: "failed", error: (err as Error).message })
          .catch(async (closeErr: Error) => {
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
    if (session === "offline" || !(await this.leadsOn(session))) {
      return this.whileAway(stream, scratch, signal, waitMs);
    }
    if (this.state.ended_at !== null) {
      this.log.info("the broadcast came back within the rejoin window: continuing in a new part");
      this.nextPartWhy = { cause: "came_back" };
      this.state = { ...this.state, ended_at: null, end_seen: false };
    }
    const lock = lockOf(session.variant);
    if (stream && !sameVariant(stream.part.variant, lock)) {
      this.log.info(
        { from: stream.part.variant.name, to: lock.name },
        "rendition changed: starting a new part",
      );
      const changed: PartCause = {
        cause: "rendition_changed",
        from: stream.part.variant.name,
        to: lock.name,
      };
      stream = await this.parts.close(stream, scratch, changed);
      this.nextPartWhy = changed;
    }
    const part = stream ?? (await this.parts.start(session, scratch, this.takePartWhy()));
    const end = await this.pauses.watching((pause) =>
      part.follow({ session, signal, offline: () => this.offline, pause }),
    );
    this.ledger.lastProgressAt = this.clock.now();
    this.state = part.state;
    await this.ledger.save();
    return { ...(await this.afterFollow(end, part, scratch, signal)), waitMs: 125 };
  }

  private takePartWhy(): PartCause {
    const why: PartCause = this.nextPartWhy ?? {
      cause: this.state.parts.length === 0 ? "started" : "new_session",
    };
    this.nextPartWhy = null;
    return why;
  }

  /** Whether the session is this recording's to follow: after an end a comeback, before it not the last one. */
  private async leadsOn(session: PlaybackSession): Promise<boolean> {
    const check = { session, state: this.state, fetch: this.deps.fetch, clock: this.clock };
    if (this.state.ended_at !== null && !(await comesBack(check))) return false;
    return !(await previousBroadcast({ ...check, expected: this.spec.streamId, log: this.log }));
  }

  private async afterFollow(
    end: FollowEnd,
    part: PartStream,
    scratch: Scratch,
    signal: AbortSignal,
  ): Promise<{ stream: PartStream | null; outcome?: RecordingOutcome }> {
    switch (end) {
      case "ended": {
        await this.parts.close(part, scratch, { cause: "ended" });
        // The broadcast ended when its playlist last brought something new, not when we noticed.
        this.state = { ...this.state, end_seen: true, ended_at: part.lastFreshAt };
        await this.ledger.save();
        return { stream: null };
      }
      case "split":
        this.nextPartWhy = { cause: "split" };
        return { stream: await this.parts.close(part, scratch, { cause: "split" }) };
      case "stalled":
        await this.parts.close(part, scratch, {
          cause: "stalled",
          stall_seconds: this.deps.settings.stallSeconds,
        });
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
          stream: await this.pauses.pause(part, this.pauses.blocked() ?? "low disk space", signal, scratch),
        };
      case "fault": {
        const fault = part.fault ?? new Error("writing failed");
        if (isDiskFull(fault)) {
          const reason = `the disk is full (${fault.message})`;
          return { stream: await this.pauses.pause(part, reason, signal, scratch) };
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
      await this.parts.close(stream, scratch, { cause: "went_away" });
      this.state = { ...this.state, ended_at: this.state.ended_at ?? endedAt };
      await this.ledger.save();
    }
    const verdict = awayVerdict({
      state: this.state,
      settings: this.deps.settings,
      now: this.clock.now(),
      startedAt: this.startedAt,
      lastProgressAt: this.ledger.lastProgressAt,
      offline: this.offline,
    });
    if (verdict.kind === "never-live") {
      const error = `${this.spec.login} did not go live`;
      return { stream: null, waitMs, outcome: { kind: "failed", error, state: this.state } };
    }
    this.state = { ...this.state, ended_at: verdict.endedAt };
    if (verdict.kind === "done") {
      const breach = await this.gapBreach(scratch);
      await scratch.remove();
      const outcome: RecordingOutcome = breach
        ? { kind: "failed", error: breach, state: this.state }
        : { kind: "finished", state: this.state };
      if (breach) this.log.warn({ reason: breach }, "recording lost too much: it ends failed");
      return { stream: null, waitMs, outcome };
    }
    this.ledger.report(this.state.ended_at ? "rejoin-wait" : "waiting", null);
    const now = this.clock.now();
    const next = nextCheckMs({ state: this.state, settings: this.deps.settings, now }, waitMs);
    await this.clock.sleep(next, signal);
    return { stream: null, waitMs: next };
  }

  /**
   * The gap policy's verdict on the whole recording. What it recorded is counted from the fed log (one
   * entry per segment in its files, across restarts of the process), what it lost from its gaps.
   */
  private async gapBreach(scratch: Scratch): Promise<string | null> {
    const recorded = new Set((await scratch.fed()).map((entry) => entry.sequence)).size;
    return endBreach({ lost: lostSegments(this.state.gaps), recorded }, this.deps.settings.gapPolicy);
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

  private async stop(
    stream: PartStream | null,
    signal: AbortSignal,
    scratch: Scratch | null,
  ): Promise<RecordingOutcome> {
    if (signal.reason === CANCEL) {
      // Cancel keeps what was recorded: a part left open by a pause is reopened to be finished.
      try {
        const open = stream ?? (scratch ? await this.parts.reopen(scratch) : null);
        if (open && scratch) await this.parts.close(open, scratch, { cause: "cancelled" });
        await scratch?.remove();
      } catch (err) {
        this.log.error({ err }, "cancelled, but the open part could not be finished");
      }
      return { kind: "cancelled", state: this.state };
    }
    await this.parts.suspend(stream);
    await this.ledger.save({ quiet: true });
    return { kind: "interrupted", state: this.state };
  }
}
