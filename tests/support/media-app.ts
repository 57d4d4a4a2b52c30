import type { Hono } from "hono";
import type { Repository } from "../../src/db/repository.ts";
import type { Caller } from "../../src/domain/users.ts";
import { createHttpApp } from "../../src/http/app.ts";
import type { AppEnv } from "../../src/http/env.ts";
import { mediaRoutes } from "../../src/http/routes/media.routes.ts";
import { VideoFiles } from "../../src/library/video-files.service.ts";
import type { Logger } from "../../src/log/logger.ts";
import type { PlaybackCache } from "../../src/playback-cache/playback-cache.service.ts";
import type { Storage } from "../../src/storage/storage.ts";
import type { ApiDeps } from "../../src/trpc/context.ts";
import { quiet } from "./recorder.ts";

/** Header that makes the test middleware sign the request in (until the real auth middleware exists). */
export const AS_VIEWER = { "x-test-caller": "viewer" };

const VIEWER: Caller = {
  id: "9001",
  login: "viewer",
  display_name: "Viewer",
  role: "viewer",
  via: "session",
};

/**
 * The real HTTP app with the media routes and a stand-in for the authentication middleware. `scratchRoot`
 * is the recorder's, for parts being recorded to S3 storage; `playbackCache` is told of part plays.
 */
export function mediaApp(
  repo: Repository,
  storage: Storage,
  scratchRoot = "/nonexistent",
  playbackCache?: Pick<PlaybackCache, "opened">,
  log?: Pick<Logger, "warn">,
): Hono<AppEnv> {
  return createHttpApp({
    log: quiet,
    dashboard: {},
    pingDatabase: async () => {},
    apiRoutes: [mediaRoutes({ videos: new VideoFiles({ repo }), storage, scratchRoot, playbackCache, log })],
    // These tests never reach tRPC.
    api: {} as ApiDeps,
    authenticate: async (c, next) => {
      c.set("caller", c.req.header("x-test-caller") === "viewer" ? VIEWER : null);
      await next();
    },
  });
}

/**
 * Sends a request line exactly as written (no URL normalisation of `..`, `%2e`, backslashes) to a real
 * server and returns the status and body.
 */
export async function rawGet(port: number, target: string): Promise<{ status: number; body: string }> {
  const chunks: Uint8Array[] = [];
  const { promise: closed, resolve } = Promise.withResolvers<void>();
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data: (_s, data) => void chunks.push(new Uint8Array(data)),
      close: () => resolve(),
      error: () => resolve(),
    },
  });
  socket.write(
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nx-test-caller: viewer\r\nConnection: close\r\n\r\n`,
  );
  await closed;
  const text = Buffer.concat(chunks).toString("latin1");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  return { status, body: text.slice(text.indexOf("\r\n\r\n") + 4) };
}
