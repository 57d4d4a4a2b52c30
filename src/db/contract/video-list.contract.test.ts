import { expect, test } from "bun:test";
import { InvalidInputError } from "../../domain/errors.ts";
import type { Page } from "../../domain/pagination.ts";
import type { Recording } from "../../domain/recording.ts";
import type { Video, VideoCursor, VideoListQuery, VideoSort, VideoView } from "../../domain/videos.ts";
import { allPagesForward, channel, library, running, startInput, user } from "./fixtures.ts";
import { contract } from "./harness.ts";

const GIB = 1024 ** 3;

contract("video list pages", (c) => {
  const page = (query: Partial<VideoListQuery>): Promise<Page<VideoView, VideoCursor>> =>
    c.repo.videos.listPage({ viewer_id: null, limit: 3, ...query });
  const ids = (videos: { id: number }[]) => videos.map((v) => v.id);

  test("an empty library is one empty page with no cursors", async () => {
    expect(await page({})).toEqual({ items: [], next_cursor: null, prev_cursor: null });
  });

  test("fewer videos than the limit fit on one page", async () => {
    await channel(c.repo, "1");
    const videos = await library(c.repo, c.clock, 2, ["1"]);
    const first = await page({ limit: 3 });
    expect(ids(first.items)).toEqual(ids(videos).reverse());
    expect(first.next_cursor).toBeNull();
    expect(first.prev_cursor).toBeNull();
  });

  test("exactly two pages: the second ends the list, with a way back", async () => {
    await channel(c.repo, "1");
    const videos = (await library(c.repo, c.clock, 6, ["1"])).reverse();
    const first = await page({ limit: 3 });
    expect(ids(first.items)).toEqual(ids(videos.slice(0, 3)));
    expect(first.next_cursor).toEqual({
      start_download_at: videos[2]?.start_download_at,
      id: videos[2]?.id,
    } as VideoCursor);
    const second = await page({ limit: 3, cursor: first.next_cursor });
    expect(ids(second.items)).toEqual(ids(videos.slice(3)));
    expect(second.next_cursor).toBeNull();
    const back = await page({ limit: 3, cursor: second.prev_cursor, direction: "backward" });
    expect(ids(back.items)).toEqual(ids(videos.slice(0, 3)));
    expect(back.prev_cursor).toBeNull();
    expect(back.next_cursor).not.toBeNull();
  });

  test.each<[VideoSort, "asc" | "desc"]>([
    ["created_at", "desc"],
    ["created_at", "asc"],
    ["duration", "desc"],
    ["duration", "asc"],
    ["size", "desc"],
    ["size", "asc"],
    ["channel", "asc"],
    ["channel", "desc"],
  ])("sort %s %s: pages cover every video once, in order, forwards and backwards", async (sort, order) => {
    await channel(c.repo, "1", "zeta");
    await channel(c.repo, "2", "Alpha");
    await channel(c.repo, "3", "mike");
    // Ties on purpose: durations and sizes repeat, so the tie-breakers decide.
    const videos = await library(c.repo, c.clock, 11, ["1", "2", "3"], (i) => ({
      parts: [{ duration_seconds: 600 * (i % 4), size_bytes: GIB * (i % 3) }],
    }));
    const value = (v: Video): string | number =>
      sort === "duration"
        ? (v.duration_seconds ?? 0)
        : sort === "size"
          ? (v.size_bytes ?? 0)
          : sort === "channel"
            ? (({ "1": "zeta", "2": "alpha", "3": "mike" } as Record<string, string>)[
                v.broadcaster_id
              ] as string)
            : 0;
    const sign = order === "asc" ? 1 : -1;
    const expected = [...videos].sort((a, b) => {
      const [va, vb] = [value(a), value(b)];
      if (va !== vb) return sign * (va < vb ? -1 : 1);
      if (a.start_download_at !== b.start_download_at)
        return sign * (a.start_download_at < b.start_download_at ? -1 : 1);
      return sign * (a.id - b.id);
    });

    const forward = await allPagesForward<VideoView, VideoCursor>(
      (cursor) => page({ sort, order, limit: 4, cursor }),
      4,
    );
    expect(forward.pages.map((p) => p.length)).toEqual([4, 4, 3]);
    expect(ids(forward.items)).toEqual(ids(expected));

    // From the last page, walking backwards gives the earlier pages again.
    let cursor = forward.last.prev_cursor;
    const backwards: number[][] = [];
    while (cursor) {
      const back = await page({ sort, order, limit: 4, cursor, direction: "backward" });
      backwards.unshift(ids(back.items));
      cursor = back.prev_cursor;
    }
    expect(backwards).toEqual([ids(expected.slice(0, 4)), ids(expected.slice(4, 8))]);
  });

  test("history lists what the viewer watched, most recent report first", async () => {
    await user(c.repo, "u1");
    await channel(c.repo, "1");
    const [a, , d] = (await library(c.repo, c.clock, 3, ["1"])) as [Video, Video, Video];
    await c.repo.watch.recordProgress("u1", a.id, {
      position_seconds: 10,
      completed: false,
      observed_at_ms: 1000,
    });
    await c.repo.watch.recordProgress("u1", d.id, {
      position_seconds: 10,
      completed: false,
      observed_at_ms: 3000,
    });
    const history = await c.repo.videos.listPage({ viewer_id: "u1", limit: 10, sort: "history_when" });
    expect(ids(history.items)).toEqual([d.id, a.id]);
    expect(history.items[0]?.user_state?.last_progress_at_ms).toBe(3000);
  });

  test("downloaded_at lists the latest to end first (not the latest to start), unfinished left out, paged both ways", async () => {
    for (const id of ["1", "2", "3", "4", "5"]) await channel(c.repo, id);
    // Started 1…5 one minute apart; they end in the order 3, 1, 5, 2 and 4 still records.
    const started: Recording[] = [];
    for (const id of ["1", "2", "3", "4", "5"]) {
      c.clock.advance(60_000);
      started.push(await running(c.repo, id));
    }
    const finishOrder = [2, 0, 4, 1];
    for (const i of finishOrder) {
      c.clock.advance(60_000);
      const job = started[i]?.job.id as string;
      const failed = i === 4;
      await c.repo.recordings.finish({
        job_id: job,
        status: failed ? "FAILED" : "DONE",
        completion_kind: "partial",
        truncated: false,
        ...(failed ? { error: "lost" } : {}),
      });
    }
    const expected = [...finishOrder].reverse().map((i) => started[i]?.video.id);
    const all = await page({ sort: "downloaded_at", order: "desc", terminal_only: true, limit: 10 });
    expect(ids(all.items)).toEqual(expected as number[]);
    const endedAt = all.items.map((v) => v.downloaded_at as string);
    expect([...endedAt].sort().reverse()).toEqual(endedAt);

    const forward = await allPagesForward<VideoView, VideoCursor>(
      (cursor) => page({ sort: "downloaded_at", order: "desc", limit: 3, cursor }),
      3,
    );
    expect(ids(forward.items)).toEqual(expected as number[]);
    expect(forward.pages.map((p) => p.length)).toEqual([3, 1]);
    const back = await page({
      sort: "downloaded_at",
      order: "desc",
      limit: 3,
      cursor: forward.last.prev_cursor,
      direction: "backward",
    });
    expect(ids(back.items)).toEqual(expected.slice(0, 3) as number[]);
    await expect(
      page({
        sort: "downloaded_at",
        cursor: { sort_value: 12, start_download_at: endedAt[0] as string, id: 1 },
      }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  test("a cursor made for another sort is refused clearly", async () => {
    await expect(
      page({ sort: "duration", cursor: { start_download_at: "2026-11-28T12:00:00.000Z", id: 1 } }),
    ).rejects.toBeInstanceOf(InvalidInputError);
  });

  test("each filter keeps exactly the matching videos", async () => {
    await user(c.repo, "u1");
    await channel(c.repo, "1");
    await channel(c.repo, "2");
    const v = await library(
      c.repo,
      c.clock,
      8,
      ["1", "2"],
      (i) =>
        [
          {
            parts: [{ duration_seconds: 900, size_bytes: GIB / 2 }],
            category: { id: "509658", name: "Just Chatting" },
          },
          { parts: [{ duration_seconds: 3600, size_bytes: 2 * GIB }], language: "fr" },
          { parts: [{ duration_seconds: 9000, size_bytes: 5 * GIB }], selected_quality: "720p" },
          {
            parts: [{ duration_seconds: 20000, size_bytes: 9 * GIB }],
            status: "FAILED" as const,
            completion_kind: "partial" as const,
          },
          { truncated: true },
          { recording_type: "audio" as const, selected_quality: "audio_only" },
          { completion_kind: "cancelled" as const, truncated: true },
          {},
        ][i] ?? {},
    );
    const byIndex = (...indexes: number[]) => indexes.map((i) => v[i]?.id as number).sort();
    const matching = async (filters: Partial<VideoListQuery>) =>
      ids((await page({ limit: 50, viewer_id: "u1", ...filters })).items).sort();

    // The last video was never finished: a recording in progress.
    await c.repo.recordings.start(startInput("1"));
    const recordingNow = (await page({ limit: 50, status: "PENDING" })).items;
    expect(recordingNow).toHaveLength(1);

    expect(await matching({ status: "FAILED" })).toEqual(byIndex(3));
    expect(await matching({ terminal_only: true })).toHaveLength(8);
    expect(await matching({ broadcaster_id: "2" })).toEqual(byIndex(1, 3, 5, 7));
    expect(await matching({ category_id: "509658" })).toEqual(byIndex(0));
    expect(await matching({ language: "fr" })).toEqual(byIndex(1));
    expect(await matching({ quality: "720p" })).toEqual(byIndex(2));
    expect(await matching({ quality: "audio_only" })).toEqual(byIndex(5));
    expect(await matching({ duration: "short" })).toEqual(byIndex(0));
    expect(await matching({ duration: "medium" })).toEqual(byIndex(1, 4, 5, 6, 7));
    expect(await matching({ duration: "long" })).toEqual(byIndex(2));
    expect(await matching({ duration: "marathon" })).toEqual(byIndex(3));
    expect(await matching({ size: "small" })).toEqual(byIndex(0));
    expect(await matching({ size: "medium" })).toEqual(byIndex(1, 4, 5, 6, 7));
    expect(await matching({ size: "large" })).toEqual(byIndex(2, 3));
    expect(await matching({ incomplete_only: true })).toEqual(byIndex(3, 4, 6));
    expect(await matching({ completion_kind: "cancelled" })).toEqual(byIndex(6));
    expect(await matching({ completion_kind: "partial" })).toEqual(byIndex(3));

    await c.repo.watch.setWatchLater("u1", v[6]?.id as number, true);
    await c.repo.watch.recordProgress("u1", v[7]?.id as number, {
      position_seconds: 5,
      completed: false,
      observed_at_ms: 1,
    });
    expect(await matching({ watch_later_only: true })).toEqual(byIndex(6));
    expect((await matching({ unwatched_only: true, terminal_only: true })).length).toBe(7);
    expect(await matching({ watch_later_only: true, viewer_id: null })).toEqual([]);

    await c.repo.videos.requestDelete(v[0]?.id as number);
    await c.repo.videos.markDeleted(v[0]?.id as number, "manual");
    expect(await matching({ scope: "removed" })).toEqual(byIndex(0));
    expect(await matching({ scope: "all", terminal_only: true })).toHaveLength(8);
    expect(await matching({ terminal_only: true })).toHaveLength(7);

    // Filters combine.
    expect(await matching({ broadcaster_id: "2", duration: "medium" })).toEqual(byIndex(1, 5, 7));
  });

  test("a date range keeps recordings started from its start (included) to its end (excluded), in any offset", async () => {
    await channel(c.repo, "1");
    c.clock.set("2026-03-01T22:30:00.000Z");
    const [march1, march2] = await library(c.repo, c.clock, 2, ["1"]); // 22:31 and 22:32 UTC
    c.clock.set("2026-03-02T23:30:00.000Z");
    const [lateMarch2] = await library(c.repo, c.clock, 1, ["1"]);
    const within = async (recorded_from?: string, recorded_to?: string) =>
      ids((await page({ limit: 50, recorded_from, recorded_to })).items);
    expect(await within("2026-03-01T22:31:00.000Z")).toEqual(ids([lateMarch2, march2, march1] as Video[]));
    expect(await within("2026-03-01T22:31:00.001Z")).toEqual(ids([lateMarch2, march2] as Video[]));
    expect(await within(undefined, "2026-03-01T22:32:00.000Z")).toEqual(ids([march1] as Video[]));
    // Paris midnight to midnight on 2 March (UTC+1): from 23:00 UTC on the 1st to 23:00 UTC on the 2nd.
    expect(await within("2026-03-02T00:00:00+01:00", "2026-03-03T00:00:00+01:00")).toEqual([]);
    expect(await within("2026-03-02T00:00:00+01:00", "2026-03-03T01:00:00+01:00")).toEqual(
      ids([lateMarch2] as Video[]),
    );
  });

  test("this week means the last seven days", async () => {
    await channel(c.repo, "1");
    const old = await library(c.repo, c.clock, 1, ["1"]);
    c.clock.advance(8 * 24 * 3600 * 1000);
    const recent = await library(c.repo, c.clock, 1, ["1"]);
    expect(ids((await page({ window: "this_week" })).items)).toEqual(ids(recent));
    expect(old).toHaveLength(1);
  });

  test("a list item carries its channel, primary category and the viewer's state", async () => {
    await user(c.repo, "u1");
    await channel(c.repo, "1", "Streamer", { profile_image_url: "https://img/p.png" });
    await c.repo.categories.upsert({ id: "33214", name: "Fortnite", box_art_url: "https://img/b.jpg" });
    const [video] = await library(c.repo, c.clock, 1, ["1"], () => ({
      category: { id: "33214", name: "Fortnite" },
    }));
    await c.repo.watch.setWatchLater("u1", video?.id as number, true);
    const [item] = (await page({ viewer_id: "u1" })).items;
    expect(item).toMatchObject({
      id: video?.id,
      broadcaster_login: "streamer",
      broadcaster_name: "Streamer",
      profile_image_url: "https://img/p.png",
      primary_category: { id: "33214", name: "Fortnite", box_art_url: "https://img/b.jpg" },
      is_audio_only: false,
      user_state: { watch_later: true, last_position_seconds: 0, watched_at: null },
    });
    const [anonymous] = (await page({ viewer_id: null })).items;
    expect(anonymous?.user_state).toBeNull();
  });

  test("the offset list sorts and pages too", async () => {
    await channel(c.repo, "1");
    const videos = await library(c.repo, c.clock, 5, ["1"], (i) => ({
      parts: [{ duration_seconds: 100 * (5 - i), size_bytes: 1 }],
    }));
    const list = await c.repo.videos.list({
      viewer_id: null,
      limit: 2,
      offset: 1,
      sort: "duration",
      order: "asc",
    });
    expect(ids(list)).toEqual(ids([videos[3], videos[2]] as Video[]));
  });
});
