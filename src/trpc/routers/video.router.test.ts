import { describe, expect, test } from "bun:test";
import { callsOf, strictFake } from "../../../tests/fakes/strict.ts";
import { caller, failure, fakeApi } from "../../../tests/support/api-unit.ts";
import { videoDetail } from "../../../tests/support/video-fixture.ts";
import { ConflictError, NotFoundError, PreconditionError } from "../../domain/errors.ts";
import type { PlaybackAsset } from "../../domain/videos.ts";
import type { DownloadProgress } from "../../library/downloads.service.ts";
import type { ApiServices } from "../context.ts";

// The video procedures over strict fakes of the library, watch and downloads services: roles, input
// checks naming the field, the one service call each makes, and the answer. No database, no recorder.

type S = ApiServices;
const JOB = "0b7c2b7e-6f0e-4f51-9a53-1f1d8c0a7e11";
const PAGE = { data: [], total: 0, next_cursor: null, prev_cursor: null } as unknown as Awaited<
  ReturnType<S["videos"]["listPage"]>
>;

function world(parts: {
  videos?: Partial<S["videos"]>;
  watch?: Partial<S["watch"]>;
  downloads?: Partial<S["downloads"]>;
}) {
  const videos = strictFake<S["videos"]>("videos", parts.videos);
  const watch = strictFake<S["watch"]>("watch", parts.watch);
  const downloads = strictFake<S["downloads"]>("downloads", parts.downloads);
  return { videos, watch, downloads, api: fakeApi({ videos, watch, downloads }) };
}

type Api = ReturnType<typeof world>["api"];

function progress(bytes: number): DownloadProgress {
  return {
    job_id: JOB,
    video_id: 42,
    stage: "recording",
    reason: null,
    bytes_written: bytes,
    segments_done: 1,
    segments_gaps: 0,
    segments_ad_gaps: 0,
    media_offset_seconds: 2,
    speed: 0,
    variant: "1080p60",
  };
}

describe("video procedures: roles", () => {
  test("nobody signed in is UNAUTHORIZED; a viewer reads the library but may not record, cancel or delete", async () => {
    const { api, videos, downloads } = world({ videos: { list: async () => [] } });
    expect((await failure(api.as(null).video.list())).code).toBe("UNAUTHORIZED");
    const viewer = caller("viewer");
    expect(await api.as(viewer).video.list()).toEqual([]);
    for (const write of [
      () => api.as(viewer).video.triggerDownload({ broadcaster_id: "123" }),
      () => api.as(viewer).video.cancel({ job_id: JOB }),
      () => api.as(viewer).video.delete({ id: 42 }),
      () => api.as(viewer).video.downloadProgress({ job_id: JOB }),
    ]) {
      expect((await failure(write())).code).toBe("FORBIDDEN");
    }
    expect(callsOf(videos).map(([m]) => m)).toEqual(["list"]);
    expect(callsOf(downloads)).toEqual([]);
  });
});

describe("video procedures: input", () => {
  const viewer = caller("viewer");
  test.each([
    ["a video id of 0", (api: Api) => api.as(viewer).video.getById({ id: 0 }), "id:"],
    [
      "a language that is not a code",
      (api: Api) => api.as(viewer).video.listPage({ language: "english" }),
      "language: expected a language code like en",
    ],
    [
      "a cursor without its time",
      // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
      (api: Api) => api.as(viewer).video.listPage({ cursor: { id: 3 } as any }),
      "cursor.start_download_at",
    ],
    ["a page larger than 200", (api: Api) => api.as(viewer).video.listPage({ limit: 201 }), "limit:"],
    [
      "a date that is not an instant",
      (api: Api) => api.as(viewer).video.listPage({ recorded_from: "2026-03-01" }),
      "recorded_from:",
    ],
    [
      "a date range that ends before it starts",
      (api: Api) =>
        api.as(viewer).video.listPage({
          recorded_from: "2026-03-02T00:00:00Z",
          recorded_to: "2026-03-01T00:00:00Z",
        }),
      "recorded_to: must be after recorded_from",
    ],
    [
      "a completion that does not exist",
      // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
      (api: Api) => api.as(viewer).video.listPage({ completion_kind: "aborted" as any }),
      "completion_kind:",
    ],
    [
      "a single time boundary",
      (api: Api) => api.as(viewer).video.statisticsOverTime({ boundaries: ["2026-03-01T00:00:00Z"] }),
      "boundaries: give at least two instants",
    ],
    [
      "a breakdown of more than 50",
      (api: Api) => api.as(viewer).video.statisticsBreakdown({ limit: 51 }),
      "limit:",
    ],
    [
      "a negative position",
      (api: Api) =>
        api.as(viewer).video.updateWatchProgress({
          video_id: 42,
          position_seconds: -1,
          completed: false,
          observed_at_ms: 1,
        }),
      "position_seconds:",
    ],
    [
      "an unknown field",
      // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
      (api: Api) => api.as(viewer).video.snapshots({ video_id: 1, all: true } as any),
      "all",
    ],
  ])("%s → BAD_REQUEST naming the field, no service called", async (_name, call, field) => {
    const w = world({});
    const err = await failure(call(w.api));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toContain(field);
    expect([...callsOf(w.videos), ...callsOf(w.watch), ...callsOf(w.downloads)]).toEqual([]);
  });

  test("an admin's malformed ids are refused too: a channel id is digits, a job id a UUID", async () => {
    const w = world({});
    const admin = caller("admin");
    const channel = await failure(w.api.as(admin).video.triggerDownload({ broadcaster_id: "chan" }));
    expect(channel.message).toBe("broadcaster_id: expected a Twitch id (digits)");
    const job = await failure(w.api.as(admin).video.cancel({ job_id: "42" }));
    expect([job.code, job.message.startsWith("job_id:")]).toEqual(["BAD_REQUEST", true]);
  });
});

describe("video procedures: one service call each", () => {
  test("lists pass the caller as the viewer and the defaults; a channel's page is the library filtered", async () => {
    const { api, videos } = world({ videos: { list: async () => [], listPage: async () => PAGE } });
    const viewer = caller("viewer");
    await api.as(viewer).video.list();
    await api.as(viewer).video.listPage({ status: "DONE", watch_later_only: true });
    const range = { recorded_from: "2026-03-01T00:00:00+01:00", recorded_to: "2026-03-02T00:00:00+01:00" };
    await api.as(viewer).video.listPage({ completion_kind: "cancelled", ...range });
    await api.as(viewer).video.byBroadcaster({ id: "123" });
    expect(callsOf(videos)).toEqual([
      ["list", [{ limit: 50, offset: 0, viewer_id: viewer.id }]],
      ["listPage", [{ limit: 50, status: "DONE", watch_later_only: true, viewer_id: viewer.id }]],
      ["listPage", [{ limit: 50, completion_kind: "cancelled", ...range, viewer_id: viewer.id }]],
      [
        "listPage",
        [{ viewer_id: viewer.id, broadcaster_id: "123", limit: 50, cursor: undefined, direction: undefined }],
      ],
    ]);
  });

  test("getById answers the video with the caller's state; an unknown one is NOT_FOUND with the service's words", async () => {
    const video = videoDetail({ id: 42 });
    const { api, videos } = world({
      videos: {
        get: async (id) => {
          if (id === 42) return video;
          throw new NotFoundError(`no video ${id}`);
        },
      },
    });
    const viewer = caller("viewer");
    expect(await api.as(viewer).video.getById({ id: 42 })).toEqual(video);
    const missing = await failure(api.as(viewer).video.getById({ id: 4242 }));
    expect([missing.code, missing.message]).toEqual(["NOT_FOUND", "no video 4242"]);
    expect(callsOf(videos)).toEqual([
      ["get", [42, viewer.id]],
      ["get", [4242, viewer.id]],
    ]);
  });

  test("snapshots and gaps are the service's answer as is", async () => {
    const strip = [
      { index: 0, url: "/api/v1/videos/42/snapshots/0" },
      { index: 1, url: "/api/v1/videos/42/snapshots/1" },
    ];
    const gap = { kind: "ad" as const, media_offset_seconds: 60, duration_seconds: 30, reason: null };
    const { api } = world({ videos: { snapshots: async () => strip, gaps: async () => [gap] } });
    expect(await api.as(caller("viewer")).video.snapshots({ video_id: 42 })).toEqual(strip);
    expect(await api.as(caller("viewer")).video.gaps({ video_id: 42 })).toEqual([gap]);
  });

  test("triggerDownload fills the defaults (source, video, no H.264 forcing), names the caller as the requester, and answers the job and video ids", async () => {
    const { api, downloads } = world({ downloads: { start: async () => ({ job_id: JOB, video_id: 42 }) } });
    const admin = caller("admin");
    expect(await api.as(admin).video.triggerDownload({ broadcaster_id: "123" })).toEqual({
      job_id: JOB,
      video_id: 42,
    });
    expect(callsOf(downloads)).toEqual([
      [
        "start",
        [
          "123",
          { broadcaster_id: "123", recording_type: "video", quality: "source", force_h264: false },
          admin.id,
        ],
      ],
    ]);
  });

  test("statistics beyond the totals: languages, a breakdown of 10 by default, time buckets as given", async () => {
    const share = { count: 1, size_bytes: 2, duration_seconds: 3 };
    const breakdown = { channels: [], categories: [], audio_only: share };
    const bucket = { from: "2026-03-01T00:00:00.000Z", to: "2026-03-02T00:00:00.000Z", ...share };
    const { api, videos } = world({
      videos: {
        languages: async () => [{ language: "en", count: 4 }],
        breakdown: async () => breakdown,
        overTime: async () => [bucket],
      },
    });
    const viewer = caller("viewer");
    expect(await api.as(viewer).video.languages()).toEqual([{ language: "en", count: 4 }]);
    expect(await api.as(viewer).video.statisticsBreakdown()).toEqual(breakdown);
    await api.as(viewer).video.statisticsBreakdown({ limit: 25 });
    const boundaries = ["2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z"];
    expect(await api.as(viewer).video.statisticsOverTime({ boundaries })).toEqual([bucket]);
    expect(callsOf(videos)).toEqual([
      ["languages", []],
      ["breakdown", [10]],
      ["breakdown", [25]],
      ["overTime", [boundaries]],
    ]);
  });

  test("delete queues the removal; a recording still running is a CONFLICT saying so", async () => {
    const { api } = world({
      videos: {
        requestDelete: async (id) => {
          if (id === 1) return { ok: true };
          throw new ConflictError(`video ${id} is still recording: cancel it first`);
        },
      },
    });
    expect(await api.as(caller("admin")).video.delete({ id: 1 })).toEqual({ ok: true });
    const busy = await failure(api.as(caller("admin")).video.delete({ id: 2 }));
    expect([busy.code, busy.message]).toEqual(["CONFLICT", "video 2 is still recording: cancel it first"]);
  });

  test("watch state is the caller's own", async () => {
    const state = {
      watch_later: true,
      last_position_seconds: 0,
      last_progress_at_ms: null,
      watched_at: null,
      completed_at: null,
      updated_at: "2025-01-01T00:00:00.000Z",
    };
    const { api, watch } = world({
      watch: { setWatchLater: async () => state, recordProgress: async () => state },
    });
    const viewer = caller("viewer");
    await api.as(viewer).video.setWatchLater({ video_id: 42, watch_later: true });
    await api.as(viewer).video.updateWatchProgress({
      video_id: 42,
      position_seconds: 12.5,
      completed: false,
      observed_at_ms: 5,
    });
    expect(callsOf(watch)).toEqual([
      ["setWatchLater", [viewer.id, 42, true]],
      ["recordProgress", [viewer.id, 42, { position_seconds: 12.5, completed: false, observed_at_ms: 5 }]],
    ]);
  });
});

describe("video.downloadProgress", () => {
  test("follows one recording's progress and ends when it does", async () => {
    let emit: ((p: DownloadProgress) => void) | undefined;
    let finish: (() => void) | undefined;
    let released = false;
    const { api } = world({
      downloads: {
        progressFeed: () => (push, end) => {
          emit = push;
          finish = end;
          return () => {
            released = true;
          };
        },
      },
    });
    const stream = await api.as(caller("admin")).video.downloadProgress({ job_id: JOB });
    const seen: number[] = [];
    const reading = (async () => {
      for await (const p of stream) seen.push(p.bytes_written);
    })();
    while (!emit) await Bun.sleep(1);
    emit(progress(100));
    emit(progress(250));
    finish?.();
    await reading;
    expect(seen).toEqual([100, 250]);
    expect(released).toBe(true);
  });

  test("a recording that is not running ends the subscription at once, with nothing", async () => {
    const { api } = world({ downloads: { progressFeed: () => null } });
    const seen: unknown[] = [];
    for await (const p of await api.as(caller("admin")).video.downloadProgress({ job_id: JOB })) seen.push(p);
    expect(seen).toEqual([]);
  });
});

describe("video.buildPlayback", () => {
  const building: PlaybackAsset = {
    video_id: 42,
    status: "building",
    filename: null,
    mime_type: null,
    duration_seconds: null,
    size_bytes: null,
    error: null,
    progress: null,
    generated_at: null,
    last_accessed_at: null,
    created_at: "2025-01-01T12:00:00.000Z",
    updated_at: "2025-01-01T12:00:00.000Z",
  };

  test("admins (and the owner) queue the build and get the cache's row; viewers may not", async () => {
    const playbackCache = strictFake<S["playbackCache"]>("playbackCache", { request: async () => building });
    const api = fakeApi({ playbackCache });
    expect((await failure(api.as(caller("viewer")).video.buildPlayback({ id: 42 }))).code).toBe("FORBIDDEN");
    expect(await api.as(caller("admin")).video.buildPlayback({ id: 42 })).toEqual(building);
    expect(await api.as(caller("owner")).video.buildPlayback({ id: 42 })).toEqual(building);
    expect(callsOf(playbackCache)).toEqual([
      ["request", [42]],
      ["request", [42]],
    ]);
  });

  test("a refusal says what to change (PRECONDITION_FAILED); an unknown video is NOT_FOUND", async () => {
    const playbackCache = strictFake<S["playbackCache"]>("playbackCache", {
      request: async (id) => {
        if (id === 1) throw new NotFoundError("no video 1");
        throw new PreconditionError("the playback cache is off: turn it on in System › Playback");
      },
    });
    const admin = fakeApi({ playbackCache }).as(caller("admin"));
    const off = await failure(admin.video.buildPlayback({ id: 42 }));
    expect([off.code, off.message]).toEqual([
      "PRECONDITION_FAILED",
      "the playback cache is off: turn it on in System › Playback",
    ]);
    expect((await failure(admin.video.buildPlayback({ id: 1 }))).code).toBe("NOT_FOUND");
  });
});
