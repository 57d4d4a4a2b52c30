import { describe, expect, test } from "bun:test";
import { callsOf, strictFake } from "../../tests/fakes/strict.ts";
import { videoDetail } from "../../tests/support/video-fixture.ts";
import type { Repository } from "../db/repository.ts";
import type { VideoPart } from "../domain/videos.ts";
import { VideoFiles } from "./video-files.service.ts";

// What the media and signed-download routes may serve, over a strict fake of the repositories.

const part = (index: number, finished: boolean): VideoPart => ({
  id: index,
  video_id: 42,
  part_index: index,
  filename: `chan-42-part0${index}.mp4`,
  quality: "1080p",
  fps: 60,
  codec: "h264",
  segment_format: "ts",
  duration_seconds: 60,
  size_bytes: 1000,
  thumbnail: null,
  start_media_seq: 0,
  end_media_seq: finished ? 30 : null,
  finalized_at: finished ? "2025-01-01T11:00:00.000Z" : null,
  created_at: "2025-01-01T10:00:00.000Z",
  updated_at: "2025-01-01T11:00:00.000Z",
});

function files(videos: Record<number, ReturnType<typeof videoDetail>>) {
  const playback = strictFake<Repository["playback"]>("repo.playback", {
    touch: async () => {},
    deleteIf: async () => true,
  });
  const repo = strictFake<Pick<Repository, "videos" | "playback">>("repo", {
    videos: strictFake<Repository["videos"]>("repo.videos", { getById: async (id) => videos[id] ?? null }),
    playback,
  });
  return { sut: new VideoFiles({ repo }), playback };
}

describe("VideoFiles", () => {
  const live = videoDetail({ id: 42, parts: [part(1, true), part(2, false)] });
  const removed = videoDetail({ id: 43, deleted_at: "2025-02-01T00:00:00.000Z", parts: [part(1, true)] });

  test("a removed recording serves nothing; any other is served with its parts", async () => {
    const { sut } = files({ 42: live, 43: removed });
    expect((await sut.servable(42))?.parts.length).toBe(2);
    expect(await sut.servable(43)).toBeNull();
    expect(await sut.servable(44)).toBeNull();
  });

  test("a signed download finds only a finished part, and tells a deleted recording from an unknown one", async () => {
    const { sut } = files({ 42: live, 43: removed });
    expect(await sut.downloadable(42, 1)).toEqual({ found: "part", part: part(1, true) });
    expect(await sut.downloadable(42, 2)).toEqual({ found: "no-part" });
    expect(await sut.downloadable(42, 3)).toEqual({ found: "no-part" });
    expect(await sut.downloadable(43, 1)).toEqual({ found: "deleted" });
    expect(await sut.downloadable(44, 1)).toEqual({ found: "no-video" });
  });

  test("a playback start marks the artifact used", async () => {
    const { sut, playback } = files({});
    await sut.playbackStarted(42);
    expect(callsOf(playback)).toEqual([["touch", [42]]]);
  });

  test("a ready artifact whose file is missing loses its row, only if it is still that file", async () => {
    const { sut, playback } = files({});
    await sut.playbackFileMissing(42, "chan-42-playback.mp4");
    expect(callsOf(playback)).toEqual([
      ["deleteIf", [42, { status: "ready", filename: "chan-42-playback.mp4" }]],
    ]);
  });
});
