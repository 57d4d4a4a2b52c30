import { expect, test } from "bun:test";
import { chatLine as line } from "../../../tests/support/chat-lines.ts";
import { channel, finishedVideo } from "./fixtures.ts";
import { contract } from "./harness.ts";

contract("chat", (c) => {
  const video = async (id = "1") => {
    await channel(c.repo, id);
    return finishedVideo(c.repo, id);
  };

  test("a line is stored once: a batch resent after a reconnect adds only what is new", async () => {
    const v = await video();
    const first = Array.from({ length: 1200 }, (_, i) => line(i, i * 10));
    expect(await c.repo.chat.insertMessages(v.id, first)).toBe(1200);
    // A batch written again (a retry after a lost answer) and a new line: only the new one counts.
    const again = [...first.slice(1100).map((r) => ({ ...r, text: "changed" })), line(5000, 50_000)];
    expect(await c.repo.chat.insertMessages(v.id, again, { mayRepeat: true })).toBe(1);
    expect(await c.repo.chat.count(v.id)).toBe(1201);
    expect(await c.repo.chat.insertMessages(v.id, [])).toBe(0);
    // Another video may hold the same Twitch id (a line is per video).
    const other = await video("2");
    expect(await c.repo.chat.insertMessages(other.id, [line(0, 0)])).toBe(1);
  });

  test("every column comes back as captured, the IRC line whole, on the video's timeline", async () => {
    const v = await video();
    const row = line(7, 61_234, {
      kind: "resub",
      color: null,
      text: "Kappa hi 🎉 Kappa",
      system_text: "viewer1 subscribed for 12 months",
      emotes: [
        { id: "25", begin: 0, end: 4 },
        { id: "25", begin: 11, end: 15 },
      ],
      params: { "msg-param-cumulative-months": "12" },
    });
    await c.repo.chat.insertMessages(v.id, [row]);
    const [stored] = (await c.repo.chat.page(v.id, { offsetMs: 0, limit: 10 })).lines;
    expect(stored).toEqual({ ...row, id: expect.any(Number), video_id: v.id });
  });

  test("pages read either way from an offset, in timeline order, and say where the next one starts", async () => {
    const v = await video();
    // Inserted out of order; two lines share offset 300.
    const rows = [line(3, 300), line(1, 100), line(4, 400), line(2, 200), line(5, 300), line(6, 500)];
    await c.repo.chat.insertMessages(v.id, rows);
    const ids = async (q: Parameters<typeof c.repo.chat.page>[1]) => {
      const page = await c.repo.chat.page(v.id, q);
      return { ids: page.lines.map((m) => m.msg_id), next: page.next_offset_ms };
    };
    expect(await ids({ offsetMs: 0, limit: 2 })).toEqual({ ids: ["m1", "m2"], next: 300 });
    expect(await ids({ offsetMs: 300, limit: 2 })).toEqual({ ids: ["m3", "m5"], next: 400 });
    expect(await ids({ offsetMs: 250, limit: 10 })).toEqual({ ids: ["m3", "m5", "m4", "m6"], next: null });
    // Before: the lines at or before the offset, still in timeline order.
    expect(await ids({ offsetMs: 300, limit: 2, direction: "before" })).toEqual({
      ids: ["m3", "m5"],
      next: 200,
    });
    expect(await ids({ offsetMs: 350, limit: 3, direction: "before" })).toEqual({
      ids: ["m2", "m3", "m5"],
      next: 100,
    });
    expect(await ids({ offsetMs: 99, limit: 3, direction: "before" })).toEqual({ ids: [], next: null });
    expect(await ids({ offsetMs: 10_000, limit: 3 })).toEqual({ ids: [], next: null });
  });

  test("lines written a flush at a time read back across the writes, either way, ties kept in write order", async () => {
    const v = await video();
    // Three flushes, as capture writes them: each starts where the previous ended (offset 200 twice).
    await c.repo.chat.insertMessages(v.id, [line(1, 0), line(2, 100), line(3, 200)]);
    await c.repo.chat.insertMessages(v.id, [line(4, 200), line(5, 300)]);
    await c.repo.chat.insertMessages(v.id, [line(6, 400), line(7, 500), line(8, 600)]);
    const ids = async (q: Parameters<typeof c.repo.chat.page>[1]) => {
      const page = await c.repo.chat.page(v.id, q);
      return { ids: page.lines.map((m) => m.msg_id), next: page.next_offset_ms };
    };
    expect(await ids({ offsetMs: 150, limit: 3 })).toEqual({ ids: ["m3", "m4", "m5"], next: 400 });
    expect(await ids({ offsetMs: 200, limit: 10 })).toEqual({
      ids: ["m3", "m4", "m5", "m6", "m7", "m8"],
      next: null,
    });
    expect(await ids({ offsetMs: 450, limit: 4, direction: "before" })).toEqual({
      ids: ["m3", "m4", "m5", "m6"],
      next: 100,
    });
    // Every line's id is its own, in timeline order.
    const all = (await c.repo.chat.page(v.id, { offsetMs: 0, limit: 100 })).lines;
    expect(all.map((m) => m.msg_id)).toEqual(["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8"]);
    expect(all.map((m) => m.id)).toEqual([...all.map((m) => m.id)].sort((a, b) => a - b));
    // Search pages across the writes with its cursor.
    const first = await c.repo.chat.search(v.id, "hello", { limit: 4 });
    expect(first.hits.map((h) => h.msg_id)).toEqual(["m1", "m2", "m3", "m4"]);
    const rest = await c.repo.chat.search(v.id, "hello", { limit: 4, cursor: first.next_cursor });
    expect(rest.hits.map((h) => h.msg_id)).toEqual(["m5", "m6", "m7", "m8"]);
  });

  test("text with tabs and backslashes comes back as it was written (IRC lines hold no line breaks)", async () => {
    const v = await video();
    const odd = line(1, 10, { text: "a\tb\\c\\td\te", display_name: "Odd\\Name" });
    await c.repo.chat.insertMessages(v.id, [odd, line(2, 20)]);
    const [stored] = (await c.repo.chat.page(v.id, { offsetMs: 0, limit: 1 })).lines;
    expect(stored).toMatchObject({ text: odd.text, display_name: odd.display_name, raw: odd.raw });
  });

  test("deletions mark the lines they name where they are, and keep them", async () => {
    const v = await video();
    const other = await video("2");
    await c.repo.chat.insertMessages(v.id, [line(0, 0), line(3, 1000), line(1, 500), line(6, 2000)]);
    await c.repo.chat.insertMessages(other.id, [line(0, 0)]);
    expect(
      await c.repo.chat.markDeleted(v.id, [
        { msg_id: "m1", offset_ms: 500 },
        { msg_id: "m0", offset_ms: 0 },
        { msg_id: "nope", offset_ms: 900 },
        { msg_id: "m6", offset_ms: 1999 }, // not where that line is: not it
        { msg_id: "m0", offset_ms: 0 }, // twice: kept once
      ]),
    ).toBe(4);
    const deleted = (await c.repo.chat.page(v.id, { offsetMs: 0, limit: 10 })).lines
      .filter((m) => m.deleted)
      .map((m) => m.msg_id);
    expect(deleted.sort()).toEqual(["m0", "m1"]);
    expect(await c.repo.chat.count(v.id)).toBe(4);
    // The other video's line with the same id is its own.
    expect((await c.repo.chat.page(other.id, { offsetMs: 0, limit: 1 })).lines[0]?.deleted).toBe(false);
  });

  test("search finds text, display names and logins, ignoring ASCII case, literal wildcards, paged", async () => {
    const v = await video();
    await c.repo.chat.insertMessages(v.id, [
      line(1, 100, { text: "GG WP" }),
      line(2, 200, { text: "100% sure", user_login: "a", display_name: "A" }),
      line(3, 300, { text: "nothing", user_login: "ggfan", display_name: "GGfan" }),
      line(4, 400, { text: "1000 sure", user_login: "b", display_name: "B" }),
      line(5, 500, { text: "under_score", user_login: "c", display_name: "C" }),
      line(6, 600, { text: "gg again" }),
      line(7, 600, { text: "and gg" }),
    ]);
    const all = await c.repo.chat.search(v.id, "gg", { limit: 10 });
    expect(all.hits.map((h) => h.msg_id)).toEqual(["m1", "m3", "m6", "m7"]);
    expect(all.next_cursor).toBeNull();
    const first = await c.repo.chat.search(v.id, "Gg", { limit: 3 });
    expect(first.hits.map((h) => h.msg_id)).toEqual(["m1", "m3", "m6"]);
    const rest = await c.repo.chat.search(v.id, "gg", { limit: 3, cursor: first.next_cursor });
    expect(rest.hits.map((h) => h.msg_id)).toEqual(["m7"]);
    expect(rest.next_cursor).toBeNull();
    expect((await c.repo.chat.search(v.id, "0%", { limit: 10 })).hits.map((h) => h.msg_id)).toEqual(["m2"]);
    expect((await c.repo.chat.search(v.id, "r_s", { limit: 10 })).hits.map((h) => h.msg_id)).toEqual(["m5"]);
    expect((await c.repo.chat.search(v.id, "viewer", { limit: 10 })).hits).toHaveLength(3);
  });

  test("search over a long chat: rare matches far in, paged; ASCII case only; literal control characters", async () => {
    const v = await video();
    const other = await video("2");
    const rows = Array.from({ length: 12_000 }, (_, i) => line(i, i * 10, { text: `filler ${i % 97}` }));
    // Rare lines far into the chat: a word, a name, a two-letter string, non-ASCII case (not folded: ASCII
    // letters only, as everywhere), a query with a newline in it.
    rows[6_000] = line(6_000, 60_000, { text: "a rare Zebra appears" });
    rows[9_000] = line(9_000, 90_000, { text: "zebra again", user_login: "qx_fan", display_name: "QX_fan" });
    rows[11_000] = line(11_000, 110_000, { text: "Élan vital" });
    rows[11_500] = line(11_500, 115_000, { text: "another ZEBRA" });
    await c.repo.chat.insertMessages(v.id, rows);
    await c.repo.chat.insertMessages(other.id, [line(1, 60_000, { text: "zebra elsewhere" })]);
    const ids = async (q: string, limit = 10, cursor: { offset_ms: number; id: number } | null = null) => {
      const page = await c.repo.chat.search(v.id, q, { limit, cursor });
      return {
        ids: page.hits.map((h) => h.msg_id),
        more: page.next_cursor !== null,
        cursor: page.next_cursor,
      };
    };
    expect(await ids("zebra")).toMatchObject({ ids: ["m6000", "m9000", "m11500"], more: false });
    const first = await ids("zebra", 2);
    expect(first).toMatchObject({ ids: ["m6000", "m9000"], more: true });
    expect(await ids("zebra", 2, first.cursor)).toMatchObject({ ids: ["m11500"], more: false });
    expect((await ids("qx")).ids).toEqual(["m9000"]);
    expect((await ids("QX_F")).ids).toEqual(["m9000"]);
    expect((await ids("Élan")).ids).toEqual(["m11000"]);
    expect((await ids("élan")).ids).toEqual([]);
    expect((await ids("zeb\nra")).ids).toEqual([]);
    expect((await ids("nowhere to be found")).ids).toEqual([]);
    // A common word fills the page from the first lines read.
    expect(await ids("filler 3", 3)).toMatchObject({ ids: ["m3", "m30", "m31"], more: true });
  });

  test("hasVideo: a video there and not removed", async () => {
    const v = await video();
    const removed = await video("2");
    await c.repo.videos.markDeleted(removed.id, "manual");
    expect(await c.repo.chat.hasVideo(v.id)).toBe(true);
    expect(await c.repo.chat.hasVideo(removed.id)).toBe(false);
    expect(await c.repo.chat.hasVideo(999_999)).toBe(false);
  });

  test("gaps come back in timeline order", async () => {
    const v = await video();
    await c.repo.chat.addGap(v.id, {
      reason: "disconnected",
      started_at: "2026-11-28T12:10:00.000Z",
      ended_at: "2026-11-28T12:10:03.500Z",
      offset_ms: 600_000,
      duration_ms: 3500,
    });
    await c.repo.chat.addGap(v.id, {
      reason: "reconnect",
      started_at: "2026-11-28T12:01:00.000Z",
      ended_at: "2026-11-28T12:01:00.250Z",
      offset_ms: 60_000,
      duration_ms: 250,
    });
    expect(await c.repo.chat.gaps(v.id)).toEqual([
      {
        video_id: v.id,
        reason: "reconnect",
        started_at: "2026-11-28T12:01:00.000Z",
        ended_at: "2026-11-28T12:01:00.250Z",
        offset_seconds: 60,
        duration_seconds: 0.25,
      },
      {
        video_id: v.id,
        reason: "disconnected",
        started_at: "2026-11-28T12:10:00.000Z",
        ended_at: "2026-11-28T12:10:03.500Z",
        offset_seconds: 600,
        duration_seconds: 3.5,
      },
    ]);
  });

  test("the export reads every line once, in order, batch by batch; deleting a video's chat empties it", async () => {
    const v = await video();
    const other = await video("2");
    // Many lines share an offset, so batches end mid-millisecond.
    const rows = Array.from({ length: 1000 }, (_, i) => line(i, Math.floor(i / 7) * 40));
    await c.repo.chat.insertMessages(v.id, rows.reverse());
    await c.repo.chat.insertMessages(other.id, [line(0, 0)]);
    await c.repo.chat.addGap(v.id, {
      reason: "restart",
      started_at: "2026-11-28T12:00:00.000Z",
      ended_at: "2026-11-28T12:00:01.000Z",
      offset_ms: 0,
      duration_ms: 1000,
    });
    const batches: number[] = [];
    const seen: { offset: number; id: number }[] = [];
    for await (const batch of c.repo.chat.exportBatches(v.id, 64)) {
      batches.push(batch.length);
      for (const m of batch) seen.push({ offset: m.offset_ms, id: m.id });
    }
    expect(seen).toHaveLength(1000);
    expect(new Set(seen.map((s) => s.id)).size).toBe(1000);
    const sorted = [...seen].sort((a, b) => a.offset - b.offset || a.id - b.id);
    expect(seen).toEqual(sorted);
    expect(Math.max(...batches)).toBe(64);

    expect(await c.repo.chat.deleteForVideo(v.id)).toBe(1000);
    expect(await c.repo.chat.count(v.id)).toBe(0);
    expect(await c.repo.chat.gaps(v.id)).toEqual([]);
    expect(await c.repo.chat.count(other.id)).toBe(1);
  });
});
