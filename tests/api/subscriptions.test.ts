import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { MiddlewareHandler } from "hono";
import type { Caller } from "../../src/domain/users.ts";
import { createHttpApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { apiWorld } from "../support/api.ts";
import { quiet } from "../support/recorder.ts";
import { nextData, readSse } from "../support/sse.ts";

// tRPC subscriptions over SSE through the real HTTP stack: events arrive, a reconnect resumes after the
// last event seen, and clients that come and go leave no listener behind.
let w: Awaited<ReturnType<typeof apiWorld>>;
let server: ReturnType<typeof Bun.serve>;
let base: string;
let viewer: Caller;

beforeAll(async () => {
  w = await apiWorld("sqlite");
  viewer = await w.user("viewer");
  // Stands in for src/auth's middleware: the user named by a header (the auth tests cover real sign-in).
  const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set("caller", c.req.header("x-test-user") === viewer.id ? viewer : null);
    await next();
  };
  const app = createHttpApp({
    log: quiet,
    dashboard: {},
    pingDatabase: async () => {},
    api: w.api,
    authenticate,
  });
  server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: app.fetch, idleTimeout: 60 });
  base = `http://127.0.0.1:${server.port}/trpc`;
});
afterAll(async () => {
  server.stop(true);
  await w.dispose();
});

const status = (login: string, kind: "online" | "offline" = "online") => ({
  kind,
  broadcaster_id: "1",
  broadcaster_login: login,
  display_name: login,
  stream_id: null,
  at: new Date().toISOString(),
});

const as = { headers: { "x-test-user": "" } };
const url = (path: string, input?: unknown) =>
  `${base}/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;

describe("subscriptions over SSE", () => {
  test("stream.status delivers events; a reconnect with the last id gets exactly what it missed", async () => {
    as.headers["x-test-user"] = viewer.id;
    const controller = new AbortController();
    const events = readSse(url("stream.status"), { ...as, signal: controller.signal });
    const connected = (async () => {
      // Publish once the subscription is registered on the feed.
      while (w.api.feeds.streamStatus.subscriberCount === 0) await Bun.sleep(5);
      w.services.bus.emit("stream.status", status("first"));
    })();
    const first = await nextData(events);
    await connected;
    expect(JSON.parse(first.data).broadcaster_login).toBe("first");
    expect(first.id).toBeTruthy();
    controller.abort();

    // Missed while disconnected:
    w.services.bus.emit("stream.status", status("second"));
    w.services.bus.emit("stream.status", status("third", "offline"));
    const again = new AbortController();
    const resumed = readSse(url("stream.status", { lastEventId: first.id }), { ...as, signal: again.signal });
    expect(JSON.parse((await nextData(resumed)).data).broadcaster_login).toBe("second");
    const third = JSON.parse((await nextData(resumed)).data);
    expect([third.broadcaster_login, third.kind]).toEqual(["third", "offline"]);
    again.abort();
  });

  test("without credentials a subscription is refused", async () => {
    const res = await fetch(url("stream.status"), { headers: { accept: "text/event-stream" } });
    const body = await res.text();
    expect(res.status === 401 || body.includes("UNAUTHORIZED")).toBe(true);
  });

  test("100 clients connecting and disconnecting repeatedly leave no listener behind", async () => {
    as.headers["x-test-user"] = viewer.id;
    const bus = w.services.bus;
    const topics = [
      "stream.status",
      "stream.live",
      "recording.started",
      "recording.progress",
      "recording.finished",
    ] as const;
    const before = topics.map((t) => bus.listenerCount(t));
    for (let round = 0; round < 3; round++) {
      const clients = Array.from({ length: 100 }, (_, i) => {
        const controller = new AbortController();
        const path = ["stream.status", "stream.live", "video.activeDownloadsLive"][i % 3] as string;
        const events = readSse(url(path), { ...as, signal: controller.signal });
        return { controller, events, first: events.next() };
      });
      const deadline = Date.now() + 15_000;
      while (w.api.feeds.subscriberCount() < 100 && Date.now() < deadline) await Bun.sleep(10);
      expect(w.api.feeds.subscriberCount()).toBe(100);
      for (const c of clients) c.controller.abort();
      await Promise.allSettled(clients.map((c) => c.first));
      while (w.api.feeds.subscriberCount() > 0 && Date.now() < deadline) await Bun.sleep(10);
      expect(w.api.feeds.subscriberCount()).toBe(0);
    }
    expect(topics.map((t) => bus.listenerCount(t))).toEqual(before);
  }, 60_000);
});
