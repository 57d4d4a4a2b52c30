import { Hono } from "hono";
import type { Logger } from "../log/logger.ts";
import { emoticonsRoutes } from "./chat/emoticons.routes.ts";
import type { SocketData } from "./chat/hub.ts";
import type { ChatOptions } from "./chat/options.ts";
import { type ChatWorld, chatWorld } from "./chat/world.ts";
import { createClock, type SimClock } from "./clock.ts";
import type { MediaOptions, SimContext } from "./context.ts";
import { controlRoutes } from "./control.routes.ts";
import { startEventSubDelivery } from "./eventsub.delivery.ts";
import { loadFixture } from "./fixture.ts";
import { gqlRoutes } from "./gql.routes.ts";
import { helixRoutes } from "./helix.routes.ts";
import { igdbRoutes } from "./igdb/igdb.routes.ts";
import { imagesRoutes } from "./images.routes.ts";
import { mediaRoutes } from "./media.routes.ts";
import { oauthRoutes } from "./oauth.routes.ts";
import { createRandom } from "./random.ts";
import { SimState } from "./state.ts";
import { usherRoutes } from "./usher.routes.ts";

export interface SimulatorOptions {
  log: Logger;
  /** Seed of every random choice; the same seed replays the same faults and ids. */
  seed?: number;
  /** Simulated seconds per real second (1 = real time). */
  warp?: number;
  /** A clock to use instead of one made from `warp` (tests step time with it). */
  clock?: SimClock;
  clientId?: string | null;
  clientSecret?: string | null;
  /** Start with the default channels and viewer (true unless a test wants an empty world). */
  fixture?: boolean;
  media?: MediaOptions;
  /** Where browsers reach its images, when something else serves them (see `SimContext.browserBase`). */
  browserBase?: string;
  /** The simulated chat: default rate for live channels, PING timings (see chat/options.ts). */
  chat?: Partial<ChatOptions>;
}

export interface Simulator {
  app: Hono;
  ctx: SimContext;
  /** Twitch chat: the IRC sockets startSimulator serves at /irc, and each channel's feed. */
  chat: ChatWorld;
  /** Stops background work (webhook deliveries, pending reconnects). */
  close(): void;
}

/** The Twitch simulator as a Hono app: every Twitch surface on one origin, driven by one SimState. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const state = new SimState(options.clock ?? createClock(options.warp ?? 1), createRandom(seed));
  const ctx: SimContext = {
    state,
    log: options.log,
    clientId: options.clientId ?? null,
    clientSecret: options.clientSecret ?? null,
    stateSections: new Map(),
    media: options.media,
    browserBase: options.browserBase,
    chat: options.chat,
  };
  if (options.fixture !== false) loadFixture(state);

  const app = new Hono();
  app.route("/sim", controlRoutes(ctx));
  for (const routes of [
    gqlRoutes,
    usherRoutes,
    mediaRoutes,
    helixRoutes,
    igdbRoutes,
    oauthRoutes,
    imagesRoutes,
    emoticonsRoutes,
  ]) {
    app.route("/", routes(ctx));
  }
  app.notFound((c) =>
    c.json({ error: "Not Found", status: 404, message: `no simulated route ${c.req.path}` }, 404),
  );
  const stopDelivery = startEventSubDelivery(ctx);
  const chat = chatWorld(ctx);
  const close = () => {
    stopDelivery();
    chat.stop();
    state.close();
  };
  return { app, ctx, chat, close };
}

export interface RunningSimulator extends Simulator {
  url: string;
  stop(): Promise<void>;
}

export function startSimulator(
  options: SimulatorOptions & { host?: string; port?: number },
): RunningSimulator {
  const sim = createSimulator(options);
  const server = Bun.serve<SocketData>({
    hostname: options.host ?? "127.0.0.1",
    port: options.port ?? 8090,
    // Chat is IRC over WebSocket at /irc on the same origin (Twitch: wss://irc-ws.chat.twitch.tv).
    fetch: (req, server) =>
      new URL(req.url).pathname === "/irc" ? sim.chat.hub.upgrade(req, server) : sim.app.fetch(req, server),
    websocket: sim.chat.hub.websocket,
    // Stalled-segment faults hold requests open on purpose.
    idleTimeout: 0,
  });
  const url = `http://${server.hostname}:${server.port}`;
  return {
    ...sim,
    url,
    async stop() {
      sim.close();
      await server.stop(true);
    },
  };
}
