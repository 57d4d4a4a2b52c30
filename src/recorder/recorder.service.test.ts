import { describe, expect, mock, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeClock } from "../../tests/fakes/clock.ts";
import { strict } from "../../tests/fakes/strict.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import type { ServerSettings } from "../domain/ops.ts";
import type { FinishRecording, Job, StartRecording } from "../domain/recording.ts";
import type { Video, VideoPart } from "../domain/videos.ts";
import { createLogger } from "../log/logger.ts";
import type { RecorderEvents } from "./events.ts";
import type { RecordingJournal } from "./journal.ts";
import {
  AtCapacityError,
  ChannelBusyError,
  DiskSpaceError,
  type FinishStore,
  RecorderService,
  type RecorderStore,
  RecorderUnavailableError,
  type RecordingRun,
  type StartRequest,
} from "./recorder.service.ts";
import { CANCEL, type RecordingOutcome, type RecordingSpec } from "./recording.ts";
import { freshState, type PartState, type ResumeState } from "./resume-state.ts";
import { DEFAULT_SETTINGS } from "./settings.ts";

// The recorder service with strict fakes: a database that has only the methods the service uses, a
// stand-in for each recording (the test decides how it ends), and a fake clock for the retries.

const quiet = createLogger({ level: "fatal", format: "json" });

/** A recording the test ends: with an outcome, or by the service's signal (cancel, shutdown). */
class StandIn implements RecordingRun {
  offline = false;
  private end = Promise.withResolvers<RecordingOutcome>();
  constructor(readonly spec: RecordingSpec) {}
  run(signal: AbortSignal): Promise<RecordingOutcome> {
    const state = this.spec.state;
    const stop = () =>
      this.end.resolve(
        signal.reason === CANCEL ? { kind: "cancelled", state } : { kind: "interrupted", state },
      );
    if (signal.aborted) stop();
    signal.addEventListener("abort", stop);
    return this.end.promise;
  }
  finish(outcome: RecordingOutcome): void {
    this.end.resolve(outcome);
  }
  channelOffline(): void {
    this.offline = true;
  }
  channelOnline(): void {
    this.offline = false;
  }
}

const request = (id: string, login = `channel_${id}`): StartRequest => ({
  broadcaster: { id, login, name: login },
  quality: "source",
  recordingType: "video",
  forceH264: false,
  streamId: `stream-${id}`,
});

function rows(input: StartRecording, videoId: number): { video: Video; job: Job } {
  const at = "2026-01-01T12:00:00.000Z";
  const video: Video = {
    id: videoId,
    job_id: input.job_id,
    filename: input.filename,
    display_name: input.display_name,
    title: input.title,
    status: "PENDING",
    quality: input.quality,
    selected_quality: null,
    selected_fps: null,
    recording_type: input.recording_type,
    force_h264: input.force_h264,
    broadcaster_id: input.broadcaster_id,
    stream_id: input.stream_id ?? null,
    primary_category_id: null,
    viewer_count: input.viewer_count ?? 0,
    language: input.language,
    duration_seconds: null,
    size_bytes: null,
    thumbnail: null,
    error: null,
    start_download_at: at,
    downloaded_at: null,
    completion_kind: "complete",
    truncated: false,
    trigger_schedule_id: input.trigger_schedule_id ?? null,
    retention_source_schedule_id: input.retention_source_schedule_id ?? null,
    retention_window_hours: input.retention_window_hours ?? null,
    retention_due_at: null,
    deleted_at: null,
    deletion_kind: null,
    delete_requested_at: null,
    updated_at: at,
  };
  const job: Job = {
    id: input.job_id,
    video_id: videoId,
    broadcaster_id: input.broadcaster_id,
    status: "PENDING",
    started_at: null,
    finished_at: null,
    error: null,
    resume_state: {},
    checkpoint_at: null,
    instance_id: null,
    created_at: at,
    updated_at: at,
  };
  return { video, job };
}

function world(
  options: {
    maxConcurrent?: number;
    blocked?: string | null;
    preflight?: string | null;
    finish?: (input: FinishRecording) => Promise<unknown>;
    unfinished?: Awaited<ReturnType<RecorderStore["recordings"]["listUnfinished"]>>;
    scratchRoot?: string;
    /** The journal's part writes the test expects (any other one fails the test). */
    parts?: Partial<RecorderStore["recordings"]>;
  } = {},
) {
  const clock = new FakeClock();
  const standIns: StandIn[] = [];
  const journals: RecordingJournal[] = [];
  const events: { topic: keyof RecorderEvents; payload: unknown }[] = [];
  const order: string[] = [];
  let videoIds = 0;
  const finished: FinishRecording[] = [];
  // What the database does with a final status (accepts it, unless the test says otherwise).
  const finish = mock(options.finish ?? (async (_input: FinishRecording): Promise<unknown> => undefined));
  const start = mock(async (input: StartRecording) => rows(input, ++videoIds));
  const settings = strict<ServerSettings>("settings", { recording_webhook_enabled: false });
  const tx = strict<FinishStore>("tx", {
    serverSettings: strict<FinishStore["serverSettings"]>("tx.serverSettings", { get: async () => settings }),
    recordings: strict<FinishStore["recordings"]>("tx.recordings", {
      finish: async (input) => {
        await finish(input);
        finished.push(input);
        return rows({} as StartRecording, 0);
      },
    }),
  });
  const repo = strict<RecorderStore>("repo", {
    recordings: strict<RecorderStore["recordings"]>("repo.recordings", {
      start,
      markRunning: async () => rows({} as StartRecording, 0),
      repairOrphans: async () => {
        order.push("repairOrphans");
        return 1;
      },
      listUnfinished: async () => {
        order.push("listUnfinished");
        return options.unfinished ?? [];
      },
      ...options.parts,
    }),
    videos: strict<RecorderStore["videos"]>("repo.videos", {}),
    transaction: (work) => work(tx),
  });
  const recorder = new RecorderService({
    repo,
    bus: strict("bus", {
      emit: (topic, payload) => void events.push({ topic, payload }),
    }),
    playback: strict("playback", {}),
    imagesOrigin: "https://images.test",
    storage: strict("storage", {}),
    scratchRoot: options.scratchRoot ?? join(tmpdir(), "replayd-no-scratch"),
    ffmpegPath: "ffmpeg",
    ffprobePath: "ffprobe",
    log: quiet,
    settings: DEFAULT_SETTINGS,
    maxConcurrent: options.maxConcurrent ?? 2,
    space: { blocked: () => options.blocked ?? null, onChange: () => () => {} },
    preflight: async () => options.preflight ?? null,
    clock,
    makeRecording: (spec, deps) => {
      journals.push(deps.journal);
      const standIn = new StandIn(spec);
      standIns.push(standIn);
      return standIn;
    },
  });
  const topics = () => events.map((e) => e.topic);
  return { clock, recorder, standIns, journals, events, topics, start, finish, finished, order };
}

const part = (index: number): PartState => ({
  index,
  key: `videos/base-part0${index}.mp4`,
  path: `/data/videos/base-part0${index}.mp4`,
  variant: { name: "720p60", codec: "h264", height: 720, fps: 60, audio_only: false },
  format: "ts",
  start_sequence: 0,
  end_sequence: null,
  finished: false,
  duration_seconds: 0,
  size_bytes: 0,
});

const outcome = (kind: "finished", state: ResumeState = freshState()): RecordingOutcome => ({ kind, state });

describe("RecorderService", () => {
  test("start writes the video and job, runs the recording and announces it; its end is written and announced", async () => {
    const w = world();
    const { jobId, videoId } = await w.recorder.start(request("1", "Kitchen_Lab"));
    expect(w.start.mock.calls[0]?.[0]).toMatchObject({
      job_id: jobId,
      broadcaster_id: "1",
      stream_id: "stream-1",
      quality: "source",
      // <UTC time of the clock>-<login>-<first 8 hex of the job id>
      filename: `20260101-120000-kitchen_lab-${jobId.replace(/-/g, "").slice(0, 8)}`,
    });
    expect(w.recorder.isRecording("1")).toBe(true);
    await w.clock.advance(0);
    expect(w.topics()).toEqual(["recording.started"]);
    expect(w.standIns[0]?.spec).toMatchObject({ jobId, streamId: "stream-1", login: "Kitchen_Lab" });

    w.standIns[0]?.finish(outcome("finished"));
    await w.recorder.idle();
    expect(w.finished[0]).toMatchObject({ job_id: jobId, status: "DONE", webhook: null });
    expect(w.events.at(-1)).toEqual({
      topic: "recording.finished",
      payload: {
        job_id: jobId,
        outcome: "finished",
        broadcaster_id: "1",
        video_id: videoId,
        error: null,
        partial: false,
      },
    });
    expect(w.recorder.isRecording("1")).toBe(false);
    expect(videoId).toBe(1);
  });

  test("a channel already being recorded is refused, as is one more than max_concurrent", async () => {
    const w = world({ maxConcurrent: 2 });
    await w.recorder.start(request("1"));
    await expect(w.recorder.start(request("1"))).rejects.toThrow(ChannelBusyError);
    await w.recorder.start(request("2"));
    const refused = await w.recorder.start(request("3")).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AtCapacityError);
    // The event log says the number in the reader's language: it travels with the error.
    expect(refused).toMatchObject({ message: "2 recordings are running already", maxConcurrent: 2 });
    expect(w.start).toHaveBeenCalledTimes(2);
  });

  test("the database saying the channel is busy (another process) is a busy channel", async () => {
    const w = world();
    w.start.mockImplementationOnce(async () => {
      throw new ConflictError("open recording");
    });
    await expect(w.recorder.start(request("1"))).rejects.toThrow(ChannelBusyError);
  });

  test("under the free-space floor, or without a usable ffmpeg, a start is refused with the reason and nothing is written", async () => {
    const full = world({ blocked: "free space is under the floor (2 GiB)" });
    await expect(full.recorder.start(request("1", "kitchen_lab"))).rejects.toThrow(
      new DiskSpaceError("not recording kitchen_lab: free space is under the floor (2 GiB)"),
    );
    const broken = world({ preflight: "ffmpeg not found (FFMPEG_PATH): recordings cannot start" });
    await expect(broken.recorder.start(request("1", "kitchen_lab"))).rejects.toThrow(
      new RecorderUnavailableError(
        "not recording kitchen_lab: ffmpeg not found (FFMPEG_PATH): recordings cannot start",
      ),
    );
    // The guard's and the check's own words travel with the errors, without the channel (the event log).
    expect(await full.recorder.start(request("1", "kitchen_lab")).catch((err: unknown) => err)).toMatchObject(
      {
        problem: "free space is under the floor (2 GiB)",
      },
    );
    expect(
      await broken.recorder.start(request("1", "kitchen_lab")).catch((err: unknown) => err),
    ).toMatchObject({ problem: "ffmpeg not found (FFMPEG_PATH): recordings cannot start" });
    expect(full.start).not.toHaveBeenCalled();
    expect(broken.start).not.toHaveBeenCalled();
  });

  test("cancel ends the recording DONE, marked cancelled, and frees the channel", async () => {
    const w = world();
    const { jobId } = await w.recorder.start(request("1"));
    expect(await w.recorder.cancel(jobId)).toBe(true);
    expect(w.finished[0]).toMatchObject({ job_id: jobId, status: "DONE", completion_kind: "cancelled" });
    expect(w.recorder.isRecording("1")).toBe(false);
    expect(await w.recorder.cancel(jobId)).toBe(false);
  });

  test("a final status the database cannot take is retried with backoff until it lands; the channel stays busy meanwhile", async () => {
    let failures = 2;
    const w = world({
      finish: async () => {
        if (failures-- > 0) throw new Error("database or disk is full");
      },
    });
    await w.recorder.start(request("1"));
    w.standIns[0]?.finish(outcome("finished"));
    await w.clock.advance(0);
    expect(w.finish).toHaveBeenCalledTimes(1);
    expect(w.clock.pending()).toEqual([500]);
    expect(w.recorder.isRecording("1")).toBe(true);
    await w.clock.advance(500);
    expect(w.finish).toHaveBeenCalledTimes(2);
    expect(w.clock.pending()).toEqual([1_000]);
    await w.clock.advance(1_000);
    expect(w.finish).toHaveBeenCalledTimes(3);
    expect(w.finished).toHaveLength(1);
    expect(w.recorder.isRecording("1")).toBe(false);
    expect(w.topics().at(-1)).toBe("recording.finished");
  });

  test("a final status the data refuses is not retried; a shutdown stops retrying and leaves the job to the next start", async () => {
    const refused = world({
      finish: async () => {
        throw new NotFoundError("no job");
      },
    });
    await refused.recorder.start(request("1"));
    refused.standIns[0]?.finish(outcome("finished"));
    await refused.recorder.idle();
    expect(refused.finish).toHaveBeenCalledTimes(1);
    expect(refused.topics()).not.toContain("recording.finished");

    const away = world({
      finish: async () => {
        throw new Error("connection refused");
      },
    });
    await away.recorder.start(request("1"));
    away.standIns[0]?.finish(outcome("finished"));
    await away.clock.advance(0);
    // Shutdown wakes the retry: one last attempt, then the job is left RUNNING for the next start.
    await away.recorder.shutdown();
    expect(away.finish).toHaveBeenCalledTimes(2);
    expect(away.topics()).not.toContain("recording.finished");
    expect(away.recorder.isRecording("1")).toBe(false);
  });

  test("a part's row the database cannot take (its connection lost) is retried until it lands, at least every 2 s: the recording goes on", async () => {
    const lost = Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), {
      code: "CONNECTION_CLOSED",
    });
    let failures = 4;
    const addPart = mock(async (part: Parameters<RecorderStore["recordings"]["addPart"]>[0]) => {
      if (failures-- > 0) throw lost;
      return { id: 7, ...part } as unknown as VideoPart;
    });
    const selectVariant = mock(async () => {});
    const w = world({ parts: { addPart, selectVariant } });
    await w.recorder.start(request("1"));
    let saved = false;
    const opened = w.journals[0]?.partOpened(part(1), freshState()).then(() => {
      saved = true;
    });
    await w.clock.advance(0);
    // The final status waits up to 30 s between attempts; a write the recording waits on, 2 s.
    for (const delay of [500, 1_000, 2_000, 2_000]) {
      expect(w.clock.pending()).toEqual([delay]);
      await w.clock.advance(delay);
    }
    await opened;
    expect([addPart.mock.calls.length, selectVariant.mock.calls.length, saved]).toEqual([5, 1, true]);
    expect(w.recorder.isRecording("1")).toBe(true);
  });

  test("a part's row that landed though its answer was lost (the connection dropped after COMMIT) is found on the retry", async () => {
    const rows: VideoPart[] = [];
    const addPart = mock(async (row: Parameters<RecorderStore["recordings"]["addPart"]>[0]) => {
      if (rows.some((r) => r.part_index === row.part_index)) throw new ConflictError("part 1 exists");
      rows.push({ id: 7, ...row } as unknown as VideoPart);
      throw Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    });
    const finalizePart = mock(async (id: number) => rows.find((r) => r.id === id) as VideoPart);
    const w = world({
      parts: { addPart, listParts: async () => rows, selectVariant: async () => {}, finalizePart },
    });
    await w.recorder.start(request("1"));
    const opened = w.journals[0]?.partOpened(part(1), freshState());
    await w.clock.advance(0);
    await w.clock.advance(500);
    await opened;
    expect([addPart.mock.calls.length, rows.length]).toEqual([2, 1]);
    // The row found is the part's: its end is written to it.
    await w.journals[0]?.partFinished({ ...part(1), finished: true, end_sequence: 9, duration_seconds: 5 });
    expect(finalizePart.mock.calls.map((call) => call[0])).toEqual([7]);
  });

  test("a part's row the data refuses (another row in its place) is not retried: the write fails, as before", async () => {
    const addPart = mock(async (): Promise<VideoPart> => {
      throw new ConflictError("part 1 exists");
    });
    const w = world({ parts: { addPart, listParts: async () => [] } });
    await w.recorder.start(request("1"));
    await expect(w.journals[0]?.partOpened(part(1), freshState()) ?? null).rejects.toThrow(
      "part 1 was not saved",
    );
    expect(addPart).toHaveBeenCalledTimes(1);
  });

  test("shutdown leaves running recordings unfinished (resumable), and refuses new ones", async () => {
    const w = world();
    await w.recorder.start(request("1"));
    await w.recorder.shutdown();
    expect(w.finish).not.toHaveBeenCalled();
    await expect(w.recorder.start(request("2"))).rejects.toThrow("replayd is shutting down");
  });

  test("at boot, orphans are repaired first, then each unfinished job resumes from its checkpoint; a damaged one ends FAILED keeping its markers; stale scratch is swept", async () => {
    const scratchRoot = mkdtempSync(join(tmpdir(), "replayd-scratch-"));
    for (const name of ["job-ok", "job-gone"]) mkdirSync(join(scratchRoot, name));
    const state = { ...freshState(), frontier: 41 };
    const unfinished = (id: string, resume: object) => {
      const { video, job } = rows(
        { ...request(id), job_id: `job-${id}`, filename: `base-${id}`, stream_id: null } as never,
        Number(id.length),
      );
      return { video, job: { ...job, resume_state: resume as never }, broadcaster_login: id, parts: [] };
    };
    const w = world({
      scratchRoot,
      unfinished: [unfinished("ok", state), unfinished("damaged", { parts: "not a list" })],
    });
    expect(await w.recorder.resumeUnfinished()).toBe(2);
    expect(w.order).toEqual(["repairOrphans", "listUnfinished"]);
    expect(w.standIns.map((s) => s.spec)).toMatchObject([{ jobId: "job-ok", state: { frontier: 41 } }]);
    expect(w.finished).toEqual([
      expect.objectContaining({ job_id: "job-damaged", status: "FAILED", gaps: null }),
    ]);
    expect(w.finished[0]?.error).toStartWith("damaged checkpoint");
    expect(existsSync(join(scratchRoot, "job-ok"))).toBe(true);
    expect(existsSync(join(scratchRoot, "job-gone"))).toBe(false);
  });

  test("live detection's hints reach the channel's recording only", async () => {
    const w = world();
    await w.recorder.start(request("1"));
    await w.recorder.start(request("2"));
    w.recorder.channelOffline("2");
    expect(w.standIns.map((s) => s.offline)).toEqual([false, true]);
    w.recorder.channelOnline("2");
    expect(w.standIns[1]?.offline).toBe(false);
  });
});
