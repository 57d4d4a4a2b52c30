import { expect, test } from "bun:test";
import type { ChannelCursor, ChannelView } from "../../domain/channels.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import { allPagesForward, channel, finishedVideo, startInput, user } from "./fixtures.ts";
import { contract } from "./harness.ts";

contract("channels", (c) => {
  test("an upsert refreshes what Helix sent and keeps what it did not", async () => {
    await channel(c.repo, "1", "Name", { description: "about", view_count: 10, profile_image_url: "p1" });
    const later = c.clock.advance(1000);
    const updated = await c.repo.channels.upsert({
      broadcaster_id: "1",
      broadcaster_login: "name2",
      broadcaster_name: "Name2",
      view_count: 12,
    });
    expect(updated).toMatchObject({
      broadcaster_login: "name2",
      description: "about",
      profile_image_url: "p1",
      view_count: 12,
      updated_at: later,
    });
    expect(updated.created_at).not.toBe(later);
  });

  test("lookup by id or login (any case), with the viewer's favorite and live state", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1", "Streamer");
    await c.repo.channels.setFavorite("u", "1", true);
    await c.repo.streams.record({ id: "s1", broadcaster_id: "1", started_at: c.clock.iso() });
    expect(await c.repo.channels.getByLogin("STREAMER", "u")).toMatchObject({
      broadcaster_id: "1",
      is_live: true,
      user_state: { favorite: true, updated_at: c.clock.iso() },
    });
    expect((await c.repo.channels.getById("1"))?.user_state).toBeNull();
    expect(await c.repo.channels.getById("404")).toBeNull();
  });

  test("pages by name both ways, with filters", async () => {
    await user(c.repo, "u");
    const names = ["delta", "Alpha", "charlie", "Bravo", "echo"];
    for (const [i, name] of names.entries()) await channel(c.repo, String(i + 1), name);
    const fetch = (cursor: ChannelCursor | null) =>
      c.repo.channels.listPage({ viewer_id: "u", limit: 2, cursor });
    const all = await allPagesForward<ChannelView, ChannelCursor>(fetch, 2);
    expect(all.items.map((ch) => ch.broadcaster_name)).toEqual([
      "Alpha",
      "Bravo",
      "charlie",
      "delta",
      "echo",
    ]);
    expect(all.pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const back = await c.repo.channels.listPage({
      viewer_id: "u",
      limit: 2,
      cursor: all.last.prev_cursor,
      direction: "backward",
    });
    expect(back.items.map((ch) => ch.broadcaster_name)).toEqual(["charlie", "delta"]);
    const desc = await c.repo.channels.listPage({ viewer_id: "u", limit: 10, order: "desc" });
    expect(desc.items.map((ch) => ch.broadcaster_name)).toEqual([
      "echo",
      "delta",
      "charlie",
      "Bravo",
      "Alpha",
    ]);

    await c.repo.channels.setFavorite("u", "3", true);
    await c.repo.channels.setFavorite("u", "4", false);
    await c.repo.streams.record({ id: "s", broadcaster_id: "5", started_at: c.clock.iso() });
    await finishedVideo(c.repo, "1");
    const filtered = async (filter: "live" | "downloaded" | "favorites") =>
      (await c.repo.channels.listPage({ viewer_id: "u", limit: 10, filter })).items.map(
        (ch) => ch.broadcaster_id,
      );
    expect(await filtered("favorites")).toEqual(["3"]);
    expect(await filtered("live")).toEqual(["5"]);
    expect(await filtered("downloaded")).toEqual(["1"]);
    expect(await c.repo.channels.listPage({ viewer_id: null, limit: 10, filter: "favorites" })).toEqual({
      items: [],
      next_cursor: null,
      prev_cursor: null,
    });
  });

  test("search ranks exact, then prefix, then substring", async () => {
    await channel(c.repo, "1", "xgamer");
    await channel(c.repo, "2", "Gamer");
    await channel(c.repo, "3", "gamerpro");
    await channel(c.repo, "4", "other");
    const found = await c.repo.channels.search("GAMER", 10);
    expect(found.map((ch) => ch.broadcaster_id)).toEqual(["2", "3", "1"]);
    expect(await c.repo.channels.search("   ", 10)).toEqual([]);
    // LIKE wildcards in a query are literal text.
    expect(await c.repo.channels.search("%", 10)).toEqual([]);
  });

  test("latest live: each channel's newest stream, newest first", async () => {
    await channel(c.repo, "1");
    await channel(c.repo, "2");
    await c.repo.streams.record({ id: "a", broadcaster_id: "1", started_at: "2026-11-01T10:00:00.000Z" });
    await c.repo.streams.record({ id: "b", broadcaster_id: "1", started_at: "2026-11-03T10:00:00.000Z" });
    await c.repo.streams.record({ id: "c", broadcaster_id: "2", started_at: "2026-11-02T10:00:00.000Z" });
    const latest = await c.repo.channels.latestLive(10);
    expect(latest.map((l) => [l.stream.id, l.channel.broadcaster_id])).toEqual([
      ["b", "1"],
      ["c", "2"],
    ]);
  });

  test("follows mirror Twitch: new ones added, missing ones marked unfollowed", async () => {
    await user(c.repo, "u");
    for (const id of ["1", "2", "3"]) await channel(c.repo, id, `c${id}`);
    await c.repo.channels.replaceFollows("u", [
      { broadcaster_id: "1", followed_at: c.clock.iso() },
      { broadcaster_id: "2", followed_at: c.clock.iso() },
    ]);
    await c.repo.channels.replaceFollows("u", [
      { broadcaster_id: "2", followed_at: c.clock.iso() },
      { broadcaster_id: "3", followed_at: c.clock.iso() },
    ]);
    expect((await c.repo.channels.listFollowed("u")).map((ch) => ch.broadcaster_id)).toEqual(["2", "3"]);
    await c.repo.channels.replaceFollows("u", []);
    expect(await c.repo.channels.listFollowed("u")).toEqual([]);
    expect(await c.repo.channels.listIds()).toEqual(["1", "2", "3"]);
  });

  test("a channel with recordings cannot be deleted; without, its streams and states go with it", async () => {
    await user(c.repo, "u");
    await channel(c.repo, "1");
    await channel(c.repo, "2");
    await finishedVideo(c.repo, "1");
    await expect(c.repo.channels.delete("1")).rejects.toBeInstanceOf(ConflictError);
    await c.repo.streams.record({
      id: "s",
      broadcaster_id: "2",
      started_at: c.clock.iso(),
      title: "t",
      tags: ["x"],
    });
    await c.repo.channels.setFavorite("u", "2", true);
    expect(await c.repo.channels.delete("2")).toBe(true);
    expect(await c.repo.streams.getById("s")).toBeNull();
    expect(await c.repo.channels.delete("2")).toBe(false);
  });
});

contract("streams", (c) => {
  test("recording a stream links its title, category and tags, and refreshes on repeat", async () => {
    await channel(c.repo, "1");
    const first = await c.repo.streams.record({
      id: "s1",
      broadcaster_id: "1",
      started_at: "2026-11-28T11:00:00.000Z",
      viewer_count: 10,
      title: "Hello",
      category: { id: "g1", name: "Game" },
      tags: ["English", "English", " ", "Chill"],
    });
    expect(first).toMatchObject({
      id: "s1",
      viewer_count: 10,
      ended_at: null,
      is_mature: null,
      type: "live",
    });
    const again = await c.repo.streams.record({
      id: "s1",
      broadcaster_id: "1",
      started_at: first.started_at,
      viewer_count: 99,
      is_mature: true,
    });
    expect(again).toMatchObject({
      viewer_count: 99,
      is_mature: true,
      started_at: "2026-11-28T11:00:00.000Z",
    });
    expect((await c.repo.tags.list()).map((t) => t.name)).toEqual(["Chill", "English"]);
    expect(await c.repo.categories.getById("g1")).toMatchObject({ name: "Game" });
  });

  test("a stream of an unwatched channel is refused", async () => {
    await expect(
      c.repo.streams.record({ id: "s", broadcaster_id: "404", started_at: c.clock.iso() }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  test("going offline ends the open stream; a new stream supersedes the old one", async () => {
    await channel(c.repo, "1");
    await c.repo.streams.record({ id: "old", broadcaster_id: "1", started_at: "2026-11-28T10:00:00.000Z" });
    await c.repo.streams.record({ id: "new", broadcaster_id: "1", started_at: "2026-11-28T11:00:00.000Z" });
    const superseded = await c.repo.streams.endOpen("1", { keepStreamId: "new" });
    expect(superseded.map((s) => s.id)).toEqual(["old"]);
    expect((await c.repo.streams.listActive()).map((s) => s.id)).toEqual(["new"]);
    const ended = await c.repo.streams.endOpen("1", { endedAt: "2026-11-28T12:30:00.000Z" });
    expect(ended[0]?.ended_at).toBe("2026-11-28T12:30:00.000Z");
    expect(await c.repo.streams.endOpen("1")).toEqual([]);
    expect((await c.repo.streams.lastForBroadcaster("1"))?.id).toBe("new");
    expect((await c.repo.streams.listByBroadcaster("1", { limit: 1, offset: 1 })).map((s) => s.id)).toEqual([
      "old",
    ]);
  });
});

contract("channels, bulk and lists", (c) => {
  test("upsertMany writes several channels at once; list orders them by name; users are found by id", async () => {
    await c.repo.channels.upsertMany([
      { broadcaster_id: "2", broadcaster_login: "bravo", broadcaster_name: "Bravo" },
      { broadcaster_id: "1", broadcaster_login: "alpha", broadcaster_name: "alpha", description: "first" },
      { broadcaster_id: "2", broadcaster_login: "bravo", broadcaster_name: "Bravo", view_count: 5 },
    ]);
    expect((await c.repo.channels.list()).map((ch) => [ch.broadcaster_id, ch.view_count])).toEqual([
      ["1", 0],
      ["2", 5],
    ]);
    await c.repo.users.upsertOnSignIn({ id: "9", login: "nine", display_name: "Nine" });
    expect((await c.repo.users.getById("9"))?.login).toBe("nine");
    expect(await c.repo.users.getById("404")).toBeNull();
  });

  test("a video's thumbnail can be replaced (the live snapshot, then the hero frame)", async () => {
    await channel(c.repo, "1");
    const { video } = await c.repo.recordings.start(startInput("1"));
    await c.repo.videos.setThumbnail(video.id, "thumbnails/x-snap00.jpg");
    expect((await c.repo.videos.getById(video.id))?.thumbnail).toBe("thumbnails/x-snap00.jpg");
  });
});
