import { expect, test } from "bun:test";
import { InvalidInputError } from "../../domain/errors.ts";
import { channel, finishedVideo, running } from "./fixtures.ts";
import { contract } from "./harness.ts";

const HOUR = 3600;
const part = (hours: number, bytes: number) => [{ duration_seconds: hours * HOUR, size_bytes: bytes }];

contract("library statistics: shares and time", (c) => {
  const removed = async (id: number) => {
    await c.repo.videos.requestDelete(id);
    await c.repo.videos.markDeleted(id, "manual");
  };

  test("languages: the recorded ones, most recordings first, removed recordings left out", async () => {
    await channel(c.repo, "1");
    expect(await c.repo.videoStats.languages()).toEqual([]);
    for (const language of ["fr", "en", "en", "fr", "en"]) await finishedVideo(c.repo, "1", { language });
    await removed((await finishedVideo(c.repo, "1", { language: "de" })).id);
    await running(c.repo, "1", { language: "es" });
    expect(await c.repo.videoStats.languages()).toEqual([
      { language: "en", count: 3 },
      { language: "fr", count: 2 },
      { language: "es", count: 1 },
    ]);
  });

  test("breakdown: channels and categories with the most recorded time first, names joined, the audio share", async () => {
    await channel(c.repo, "1", "Alpha", { profile_image_url: "https://img/a.png" });
    await channel(c.repo, "2", "Beta");
    await channel(c.repo, "3", "Gamma");
    const chess = { id: "743", name: "Chess" };
    const art = { id: "509660", name: "Art" };
    await finishedVideo(c.repo, "1", { parts: part(1, 100), category: chess });
    await finishedVideo(c.repo, "1", { parts: part(1, 300), category: art });
    await finishedVideo(c.repo, "2", { parts: part(3, 50), category: chess });
    await finishedVideo(c.repo, "3", { parts: part(0.5, 10), recording_type: "audio" });
    await removed((await finishedVideo(c.repo, "3", { parts: part(9, 9), category: art })).id);

    const all = await c.repo.videoStats.breakdown(10);
    expect(all.channels).toEqual([
      {
        broadcaster_id: "2",
        broadcaster_login: "beta",
        broadcaster_name: "Beta",
        profile_image_url: null,
        count: 1,
        size_bytes: 50,
        duration_seconds: 3 * HOUR,
      },
      {
        broadcaster_id: "1",
        broadcaster_login: "alpha",
        broadcaster_name: "Alpha",
        profile_image_url: "https://img/a.png",
        count: 2,
        size_bytes: 400,
        duration_seconds: 2 * HOUR,
      },
      {
        broadcaster_id: "3",
        broadcaster_login: "gamma",
        broadcaster_name: "Gamma",
        profile_image_url: null,
        count: 1,
        size_bytes: 10,
        duration_seconds: 0.5 * HOUR,
      },
    ]);
    expect(all.categories.map((s) => [s.category_id, s.name, s.count, s.duration_seconds])).toEqual([
      ["743", "Chess", 2, 4 * HOUR],
      ["509660", "Art", 1, HOUR],
      // Recordings without a category are a share of their own.
      [null, null, 1, 0.5 * HOUR],
    ]);
    expect(all.audio_only).toEqual({ count: 1, size_bytes: 10, duration_seconds: 0.5 * HOUR });

    const top = await c.repo.videoStats.breakdown(1);
    expect(top.channels.map((s) => s.broadcaster_id)).toEqual(["2"]);
    expect(top.categories.map((s) => s.category_id)).toEqual(["743"]);
  });

  test("an empty library breaks down into nothing", async () => {
    expect(await c.repo.videoStats.breakdown(10)).toEqual({
      channels: [],
      categories: [],
      audio_only: { count: 0, size_bytes: 0, duration_seconds: 0 },
    });
  });

  test("over time: recordings per interval by when they started, boundaries in any offset", async () => {
    await channel(c.repo, "1");
    c.clock.set("2026-03-01T10:00:00.000Z");
    await finishedVideo(c.repo, "1", { parts: part(1, 100) });
    c.clock.set("2026-03-01T23:59:59.999Z");
    await finishedVideo(c.repo, "1", { parts: part(2, 200) });
    c.clock.set("2026-03-03T00:00:00.000Z");
    await finishedVideo(c.repo, "1", { parts: part(1, 1) });
    await removed((await finishedVideo(c.repo, "1", { parts: part(5, 5) })).id);
    c.clock.set("2026-02-28T12:00:00.000Z");
    await finishedVideo(c.repo, "1"); // before the first boundary

    const days = await c.repo.videoStats.overTime([
      "2026-03-01T00:00:00Z",
      "2026-03-02T00:00:00Z",
      "2026-03-03T00:00:00Z",
      "2026-03-04T01:00:00+01:00",
    ]);
    expect(days).toEqual([
      {
        from: "2026-03-01T00:00:00.000Z",
        to: "2026-03-02T00:00:00.000Z",
        count: 2,
        size_bytes: 300,
        duration_seconds: 3 * HOUR,
      },
      {
        from: "2026-03-02T00:00:00.000Z",
        to: "2026-03-03T00:00:00.000Z",
        count: 0,
        size_bytes: 0,
        duration_seconds: 0,
      },
      {
        from: "2026-03-03T00:00:00.000Z",
        to: "2026-03-04T00:00:00.000Z",
        count: 1,
        size_bytes: 1,
        duration_seconds: HOUR,
      },
    ]);
  });

  test("over time refuses boundaries that are not ascending, or too few or too many", async () => {
    const refused = (boundaries: string[]) =>
      expect(c.repo.videoStats.overTime(boundaries)).rejects.toBeInstanceOf(InvalidInputError);
    await refused(["2026-03-01T00:00:00Z"]);
    await refused(["2026-03-02T00:00:00Z", "2026-03-01T00:00:00Z"]);
    await refused(["2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z"]);
    await refused(Array.from({ length: 64 }, (_, i) => new Date(Date.UTC(2026, 0, i + 1)).toISOString()));
    const longest = Array.from({ length: 63 }, (_, i) => new Date(Date.UTC(2026, 0, i + 1)).toISOString());
    expect(await c.repo.videoStats.overTime(longest)).toHaveLength(62);
  });
});
