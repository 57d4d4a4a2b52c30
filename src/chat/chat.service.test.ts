import { expect, test } from "bun:test";
import { chatLine } from "../../tests/support/chat-lines.ts";
import { twitchDownloaderChat } from "../../tests/support/twitchdownloader-chat.ts";
import { channel, finishedVideo } from "../db/contract/fixtures.ts";
import { contract } from "../db/contract/harness.ts";
import { NotFoundError } from "../domain/errors.ts";
import { ChatService } from "./chat.service.ts";

const line = (n: number, offsetMs: number, extra: Parameters<typeof chatLine>[2] = {}) =>
  chatLine(n, offsetMs, {
    user_id: "42",
    user_login: "ronni",
    display_name: "Ronni",
    color: null,
    text: `line ${n}`,
    badges: [{ set_id: "subscriber", version: "3" }],
    ...extra,
  });

const collect = async (chunks: AsyncIterable<string>) => {
  let text = "";
  let count = 0;
  for await (const chunk of chunks) {
    text += chunk;
    count++;
  }
  return { text, count };
};

contract("chat service", (c) => {
  const service = (imagesBase = "https://static-cdn.jtvnw.net") =>
    new ChatService({ repo: c.repo, imagesBase, exportBatch: 4 });
  const recorded = async () => {
    await channel(c.repo, "1234", "Ronni");
    const video = await finishedVideo(c.repo, "1234", {
      title: "Speedrun day",
      category: { id: "27471", name: "Minecraft" },
      parts: [{ duration_seconds: 600, size_bytes: 10 }],
    });
    await c.repo.chat.insertMessages(video.id, [
      line(1, 1_500),
      line(2, 2_250, {
        text: "Kappa 🎉 Kappa",
        emotes: [
          { id: "25", begin: 0, end: 4 },
          { id: "25", begin: 8, end: 12 },
        ],
      }),
      line(3, 3_000, { deleted: true, text: "rude" }),
      line(4, 4_000, { kind: "timeout", text: "", params: { "ban-duration": "600" } }),
      line(5, 5_000, {
        kind: "sub",
        system_text: "Ronni subscribed at Tier 1.",
        text: "",
        params: { "msg-param-sub-plan": "1000" },
      }),
      line(6, 3_725_000, { bits: 100, text: "cheer100 go", color: "#FF0000" }),
    ]);
    return video;
  };

  test("a page at the player's position, in seconds either way, and where to ask next", async () => {
    const video = await recorded();
    const after = await service().page(video.id, { offset_seconds: 2.25, limit: 2 });
    expect(after.messages.map((m) => [m.msg_id, m.offset_seconds])).toEqual([
      ["m2", 2.25],
      ["m3", 3],
    ]);
    expect(after.next_offset_seconds).toBe(4);
    const before = await service().page(video.id, { offset_seconds: 2.9, limit: 5, direction: "before" });
    expect(before.messages.map((m) => m.msg_id)).toEqual(["m1", "m2"]);
    expect(before.next_offset_seconds).toBeNull();
    expect((await service().search(video.id, "KAPPA", { limit: 10 })).hits.map((h) => h.msg_id)).toEqual([
      "m2",
    ]);
  });

  test("the summary: lines, gaps, and where the browser loads emotes (Twitch's CDN or the simulator)", async () => {
    const video = await recorded();
    await c.repo.chat.addGap(video.id, {
      reason: "reconnect",
      started_at: "2026-11-28T12:00:10.000Z",
      ended_at: "2026-11-28T12:00:11.000Z",
      offset_ms: 10_000,
      duration_ms: 1000,
    });
    expect(await service().summary(video.id)).toEqual({
      count: 6,
      gaps: [
        {
          video_id: video.id,
          reason: "reconnect",
          started_at: "2026-11-28T12:00:10.000Z",
          ended_at: "2026-11-28T12:00:11.000Z",
          offset_seconds: 10,
          duration_seconds: 1,
        },
      ],
      emote_url_template: "https://static-cdn.jtvnw.net/emoticons/v2/{id}/default/{theme}/1.0",
    });
    expect((await service("/api/v1/demo/twitch/").summary(video.id)).emote_url_template).toBe(
      "/api/v1/demo/twitch/emoticons/v2/{id}/default/{theme}/1.0",
    );
  });

  test("an unknown or removed video has no chat", async () => {
    const video = await recorded();
    await c.repo.videos.markDeleted(video.id, "manual");
    for (const id of [video.id, 999_999]) {
      await expect(service().page(id, { offset_seconds: 0, limit: 1 })).rejects.toBeInstanceOf(NotFoundError);
      await expect(service().search(id, "x", { limit: 1 })).rejects.toBeInstanceOf(NotFoundError);
      await expect(service().summary(id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(service().export(id, "json")).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  test("the JSON export loads under TwitchDownloader's chat schema and holds what viewers still saw", async () => {
    const video = await recorded();
    const now = new Date("2026-11-29T08:00:00.000Z");
    const file = await service().export(video.id, "json", now);
    expect(file.filename).toBe(`${video.filename}-chat.json`);
    expect(file.contentType).toBe("application/json; charset=utf-8");
    const { text, count } = await collect(file.chunks);
    // Head, two batches of four lines (with lines kept), tail: read batch by batch.
    expect(count).toBe(4);
    const chat = twitchDownloaderChat.parse(JSON.parse(text));
    expect(chat.FileInfo).toEqual({
      Version: { Major: 1, Minor: 4, Patch: 0 },
      CreatedAt: now.toISOString(),
      UpdatedAt: now.toISOString(),
    });
    expect(chat.streamer).toEqual({ name: "Ronni", login: "ronni", id: 1234 });
    expect(chat.video).toMatchObject({
      title: "Speedrun day",
      id: String(video.id),
      start: 0,
      end: 600,
      length: 600,
      game: "Minecraft",
    });
    expect(chat.comments.map((m) => [m._id, m.content_offset_seconds, m.message.body])).toEqual([
      ["m1", 1.5, "line 1"],
      ["m2", 2.25, "Kappa 🎉 Kappa"],
      ["m5", 5, "Ronni subscribed at Tier 1."],
      ["m6", 3725, "cheer100 go"],
    ]);
    const [first, second, sub, cheer] = chat.comments;
    expect(first).toMatchObject({
      created_at: "2026-11-28T12:00:01.500Z",
      channel_id: "1234",
      content_type: "video",
      content_id: String(video.id),
      commenter: { display_name: "Ronni", _id: "42", name: "ronni" },
      message: { user_badges: [{ _id: "subscriber", version: "3" }], user_color: null, emoticons: [] },
    });
    expect(second?.message.fragments).toEqual([
      { text: "Kappa", emoticon: { emoticon_id: "25" } },
      { text: " 🎉 ", emoticon: null },
      { text: "Kappa", emoticon: { emoticon_id: "25" } },
    ]);
    expect(sub?.message.user_notice_params).toEqual({ msg_id: "sub" });
    expect(cheer?.message).toMatchObject({ bits_spent: 100, user_color: "#FF0000" });
  });

  test("the text export: one line each, as TwitchDownloader's relative timestamps", async () => {
    const video = await recorded();
    const file = await service().export(video.id, "txt");
    expect([file.filename, file.contentType]).toEqual([
      `${video.filename}-chat.txt`,
      "text/plain; charset=utf-8",
    ]);
    expect((await collect(file.chunks)).text).toBe(
      [
        "[0:00:01] Ronni: line 1",
        "[0:00:02] Ronni: Kappa 🎉 Kappa",
        "[0:00:05] Ronni: Ronni subscribed at Tier 1.",
        "[1:02:05] Ronni: cheer100 go",
        "",
      ].join("\n"),
    );
  });

  test("a video without chat exports an empty list", async () => {
    await channel(c.repo, "1");
    const video = await finishedVideo(c.repo, "1");
    const chat = twitchDownloaderChat.parse(
      JSON.parse((await collect((await service().export(video.id, "json")).chunks)).text),
    );
    expect(chat.comments).toEqual([]);
    expect((await collect((await service().export(video.id, "txt")).chunks)).text).toBe("");
  });
});
