import { describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { callsOf, strictFake } from "../../tests/fakes/strict.ts";
import { videoDetail } from "../../tests/support/video-fixture.ts";
import type { Repository } from "../db/repository.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import type { VideoDetail } from "../domain/videos.ts";
import { storageLayout } from "../storage/layout.ts";
import { LocalStorage } from "../storage/local.storage.ts";
import type { Storage } from "../storage/storage.ts";
import { countSnapshots, MAX_SNAPSHOTS } from "./snapshots.ts";
import { VideoLibrary } from "./videos.service.ts";

// The library over strict fakes (the videos repository, a storage that only answers `size`), and the
// snapshot count against a real folder.

/** A storage holding snapshots 0 … count-1 of `base`, counting the probes made. */
function snapshotStorage(base: string, count: number) {
  const probes: number[] = [];
  const storage = strictFake<Pick<Storage, "size">>("storage", {
    size: async (key) => {
      const index = Number(/-snap(\d+)\.jpg$/.exec(key)?.[1]);
      expect(key).toBe(storageLayout.snapshot(base, index));
      probes.push(index);
      return index < count ? 50_000 : null;
    },
  });
  return { storage, probes };
}

function library(
  videos: Partial<Repository["videos"]>,
  storage = strictFake<Pick<Storage, "size">>("storage"),
) {
  const repo = strictFake<Pick<Repository, "videos" | "timeline" | "transaction" | "videoStats">>("repo", {
    videos: strictFake<Repository["videos"]>("repo.videos", videos),
  });
  return new VideoLibrary({ repo, storage });
}

describe("live snapshots", () => {
  test.each([0, 1, 2, 3, 4, 7, 8, 12, 99, 100, 101, 255, 256, 480, 499, MAX_SNAPSHOTS])(
    "%i stored: counted exactly, in about 2·log2(n) probes",
    async (stored) => {
      const { storage, probes } = snapshotStorage("chan-42", stored);
      expect(await countSnapshots(storage, "chan-42")).toBe(stored);
      expect(probes.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(stored + 2)) + 1);
      expect(Math.max(...probes)).toBeLessThan(MAX_SNAPSHOTS);
    },
  );

  test("more than the bound lists the bound", async () => {
    const { storage } = snapshotStorage("chan-42", 2_000);
    expect(await countSnapshots(storage, "chan-42")).toBe(MAX_SNAPSHOTS);
  });

  test("the hover strip lists the stored snapshots in order as media URLs, probing storage 8 times for 12", async () => {
    const { storage, probes } = snapshotStorage("chan-42", 12);
    const sut = library({ getById: async (id) => videoDetail({ id, filename: "chan-42" }) }, storage);
    const strip = await sut.snapshots(42);
    expect(strip.map((s) => s.index)).toEqual([...Array(12).keys()]);
    expect(strip[11]).toEqual({ index: 11, url: "/api/v1/videos/42/snapshots/11" });
    expect(probes.length).toBe(8);
  });

  test("an unknown video is not found, and storage is never asked", async () => {
    const sut = library({ getById: async () => null });
    await expect(sut.snapshots(4242)).rejects.toThrow("no video 4242");
  });

  test("against a real folder: exactly the files the recorder stored", async () => {
    const root = mkdtempSync(join(tmpdir(), "replayd-snapshots-"));
    mkdirSync(join(root, "thumbnails"));
    for (let i = 0; i < 37; i++) writeFileSync(join(root, storageLayout.snapshot("chan-7", i)), "jpeg");
    const storage = new LocalStorage(root);
    expect(await countSnapshots(storage, "chan-7")).toBe(37);
    expect(await countSnapshots(storage, "other")).toBe(0);
  });
});

describe("VideoLibrary", () => {
  test("one video with the viewer's state; an unknown one is NotFoundError naming it", async () => {
    const sut = library({ getById: async (id) => (id === 42 ? videoDetail({ id }) : null) });
    expect((await sut.get(42, "100")).id).toBe(42);
    await expect(sut.get(7, "100")).rejects.toThrow("no video 7");
  });

  test("a deletion is queued and wakes the removal task, or is refused with the repository's reason", async () => {
    const videos = strictFake<Repository["videos"]>("repo.videos", {
      requestDelete: async (id) => {
        if (id === 2) throw new ConflictError("video 2 is still recording");
        return videoDetail({ id });
      },
    });
    let wakes = 0;
    const sut = new VideoLibrary({
      repo: strictFake<Pick<Repository, "videos" | "timeline" | "transaction" | "videoStats">>("repo", {
        videos,
      }),
      storage: strictFake("storage"),
      wakeRemovals: () => void wakes++,
    });
    expect(await sut.requestDelete(1)).toEqual({ ok: true });
    await expect(sut.requestDelete(2)).rejects.toBeInstanceOf(ConflictError);
    expect(callsOf(videos)).toEqual([
      ["requestDelete", [1]],
      ["requestDelete", [2]],
    ]);
    expect(wakes).toBe(1);
  });
});

describe("VideoLibrary.requestDeleteMany", () => {
  /** A library of the given videos; the transaction runs its work over the same fake (no real rollback). */
  function bulk(stored: VideoDetail[]) {
    const byId = new Map(stored.map((v) => [v.id, v]));
    const videos = strictFake<Repository["videos"]>("repo.videos", {
      getById: async (id) => byId.get(id) ?? null,
      requestDelete: async (id) => byId.get(id) as VideoDetail,
    });
    const tx = strictFake<Repository>("tx", { videos });
    const repo = strictFake<Pick<Repository, "videos" | "timeline" | "transaction" | "videoStats">>("repo", {
      transaction: async (work) => work(tx),
    });
    let wakes = 0;
    const sut = new VideoLibrary({ repo, storage: strictFake("storage"), wakeRemovals: () => void wakes++ });
    return { sut, videos, wakes: () => wakes };
  }

  test.each([
    [
      "finished and failed videos are queued, their sizes summed; duplicates count once",
      [videoDetail({ id: 1, size_bytes: 1000 }), videoDetail({ id: 2, status: "FAILED", size_bytes: null })],
      [1, 2, 1],
      { queued: 2, already_removed: 0, freed_bytes: 1000 },
    ],
    [
      "a video already removed is skipped, not refused",
      [videoDetail({ id: 1, size_bytes: 5 }), videoDetail({ id: 3, deleted_at: "2025-01-02T00:00:00.000Z" })],
      [1, 3],
      { queued: 1, already_removed: 1, freed_bytes: 5 },
    ],
  ])("%s", async (_name, stored, ids, expected) => {
    const { sut, wakes } = bulk(stored);
    expect(await sut.requestDeleteMany(ids)).toEqual(expected);
    expect(wakes()).toBe(1);
  });

  test.each([
    [
      "still recording",
      videoDetail({ id: 4, title: "Late show", status: "RUNNING" }),
      ConflictError,
      '"Late show" (video 4) is still recording; cancel it first',
    ],
    [
      "waiting to record",
      videoDetail({ id: 4, title: "", status: "PENDING" }),
      ConflictError,
      "video 4 is still recording",
    ],
  ])("one video %s refuses the whole request, naming it", async (_name, blocking, kind, message) => {
    const { sut, videos, wakes } = bulk([videoDetail({ id: 1 }), blocking]);
    const refused = sut.requestDeleteMany([1, 4]);
    await expect(refused).rejects.toBeInstanceOf(kind);
    await expect(refused).rejects.toThrow(message);
    expect(wakes()).toBe(0);
    // The transaction is what undoes the first one on a real database (tests/api/library-actions.test.ts).
    expect(callsOf(videos).map(([m, args]) => [m, args[0]])).toEqual([
      ["getById", 1],
      ["requestDelete", 1],
      ["getById", 4],
    ]);
  });

  test("an unknown video is NotFoundError naming it", async () => {
    const { sut } = bulk([]);
    await expect(sut.requestDeleteMany([9])).rejects.toBeInstanceOf(NotFoundError);
    await expect(sut.requestDeleteMany([9])).rejects.toThrow("no video 9");
  });
});

describe("statistics", () => {
  test("recordings in progress count with what they have recorded so far", async () => {
    const stats = {
      total: 2,
      total_size: 1_000,
      total_duration_seconds: 300,
      by_status: [],
      this_week: 2,
      incomplete: 0,
      channels: 2,
      removed: 0,
      cancelled: 0,
      watch_later: 0,
      unwatched: 2,
    };
    const repo = strictFake<Pick<Repository, "videos" | "timeline" | "videoStats" | "transaction">>("repo", {
      videos: strictFake<Repository["videos"]>("repo.videos", {
        statistics: async () => stats,
        // Video 7 has a finished first part (600 bytes, 240 s); video 8 nothing finished yet.
        getById: async (id) =>
          videoDetail(
            id === 7
              ? { id, size_bytes: 600, duration_seconds: 240 }
              : { id, size_bytes: null, duration_seconds: null },
          ),
      }),
    });
    const progress = (bytes: number, mediaSeconds: number) => ({
      stage: "recording" as const,
      reason: null,
      bytes,
      segments: 1,
      gaps: 0,
      adSegments: 0,
      mediaSeconds,
      bytesPerSecond: 0,
      variant: "720p30",
    });
    const sut = new VideoLibrary({
      repo,
      storage: strictFake<Pick<Storage, "size">>("storage"),
      recorder: {
        activeProgress: () => [
          { jobId: "j7", videoId: 7, broadcasterId: "1", progress: progress(900, 360) },
          { jobId: "j8", videoId: 8, broadcasterId: "2", progress: progress(250, 45) },
        ],
      },
    });
    expect(await sut.statistics("viewer")).toMatchObject({
      total: 2,
      total_size: 1_000 + 300 + 250,
      total_duration_seconds: 300 + 120 + 45,
    });
  });
});
