import { expect, test } from "bun:test";
import type { Hono } from "hono";
import { chatLine } from "../../../tests/support/chat-lines.ts";
import { quiet } from "../../../tests/support/recorder.ts";
import { twitchDownloaderChat } from "../../../tests/support/twitchdownloader-chat.ts";
import { ChatService } from "../../chat/chat.service.ts";
import { channel, finishedVideo } from "../../db/contract/fixtures.ts";
import { contract } from "../../db/contract/harness.ts";
import type { Repository } from "../../db/repository.ts";
import type { ApiDeps } from "../../trpc/context.ts";
import { createHttpApp } from "../app.ts";
import type { AppEnv } from "../env.ts";
import { chatExportRoutes } from "./chat-export.routes.ts";

const VIEWER = {
  id: "9001",
  login: "viewer",
  display_name: "Viewer",
  role: "viewer",
  via: "session",
} as const;

function app(repo: Repository): Hono<AppEnv> {
  return createHttpApp({
    log: quiet,
    dashboard: {},
    pingDatabase: async () => {},
    apiRoutes: [
      chatExportRoutes({ chat: new ChatService({ repo, imagesBase: "", exportBatch: 500 }), log: quiet }),
    ],
    api: {} as ApiDeps,
    authenticate: async (c, next) => {
      c.set("caller", c.req.header("x-test-caller") === "viewer" ? VIEWER : null);
      await next();
    },
  });
}

contract("GET /api/v1/videos/{id}/chat", (c) => {
  const get = (path: string, signedIn = true) =>
    app(c.repo).request(`http://replayd.test/api/v1${path}`, {
      headers: signedIn ? { "x-test-caller": "viewer" } : {},
    });

  const withChat = async (lines: number) => {
    await channel(c.repo, "77", "Streamer");
    const video = await finishedVideo(c.repo, "77");
    await c.repo.chat.insertMessages(
      video.id,
      Array.from({ length: lines }, (_, i) =>
        chatLine(i, i * 100, {
          user_id: "5",
          user_login: "fan",
          display_name: "Fan",
          color: null,
          text: `message number ${i}`,
          badges: [],
        }),
      ),
    );
    return video;
  };

  test("a signed-in caller downloads TwitchDownloader's JSON, read in batches, as an attachment", async () => {
    const video = await withChat(2_345);
    for (const path of [`/videos/${video.id}/chat`, `/videos/${video.id}/chat?format=json`]) {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(res.headers.get("content-disposition")).toBe(
        `attachment; filename="${video.filename}-chat.json"`,
      );
      const chat = twitchDownloaderChat.parse(await res.json());
      expect(chat.comments).toHaveLength(2_345);
      expect(chat.comments.at(-1)?.message.body).toBe("message number 2344");
    }
  });

  test("format=txt is one line per message", async () => {
    const video = await withChat(3);
    const res = await get(`/videos/${video.id}/chat?format=txt`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${video.filename}-chat.txt"`);
    expect(await res.text()).toBe(
      "[0:00:00] Fan: message number 0\n[0:00:00] Fan: message number 1\n[0:00:00] Fan: message number 2\n",
    );
  });

  test("refusals: 401 signed out, 404 unknown, removed or malformed, 400 naming a bad format", async () => {
    const video = await withChat(1);
    expect((await get(`/videos/${video.id}/chat`, false)).status).toBe(401);
    expect((await get("/videos/999999/chat")).status).toBe(404);
    expect((await get("/videos/abc/chat")).status).toBe(404);
    const bad = await get(`/videos/${video.id}/chat?format=html`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: { code: "BAD_REQUEST", message: "format: expected json or txt" },
    });
    await c.repo.videos.markDeleted(video.id, "manual");
    expect((await get(`/videos/${video.id}/chat`)).status).toBe(404);
  });
});
