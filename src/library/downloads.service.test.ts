import { describe, expect, test } from "bun:test";
import { callsOf, strictFake } from "../../tests/fakes/strict.ts";
import { videoDetail } from "../../tests/support/video-fixture.ts";
import { Bus } from "../bus/bus.ts";
import type { RecorderEvents } from "../recorder/events.ts";
import type { RecordingProgress } from "../recorder/journal.ts";
import { type DownloadProgress, Downloads, type DownloadsDeps } from "./downloads.service.ts";

// Downloads over strict fakes of the recorder, the videos repository and live detection, and a real bus.

const JOB = "job-1";
const ENDED = { video_id: 42, error: null, partial: false };
const PROGRESS: RecordingProgress = {
  stage: "recording",
  reason: null,
  bytes: 2048,
  segments: 3,
  gaps: 1,
  adSegments: 2,
  mediaSeconds: 6,
  bytesPerSecond: 512,
  variant: "720p60",
};

function downloads(parts: {
  running?: string[];
  live?: Partial<DownloadsDeps["live"]>;
  recorder?: Partial<DownloadsDeps["recorder"]>;
}) {
  const bus = new Bus<RecorderEvents>();
  const running = parts.running ?? [];
  const recorder = strictFake<DownloadsDeps["recorder"]>("recorder", {
    activeJobs: () => running.map((jobId) => ({ jobId, videoId: 42, broadcasterId: "123" })),
    ...parts.recorder,
  });
  const live = strictFake<DownloadsDeps["live"]>("live", parts.live);
  const watch = strictFake<DownloadsDeps["repo"]["watch"]>("repo.watch", { request: async () => {} });
  const repo = strictFake<DownloadsDeps["repo"]>("repo", {
    videos: strictFake<DownloadsDeps["repo"]["videos"]>("repo.videos", {
      getById: async (id) => videoDetail({ id }),
    }),
    watch,
  });
  return { sut: new Downloads({ recorder, repo, live, bus }), bus, live, watch, running };
}

/** Reads a progress feed into an array until it ends. */
function collect(feed: ReturnType<Downloads["progressFeed"]>) {
  const seen: DownloadProgress[] = [];
  let ended = false;
  const off = feed?.(
    (p) => seen.push(p),
    () => {
      ended = true;
    },
  );
  return { seen, ended: () => ended, off };
}

describe("Downloads", () => {
  test("start asks live detection to record now, lists it as the caller's request, and answers in the API's words", async () => {
    const { sut, live, watch } = downloads({
      live: { recordNow: async () => ({ jobId: JOB, videoId: 42 }) },
    });
    expect(
      await sut.start("123", { quality: "720p", recording_type: "audio", force_h264: true }, "u1"),
    ).toEqual({ job_id: JOB, video_id: 42 });
    expect(callsOf(live)).toEqual([
      ["recordNow", ["123", { quality: "720p", recordingType: "audio", forceH264: true }]],
    ]);
    expect(callsOf(watch)).toEqual([["request", ["u1", 42]]]);
  });

  test("the running list joins each recording's progress with its video", async () => {
    const { sut } = downloads({
      recorder: {
        activeProgress: () => [{ jobId: JOB, videoId: 42, broadcasterId: "123", progress: PROGRESS }],
      },
    });
    const [only] = await sut.active();
    expect(only).toMatchObject({
      job_id: JOB,
      bytes_written: 2048,
      segments_gaps: 1,
      segments_ad_gaps: 2,
      speed: 512,
      video: { id: 42 },
    });
  });

  test("a progress feed carries only its job's progress and ends with that job", async () => {
    const { sut, bus } = downloads({ running: [JOB] });
    const read = collect(sut.progressFeed(JOB));
    bus.emit("recording.progress", { ...PROGRESS, job_id: "other", video_id: 9 });
    bus.emit("recording.progress", { ...PROGRESS, job_id: JOB, video_id: 42 });
    bus.emit("recording.finished", { ...ENDED, job_id: "other", outcome: "finished", broadcaster_id: "9" });
    expect(read.ended()).toBe(false);
    bus.emit("recording.finished", { ...ENDED, job_id: JOB, outcome: "cancelled", broadcaster_id: "123" });
    expect(read.seen.map((p) => [p.job_id, p.bytes_written])).toEqual([[JOB, 2048]]);
    expect(read.ended()).toBe(true);
    read.off?.();
    expect(bus.listenerCount("recording.progress")).toBe(0);
  });

  test("no feed for a recording not running here; one that ends before its listeners are on ends at once", async () => {
    const { sut, running } = downloads({ running: [JOB] });
    expect(sut.progressFeed("unknown")).toBeNull();
    const feed = sut.progressFeed(JOB);
    running.length = 0;
    expect(collect(feed).ended()).toBe(true);
  });
});
