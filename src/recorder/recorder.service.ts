import { randomUUID } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { EventBus } from "../bus/bus.ts";
import type { RecordingRepository } from "../db/repos/recordings.repo.ts";
import type { ServerSettingsRepository } from "../db/repos/server-settings.repo.ts";
import type { CategoryUpsert } from "../domain/channels.ts";
import { ConflictError } from "../domain/errors.ts";
import type { Job } from "../domain/recording.ts";
import type { Quality, RecordingType, Video } from "../domain/videos.ts";
import { terminalDelivery, terminalEvent } from "../domain/webhooks.ts";
import { type Clock, systemClock } from "../lib/clock.ts";
import { writeUntilSaved } from "./durable-write.ts";
import type { RecorderEvents } from "./events.ts";
import type { RecordingJournal, RecordingProgress } from "./journal.ts";
import {
  CANCEL,
  Recording,
  type RecordingDeps,
  type RecordingOutcome,
  type RecordingSpec,
} from "./recording.ts";
import { databaseJournal, type JournalStore } from "./recording-journal.ts";
import { gapMarkers, type ResumeState, readResumeState } from "./resume-state.ts";
import { terminalStatus } from "./terminal-status.ts";

/** What the recorder reads and writes in the database (its recordings' journals included). */
export interface RecorderStore extends JournalStore {
  recordings: JournalStore["recordings"] &
    Pick<RecordingRepository, "start" | "markRunning" | "listUnfinished" | "repairOrphans">;
  /** The final status and the webhook's outbox row, written together. */
  transaction<R>(work: (tx: FinishStore) => Promise<R>): Promise<R>;
}

/** What finishing a recording reads and writes, in one transaction. */
export interface FinishStore {
  serverSettings: Pick<ServerSettingsRepository, "get">;
  recordings: Pick<RecordingRepository, "finish">;
}

/** One recording as the service runs it (a `Recording`, or a stand-in in tests). */
export type RecordingRun = Pick<Recording, "run" | "channelOffline" | "channelOnline">;

/** What each recording needs (but its journal, which the service provides), plus the service's own. */
export interface RecorderServiceDeps extends Omit<RecordingDeps, "journal"> {
  repo: RecorderStore;
  bus: Pick<EventBus<RecorderEvents>, "emit">;
  /** Recordings allowed at once. */
  maxConcurrent: number;
  /** Why recordings cannot run on this host now (ffmpeg missing), or null. Asked before each start. */
  preflight?: () => Promise<string | null>;
  /** Makes each recording: a `Recording` unless a test stands one in. */
  makeRecording?: (spec: RecordingSpec, deps: RecordingDeps) => RecordingRun;
}

export interface StartRequest {
  broadcaster: { id: string; login: string; name: string };
  quality: Quality;
  recordingType: RecordingType;
  forceH264: boolean;
  title?: string;
  language?: string;
  streamId?: string | null;
  viewerCount?: number;
  category?: CategoryUpsert | null;
  tags?: string[];
  scheduleId?: number | null;
  retention?: { hours: number; scheduleId: number } | null;
}

/** The longest wait between attempts of a write a running recording waits on (see `persist`). */
const IN_PATH_MAX_DELAY_MS = 2_000;

/** The channel is being recorded already (one recording per channel at a time). */
export class ChannelBusyError extends ConflictError {
  override name = "ChannelBusyError";
}

/** `maxConcurrent` recordings are running (the event log's `not_recorded` keeps the number). */
export class AtCapacityError extends ConflictError {
  override name = "AtCapacityError";
  constructor(
    message: string,
    readonly maxConcurrent: number | null = null,
  ) {
    super(message);
  }
}

/**
 * The data folder's disk is under its free-space floor: a recording would pause at once. `problem` is the
 * free-space guard's own words, without the channel.
 */
export class DiskSpaceError extends ConflictError {
  override name = "DiskSpaceError";
  constructor(
    message: string,
    readonly problem: string | null = null,
  ) {
    super(message);
  }
}

/** This host cannot record now (ffmpeg or ffprobe missing); `problem` is the check's own words. */
export class RecorderUnavailableError extends ConflictError {
  override name = "RecorderUnavailableError";
  constructor(
    message: string,
    readonly problem: string | null = null,
  ) {
    super(message);
  }
}

interface Active {
  /** Seconds of video recorded so far (from the latest progress), to place title changes on its timeline. */
  mediaSeconds: number;
  /** The latest progress report (null until the first one). */
  progress: RecordingProgress | null;
  jobId: string;
  videoId: number;
  broadcasterId: string;
  login: string;
  recording: RecordingRun;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Starts, tracks, cancels and resumes recordings, and keeps the database in step with each: the video and
 * job rows, parts as they open and finish, checkpoints, and the final status. Recordings run in the
 * background; nothing here blocks a request for longer than the database writes that start one.
 */
export class RecorderService {
  private readonly active = new Map<string, Active>();
  private stopping = false;
  /** Aborted at shutdown: wakes database writes waiting to be retried. */
  private readonly shutdownSignal = new AbortController();
  private readonly clock: Clock;

  constructor(private readonly deps: RecorderServiceDeps) {
    this.clock = deps.clock ?? systemClock;
  }

  /** @throws ChannelBusyError, AtCapacityError, NotFoundError (channel not watched) */
  async start(request: StartRequest): Promise<{ jobId: string; videoId: number }> {
    if (this.stopping) throw new ConflictError("replayd is shutting down");
    if ([...this.active.values()].some((a) => a.broadcasterId === request.broadcaster.id)) {
      throw new ChannelBusyError(`${request.broadcaster.login} is already being recorded`);
    }
    if (this.active.size >= this.deps.maxConcurrent) {
      const max = this.deps.maxConcurrent;
      throw new AtCapacityError(`${max} recordings are running already`, max);
    }
    const blocked = this.deps.space?.blocked();
    if (blocked) throw new DiskSpaceError(`not recording ${request.broadcaster.login}: ${blocked}`, blocked);
    const unable = await this.deps.preflight?.();
    if (unable)
      throw new RecorderUnavailableError(`not recording ${request.broadcaster.login}: ${unable}`, unable);
    const jobId = randomUUID();
    const { video, job } = await this.deps.repo.recordings
      .start({
        job_id: jobId,
        filename: baseName(request.broadcaster.login, jobId, new Date(this.clock.now())),
        display_name: request.broadcaster.name,
        title: request.title ?? "",
        quality: request.recordingType === "audio" ? "audio_only" : request.quality,
        recording_type: request.recordingType,
        force_h264: request.forceH264,
        broadcaster_id: request.broadcaster.id,
        stream_id: request.streamId ?? null,
        viewer_count: request.viewerCount ?? 0,
        language: request.language ?? "en",
        category: request.category ?? null,
        tags: request.tags ?? [],
        trigger_schedule_id: request.scheduleId ?? null,
        retention_source_schedule_id: request.retention?.scheduleId ?? null,
        retention_window_hours: request.retention?.hours ?? null,
      })
      .catch((err: Error) => {
        throw err instanceof ConflictError ? new ChannelBusyError(err.message) : err;
      });
    this.launch(video, job, request.broadcaster.login, readResumeState(job.resume_state), false);
    return { jobId, videoId: video.id };
  }

  /** Picks up every recording a previous process left running. Call before HTTP starts. */
  async resumeUnfinished(): Promise<number> {
    const repaired = await this.deps.repo.recordings.repairOrphans();
    if (repaired > 0)
      this.deps.log.warn({ videos: repaired }, "closed videos left recording without a running job");
    const unfinished = await this.deps.repo.recordings.listUnfinished();
    for (const { video, job, broadcaster_login } of unfinished) {
      let state: ResumeState;
      try {
        state = readResumeState(job.resume_state);
      } catch (err) {
        // The markers the damaged checkpoint's saves stored are kept (the fresh state has none).
        await this.finish(
          job.id,
          video.id,
          { kind: "failed", error: (err as Error).message, state: readResumeState({}) },
          { keepGaps: true },
        );
        continue;
      }
      this.deps.log.info({ job_id: job.id, channel: broadcaster_login }, "resuming a recording left running");
      this.launch(video, job, broadcaster_login, state, true);
    }
    await this.sweepScratch();
    return unfinished.length;
  }

  /** Stops a recording for good; what was recorded is kept. */
  async cancel(jobId: string): Promise<boolean> {
    const running = this.active.get(jobId);
    if (!running) return false;
    running.controller.abort(CANCEL);
    await running.done;
    return true;
  }

  /** Live detection's hints: an offline channel's missing playlist ends its recording at once. */
  channelOffline(broadcasterId: string): void {
    for (const a of this.active.values()) if (a.broadcasterId === broadcasterId) a.recording.channelOffline();
  }

  channelOnline(broadcasterId: string): void {
    for (const a of this.active.values()) if (a.broadcasterId === broadcasterId) a.recording.channelOnline();
  }

  /** The recording running for a channel, if any, and how much it holds so far. */
  activeFor(broadcasterId: string): { jobId: string; videoId: number; mediaSeconds: number } | null {
    const found = [...this.active.values()].find((a) => a.broadcasterId === broadcasterId);
    return found ? { jobId: found.jobId, videoId: found.videoId, mediaSeconds: found.mediaSeconds } : null;
  }

  isRecording(broadcasterId: string): boolean {
    return [...this.active.values()].some((a) => a.broadcasterId === broadcasterId);
  }

  activeJobs(): { jobId: string; videoId: number; broadcasterId: string }[] {
    return [...this.active.values()].map(({ jobId, videoId, broadcasterId }) => ({
      jobId,
      videoId,
      broadcasterId,
    }));
  }

  /** Every running recording with its latest progress (the API's active-downloads list). */
  activeProgress(): {
    jobId: string;
    videoId: number;
    broadcasterId: string;
    progress: RecordingProgress | null;
  }[] {
    return [...this.active.values()].map(({ jobId, videoId, broadcasterId, progress }) => ({
      jobId,
      videoId,
      broadcasterId,
      progress,
    }));
  }

  /** Why each paused recording is paused (a full disk), for health. */
  pausedReasons(): string[] {
    const reasons: string[] = [];
    for (const { progress } of this.active.values())
      if (progress?.stage === "paused") reasons.push(progress.reason ?? "paused");
    return reasons;
  }

  /** How many recordings may run at once. */
  get maxConcurrent(): number {
    return this.deps.maxConcurrent;
  }

  /** Resolves once no recording runs (the CLI waits on it). */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.race([...this.active.values()].map((a) => a.done));
  }

  /** Shutdown: every recording stops where it is and stays RUNNING, to resume at the next start. */
  async shutdown(): Promise<void> {
    this.stopping = true;
    this.shutdownSignal.abort();
    for (const a of this.active.values()) a.controller.abort("shutdown");
    await Promise.all([...this.active.values()].map((a) => a.done));
  }

  private launch(video: Video, job: Job, login: string, state: ResumeState, resumed: boolean): void {
    const controller = new AbortController();
    const log = this.deps.log.child({ job_id: job.id, channel: login });
    const makeRecording = this.deps.makeRecording ?? ((spec, deps) => new Recording(spec, deps));
    const recording = makeRecording(
      {
        jobId: job.id,
        login,
        streamId: video.stream_id,
        baseName: video.filename,
        quality: video.quality,
        forceH264: video.force_h264,
        state,
      },
      { ...this.deps, log, journal: this.journal(video, job.id, log) },
    );
    const done = (async () => {
      try {
        const started = await this.persist(
          "the recording's start",
          log,
          () => this.deps.repo.recordings.markRunning(job.id),
          { inPath: true },
        );
        if (!started) return;
        this.deps.bus.emit("recording.started", {
          job_id: job.id,
          video_id: video.id,
          broadcaster_id: video.broadcaster_id,
          login,
          display_name: video.display_name,
          title: video.title,
          quality: video.quality,
          schedule_id: video.trigger_schedule_id,
          resumed,
        });
        const outcome = await recording.run(controller.signal);
        await this.finish(job.id, video.id, outcome, {}, log);
      } catch (err) {
        log.error({ err }, "recording could not be run");
        await this.finish(
          job.id,
          video.id,
          { kind: "failed", error: (err as Error).message, state },
          {},
          log,
        );
      } finally {
        this.active.delete(job.id);
      }
    })();
    this.active.set(job.id, {
      mediaSeconds: 0,
      progress: null,
      jobId: job.id,
      videoId: video.id,
      broadcasterId: video.broadcaster_id,
      login,
      recording,
      controller,
      done,
    });
  }

  private journal(video: Video, jobId: string, log: RecordingDeps["log"]): RecordingJournal {
    return databaseJournal({
      repo: this.deps.repo,
      video,
      jobId,
      // A part's rows are retried like the start; one not saved (refused by the data, or shutdown came
      // first) fails the write, as before.
      durable: async (what, write) => {
        const saved = await this.persist(what, log, async () => ({ value: await write() }), { inPath: true });
        if (!saved) throw new Error(`${what} was not saved`);
        return saved.value;
      },
      onPlaced: (placement) =>
        this.deps.bus.emit("recording.placed", { job_id: jobId, video_id: video.id, ...placement }),
      onPartNote: (note) =>
        this.deps.bus.emit("recording.part", {
          job_id: jobId,
          video_id: video.id,
          broadcaster_id: video.broadcaster_id,
          ...note,
        }),
      onProgress: (progress) => {
        const running = this.active.get(jobId);
        if (running) {
          running.mediaSeconds = progress.mediaSeconds;
          running.progress = progress;
        }
        this.deps.bus.emit("recording.progress", { job_id: jobId, video_id: video.id, ...progress });
      },
    });
  }

  private async finish(
    jobId: string,
    videoId: number,
    outcome: RecordingOutcome,
    options: { keepGaps?: boolean } = {},
    log = this.deps.log.child({ job_id: jobId }),
  ): Promise<void> {
    if (outcome.kind === "interrupted") return;
    const { state } = outcome;
    const terminal = terminalStatus(jobId, outcome);
    // The webhook's outbox row commits with the terminal status (never one without the other), decided on
    // the settings as they are now: a change made during a recording applies to it. A status that cannot
    // be written (a full disk, the database away) is retried: the channel stays busy meanwhile, and a
    // shutdown leaves the job to be resumed and finished by the next start.
    const saved = await this.persist("the recording's final status", log, () =>
      this.deps.repo.transaction(async (tx) => {
        const settings = await tx.serverSettings.get();
        const webhook = terminalDelivery(settings, terminalEvent(terminal.status), videoId);
        // The final markers: the last checkpoint may be a few segments behind the outcome's state.
        const gaps = options.keepGaps ? null : gapMarkers(state);
        await tx.recordings.finish({ ...terminal, webhook, gaps });
        return true;
      }),
    );
    if (!saved) return;
    const running = this.active.get(jobId);
    this.deps.bus.emit("recording.finished", {
      job_id: jobId,
      outcome: outcome.kind,
      broadcaster_id: running?.broadcasterId ?? null,
      video_id: videoId,
      error: outcome.kind === "failed" ? outcome.error : null,
      partial: terminal.completion_kind === "partial",
    });
  }

  /**
   * A database write retried until it lands (see `writeUntilSaved`), or null. One the recording waits on
   * (`inPath`: its start, its parts' rows) is tried again at least every 2 s: the stream's window does not
   * wait, and a lost connection or a restarted database is usually back within a second.
   */
  private persist<T>(
    what: string,
    log: RecordingDeps["log"],
    write: () => Promise<T>,
    options: { inPath?: boolean } = {},
  ): Promise<T | null> {
    return writeUntilSaved(what, write, {
      log,
      clock: this.clock,
      stopping: () => this.stopping,
      signal: this.shutdownSignal.signal,
      maxDelayMs: options.inPath ? IN_PATH_MAX_DELAY_MS : undefined,
    });
  }

  /** Scratch folders of jobs that are not running any more (cancelled or failed before a restart). */
  private async sweepScratch(): Promise<void> {
    const names = await readdir(this.deps.scratchRoot).catch(() => [] as string[]);
    for (const name of names) {
      if (!this.active.has(name))
        await rm(join(this.deps.scratchRoot, name), { recursive: true, force: true });
    }
  }
}

/** `<UTC yyyymmdd-hhmmss>-<login>-<first 8 hex of the job id>`: sortable, readable, unique. */
export function baseName(login: string, jobId: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${login.toLowerCase()}-${jobId.replace(/-/g, "").slice(0, 8)}`;
}
