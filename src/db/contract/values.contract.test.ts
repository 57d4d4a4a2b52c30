import { expect, test } from "bun:test";
import { channel, running } from "./fixtures.ts";
import { contract } from "./harness.ts";

contract("values", (c) => {
  test("timestamps come back as ISO-8601 UTC with milliseconds, whatever offset they were written with", async () => {
    await channel(c.repo, "1");
    const stream = await c.repo.streams.record({
      id: "s",
      broadcaster_id: "1",
      started_at: "2026-11-28T13:00:00+01:00",
    });
    expect(stream.started_at).toBe("2026-11-28T12:00:00.000Z");
    expect(stream.created_at).toBe("2026-11-28T12:00:00.000Z");
    const ended = await c.repo.streams.endOpen("1", { endedAt: "2026-11-28T12:30:00.5-00:00" });
    expect(ended[0]?.ended_at).toBe("2026-11-28T12:30:00.500Z");
    await expect(
      c.repo.streams.record({ id: "t", broadcaster_id: "1", started_at: "not a date" }),
    ).rejects.toThrow("not a timestamp");
  });

  test("JSON comes back as it went in: nesting, unicode, numbers, booleans, nulls", async () => {
    await channel(c.repo, "1");
    const { job } = await running(c.repo, "1");
    const state = {
      stage: "SEGMENTS",
      frontier: 9_007_199_254_740_991,
      ratio: 0.015,
      endlist_seen: false,
      pending_split: null,
      label: "émission 🎮 「ライブ」",
      gaps: [{ media_seq: 1, end_media_seq: 3, reason: "auth_error" }, []],
    };
    await c.repo.recordings.checkpoint(job.id, state);
    expect((await c.repo.recordings.getJob(job.id))?.resume_state).toEqual(state);
  });

  test("booleans are booleans, big sizes stay exact, video ids are numbers and Twitch ids strings", async () => {
    await channel(c.repo, "123456789");
    const { video } = await running(c.repo, "123456789", { force_h264: true });
    expect(typeof video.id).toBe("number");
    expect(video.broadcaster_id).toBe("123456789");
    expect(video.force_h264).toBe(true);
    expect(video.truncated).toBe(false);
    const part = await c.repo.recordings.addPart({
      video_id: video.id,
      part_index: 1,
      filename: "p1.mp4",
      quality: "source",
      codec: "av1",
      segment_format: "fmp4",
      start_media_seq: 4_000_000_000,
    });
    const done = await c.repo.recordings.finalizePart(part.id, {
      duration_seconds: 86_399.999,
      size_bytes: 12_345_678_901_234,
    });
    expect(done).toMatchObject({
      size_bytes: 12_345_678_901_234,
      duration_seconds: 86_399.999,
      start_media_seq: 4_000_000_000,
      fps: null,
    });
  });
});
