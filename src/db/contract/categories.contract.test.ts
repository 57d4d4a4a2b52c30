import { expect, test } from "bun:test";
import type { Category, CategoryCursor, CategorySort } from "../../domain/channels.ts";
import { InvalidInputError } from "../../domain/errors.ts";
import { allPagesForward, channel, finishedVideo, running } from "./fixtures.ts";
import { contract } from "./harness.ts";

const GIB = 1024 ** 3;

contract("categories", (c) => {
  test("an upsert with only id and name keeps box art learned before", async () => {
    await c.repo.categories.upsert({ id: "1", name: "Game", box_art_url: "art", igdb_id: "9" });
    const later = await c.repo.categories.upsert({ id: "1", name: "Game (renamed)" });
    expect(later).toMatchObject({ name: "Game (renamed)", box_art_url: "art", igdb_id: "9" });
    await c.repo.categories.upsertMany([
      { id: "2", name: "B" },
      { id: "3", name: "C", box_art_url: "c" },
      { id: "2", name: "B2" },
    ]);
    expect((await c.repo.categories.list()).map((x) => x.name)).toEqual(["B2", "C", "Game (renamed)"]);
  });

  test("details and lists count only non-removed videos", async () => {
    await channel(c.repo, "1");
    const kept = await finishedVideo(c.repo, "1", {
      category: { id: "g", name: "Game" },
      parts: [{ duration_seconds: 1, size_bytes: 100 }],
    });
    const removed = await finishedVideo(c.repo, "1", { category: { id: "g", name: "Game" } });
    await c.repo.categories.upsert({ id: "empty", name: "Empty" });
    await c.repo.videos.requestDelete(removed.id);
    await c.repo.videos.markDeleted(removed.id, "manual");
    expect(await c.repo.categories.getById("g")).toMatchObject({
      video_count: 1,
      total_size: 100,
      latest_video_at: kept.start_download_at,
    });
    expect(await c.repo.categories.getById("empty")).toMatchObject({
      video_count: 0,
      total_size: 0,
      latest_video_at: null,
    });
    expect((await c.repo.categories.listWithVideos()).map((x) => x.id)).toEqual(["g"]);
    expect(await c.repo.categories.getById("404")).toBeNull();
  });

  test.each<[CategorySort, string[]]>([
    ["name_asc", ["a", "b", "c", "d"]],
    ["video_count_desc", ["c", "d", "a", "b"]],
    ["latest_video_desc", ["d", "b", "c", "a"]],
  ])("pages of categories with videos, sorted %s, both ways", async (sort, expected) => {
    await channel(c.repo, "1");
    const plan: [string, string][] = [
      ["a", "Apex"],
      ["a", "Apex"],
      ["c", "chess"],
      ["c", "chess"],
      ["c", "chess"],
      ["d", "Dota"],
      ["b", "bingo"],
    ];
    for (const [id, name] of plan) {
      c.clock.advance(60_000);
      await finishedVideo(c.repo, "1", {
        category: { id, name },
        parts: [{ duration_seconds: 60, size_bytes: GIB }],
      });
    }
    await c.repo.categories.upsert({ id: "z", name: "no videos" });
    // a and d tie on count: the id breaks the tie, in the sort's direction.
    c.clock.advance(60_000);
    await finishedVideo(c.repo, "1", { category: { id: "d", name: "Dota" } });
    const fetch = (cursor: CategoryCursor | null) => c.repo.categories.listPage({ limit: 3, sort, cursor });
    const all = await allPagesForward<Category, CategoryCursor>(fetch, 3);
    expect(all.items.map((x) => x.id)).toEqual(expected);
    const back = await c.repo.categories.listPage({
      limit: 3,
      sort,
      cursor: all.last.prev_cursor,
      direction: "backward",
    });
    expect(back.items.map((x) => x.id)).toEqual(expected.slice(0, 3));
  });

  test("stats follow recordings as parts finish, videos are removed, and categories change mid-stream", async () => {
    await channel(c.repo, "1");
    const { video, job } = await running(c.repo, "1", { category: { id: "a", name: "A" } });
    expect(await c.repo.categories.getById("a")).toMatchObject({
      video_count: 1,
      total_size: 0,
      latest_video_at: video.start_download_at,
    });
    const part = await c.repo.recordings.addPart({
      video_id: video.id,
      part_index: 1,
      filename: "p.mp4",
      quality: "1080p",
      codec: "h264",
      segment_format: "ts",
      start_media_seq: 0,
    });
    await c.repo.recordings.finalizePart(part.id, { duration_seconds: 10, size_bytes: 700 });
    await c.repo.timeline.recordChange(video.id, { category: { id: "b", name: "B" } });
    expect((await c.repo.categories.getById("b"))?.total_size).toBe(700);
    await c.repo.recordings.finish({
      job_id: job.id,
      status: "DONE",
      completion_kind: "complete",
      truncated: false,
    });
    const before = await c.repo.categories.list();
    await c.repo.categories.refreshStats();
    // Kept current by the writes: a full recomputation changes nothing.
    expect((await c.repo.categories.list()).map(({ updated_at: _, ...x }) => x)).toEqual(
      before.map(({ updated_at: _, ...x }) => x),
    );
    await c.repo.videos.markDeleted(video.id, "manual");
    expect(await c.repo.categories.getById("a")).toMatchObject({
      video_count: 0,
      total_size: 0,
      latest_video_at: null,
    });
    expect(await c.repo.categories.listWithVideos()).toEqual([]);
  });

  test("a category cursor must match its sort", async () => {
    await expect(
      c.repo.categories.listPage({
        limit: 3,
        sort: "video_count_desc",
        cursor: { sort_value: "x", id: "1" },
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  test("search ranks exact, prefix, substring; the with-videos variant filters", async () => {
    await channel(c.repo, "1");
    await c.repo.categories.upsertMany([
      { id: "1", name: "Super Chess" },
      { id: "2", name: "Chess" },
      { id: "3", name: "Chess Puzzles" },
      { id: "4", name: "Poker" },
    ]);
    await finishedVideo(c.repo, "1", { category: { id: "1", name: "Super Chess" } });
    expect((await c.repo.categories.search("chess", 10)).map((x) => x.id)).toEqual(["2", "3", "1"]);
    expect((await c.repo.categories.searchWithVideos("chess", 10)).map((x) => x.id)).toEqual(["1"]);
    expect((await c.repo.categories.search("chess", 1)).map((x) => x.id)).toEqual(["2"]);
  });

  test("art and IGDB metadata enrichment finds what is missing and records the checks", async () => {
    await c.repo.categories.upsertMany([
      { id: "1", name: "A" },
      { id: "2", name: "B", box_art_url: "b" },
    ]);
    expect((await c.repo.categories.listMissingArt(10)).map((x) => x.id)).toEqual(["1"]);
    await c.repo.categories.setArt("1", { box_art_url: null, igdb_id: "42" });
    expect(await c.repo.categories.listMissingArt(10)).toEqual([]);
    const weekAgo = c.clock.iso();
    // "2" has no IGDB id: IGDB is never asked about it.
    expect((await c.repo.categories.listNeedingMetadata(weekAgo, 10)).map((x) => x.id)).toEqual(["1"]);
    expect(await c.repo.categories.getById("1")).toMatchObject({
      description: null,
      genres: [],
      release_year: null,
      description_checked_at: null,
    });
    await c.repo.categories.setMetadata("1", {
      description: "A game",
      genres: ["Puzzle", "Role-playing (RPG)"],
      release_year: 1998,
    });
    expect(await c.repo.categories.listNeedingMetadata(weekAgo, 10)).toEqual([]);
    c.clock.advance(8 * 24 * 3600 * 1000);
    expect((await c.repo.categories.listNeedingMetadata(c.clock.iso(), 10)).map((x) => x.id)).toEqual(["1"]);
    expect(await c.repo.categories.getById("1")).toMatchObject({
      description: "A game",
      genres: ["Puzzle", "Role-playing (RPG)"],
      release_year: 1998,
      igdb_id: "42",
      description_checked_at: weekAgo,
    });
    // IGDB no longer knows the game: what it said before goes.
    await c.repo.categories.setMetadata("1", { description: null, genres: [], release_year: null });
    expect(await c.repo.categories.getById("1")).toMatchObject({
      description: null,
      genres: [],
      release_year: null,
      description_checked_at: c.clock.iso(),
    });
  });

  test("categories for IGDB come never-checked first, then the longest unchecked, a batch at a time", async () => {
    for (const id of ["10", "11", "12", "13"]) {
      await c.repo.categories.upsert({ id, name: `Game ${id}`, igdb_id: `9${id}` });
    }
    await c.repo.categories.setMetadata("12", { description: "old", genres: [], release_year: null });
    c.clock.advance(1000);
    await c.repo.categories.setMetadata("10", { description: "newer", genres: [], release_year: null });
    c.clock.advance(1000);
    const due = (limit: number) =>
      c.repo.categories.listNeedingMetadata(c.clock.iso(), limit).then((l) => l.map((x) => x.id));
    expect(await due(10)).toEqual(["11", "13", "12", "10"]);
    expect(await due(2)).toEqual(["11", "13"]);
  });

  test("the search cache answers until it expires, and the sweep keeps the most recently used", async () => {
    await c.repo.categories.cacheSearch("chess", ["1", "2"], 60_000);
    await c.repo.categories.cacheSearch("none", [], 1_000);
    expect(await c.repo.categories.cachedSearch("chess")).toEqual(["1", "2"]);
    expect(await c.repo.categories.cachedSearch("none")).toEqual([]);
    c.clock.advance(2_000);
    expect(await c.repo.categories.cachedSearch("none")).toBeNull();
    await c.repo.categories.cacheSearch("go", ["3"], 60_000);
    c.clock.advance(1_000);
    await c.repo.categories.cachedSearch("chess");
    expect(await c.repo.categories.sweepSearchCache(1)).toBe(2);
    expect(await c.repo.categories.cachedSearch("chess")).toEqual(["1", "2"]);
    expect(await c.repo.categories.cachedSearch("go")).toBeNull();
  });

  test("tags and titles are deduplicated", async () => {
    const [a] = await c.repo.tags.ensure(["Chill"]);
    const both = await c.repo.tags.ensure(["Chill", "FPS"]);
    expect(both.map((t) => t.name)).toEqual(["Chill", "FPS"]);
    expect(both[0]?.id).toBe(a?.id as number);
    const t1 = await c.repo.titles.ensure("Hello");
    expect((await c.repo.titles.ensure("Hello")).id).toBe(t1.id);
    expect(await c.repo.tags.ensure([])).toEqual([]);
  });
});
