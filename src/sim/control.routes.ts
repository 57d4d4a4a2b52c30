import { Hono } from "hono";
import { z } from "zod";
import { apiControlRoutes } from "./api-control.routes.ts";
import { chatControlRoutes } from "./chat/chat.routes.ts";
import { chatWorld } from "./chat/world.ts";
import type { SimContext } from "./context.ts";
import { entitlementRoutes } from "./entitlements.routes.ts";
import { setSubscribed, setTurbo } from "./entitlements.ts";
import { faultsRequestSchema } from "./faults.ts";
import { type Channel, SimError } from "./state.ts";

const userInput = z.strictObject({
  login: z.string(),
  display_name: z.string().min(1).max(25).optional(),
  follows: z.array(z.string()).optional(),
  description: z.string().max(300).optional(),
  turbo: z.boolean().optional(),
  /** Channels the new user subscribes to. */
  subscribes_to: z.array(z.string()).optional(),
});

/** What the edge serves after the end (docs/simulator.md, "Endings"); at go-live these are defaults. */
const endSettings = z.strictObject({
  end: z.enum(["endlist", "404", "403", "frozen"]).optional(),
  playlist_keep_seconds: z
    .number()
    .min(0)
    .max(7 * 86_400)
    .nullable()
    .optional(),
  master_cache_seconds: z.number().min(0).max(86_400).optional(),
});

const liveInput = z.strictObject({
  title: z.string().max(140).optional(),
  category_id: z.string().optional(),
  category_name: z.string().optional(),
  tags: z.array(z.string().max(25)).max(10).optional(),
  viewers: z.number().int().min(0).optional(),
  ladder: z
    .array(z.string().regex(/^(\d{3,4}p\d{2}|audio_only)$/))
    .min(1)
    .optional(),
  codec: z.enum(["h264", "hevc", "av1"]).optional(),
  format: z.enum(["ts", "fmp4"]).optional(),
  segment_seconds: z.number().min(0.25).max(10).optional(),
  low_latency: z.boolean().optional(),
  bitrate_kbps: z.number().int().min(100).max(8000).optional(),
  window_segments: z.number().int().min(3).max(600).optional(),
  restriction: z.enum(["geoblock", "subscriber"]).nullable().optional(),
  media_sequence: z.enum(["session", "live"]).optional(),
  live_sequence: z.enum(["all", "content"]).optional(),
  master_lag_seconds: z.number().min(0).max(600).optional(),
  ...endSettings.shape,
});

/** A category (a Twitch game) with, optionally, what IGDB says of it. */
const categoryInput = z.strictObject({
  id: z.string().regex(/^\d+$/),
  name: z.string().min(1).max(200),
  igdb_id: z.string().regex(/^\d*$/).default(""),
  game: z
    .strictObject({
      summary: z.string().max(5000).nullable().default(null),
      genres: z.array(z.string().min(1).max(100)).max(20).default([]),
      release_year: z.number().int().min(1950).max(2100).nullable().default(null),
    })
    .optional(),
});

const updateInput = liveInput.pick({ title: true, category_id: true, category_name: true, tags: true });
const adInput = z.strictObject({
  seconds: z.number().min(1).max(600),
  roll: z.enum(["preroll", "midroll"]).optional(),
});
const offlineInput = endSettings.extend({
  reconnect_after_seconds: z.number().min(0).max(86_400).optional(),
});

/** The control API under /sim: the test's and the demo's hands on the simulated world. */
export function controlRoutes(ctx: SimContext): Hono {
  const { state } = ctx;
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof SimError) return c.json({ error: err.message }, err.status);
    if (err instanceof z.ZodError) {
      const issue = err.issues[0];
      return c.json({ error: `${issue?.path.join(".") || "body"}: ${issue?.message}` }, 400);
    }
    if (err instanceof SyntaxError) return c.json({ error: "body: expected JSON" }, 400);
    throw err;
  });

  const body = async <T>(c: { req: { text(): Promise<string> } }, schema: z.ZodType<T>): Promise<T> => {
    const text = await c.req.text();
    return schema.parse(text.trim() === "" ? {} : JSON.parse(text));
  };

  app.get("/state", (c) => {
    const sections = Object.fromEntries([...ctx.stateSections].map(([name, describe]) => [name, describe()]));
    return c.json({
      now: new Date(state.clock.now()).toISOString(),
      warp: state.clock.warp,
      seed: state.random.seed,
      users: [...state.users.values()],
      channels: [...state.channels.values()].map((channel) => describeChannel(ctx, channel)),
      categories: [...state.categories.values()],
      faults: state.faults,
      ...sections,
    });
  });

  app.post("/users", async (c) => {
    const { turbo, subscribes_to, ...input } = await body(c, userInput);
    for (const login of subscribes_to ?? []) state.requireChannel(login);
    const user = state.createUser(input);
    if (turbo) setTurbo(state, user.login, true);
    for (const login of subscribes_to ?? []) setSubscribed(state, user.login, login, true);
    return c.json({ id: user.id, login: user.login, display_name: user.display_name }, 201);
  });

  app.post("/categories", async (c) => c.json(state.addCategory(await body(c, categoryInput)), 201));

  app.post("/channels/:login/live", async (c) => {
    state.goLive(c.req.param("login"), await body(c, liveInput));
    return c.json(describeChannel(ctx, state.requireChannel(c.req.param("login"))));
  });

  app.post("/channels/:login/update", async (c) => {
    const channel = state.updateInfo(c.req.param("login"), await body(c, updateInput));
    return c.json(describeChannel(ctx, channel));
  });

  app.post("/channels/:login/ad", async (c) => {
    const { seconds, roll } = await body(c, adInput);
    return c.json(state.startAd(c.req.param("login"), seconds, roll));
  });

  app.post("/channels/:login/offline", async (c) => {
    state.goOffline(c.req.param("login"), await body(c, offlineInput));
    return c.json(describeChannel(ctx, state.requireChannel(c.req.param("login"))));
  });

  app.post("/faults", async (c) => {
    const { irc_reconnect, irc_drop, ...update } = await body(c, faultsRequestSchema);
    const faults = state.setFaults(update);
    // One-shot chat faults act now and are not kept; the answer says how many sockets they reached.
    if (!irc_reconnect && !irc_drop) return c.json(faults);
    const { hub } = chatWorld(ctx);
    const irc_actions = {
      reconnected: irc_reconnect ? hub.reconnectAll() : 0,
      dropped: irc_drop ? hub.dropAll() : 0,
    };
    return c.json({ ...faults, irc_actions });
  });

  // Tokens, EventSub revocation and webhook retry tuning (docs/simulator.md, "Twitch API").
  app.route("/", apiControlRoutes(ctx));
  // Turbo, subscriptions, sub-only channels (docs/simulator.md, "Viewer accounts").
  app.route("/", entitlementRoutes(ctx));
  // Chat: a channel's rate and kinds, its ledger (docs/simulator.md, "Chat").
  app.route("/", chatControlRoutes(ctx));

  return app;
}

function describeChannel(ctx: SimContext, channel: Channel) {
  const { state } = ctx;
  const live = state.liveSession(channel);
  const iso = (ms: number) => new Date(ms).toISOString();
  const reconnect = state.reconnects.get(channel.user.id);
  const ended = channel.session?.ended;
  return {
    id: channel.user.id,
    login: channel.user.login,
    display_name: channel.user.display_name,
    live: live !== null,
    sub_only: channel.sub_only,
    info: channel.info,
    session: channel.session
      ? {
          ...channel.session,
          started_at: iso(channel.session.started_at),
          ended: ended
            ? {
                ...ended,
                at: iso(ended.at),
                // When the ended playlist turns into a 404 (null: never, or at once for 404/403 modes).
                playlist_until:
                  ended.playlist_keep_seconds === null || ended.mode === "404" || ended.mode === "403"
                    ? null
                    : iso(ended.at + ended.playlist_keep_seconds * 1000),
                master_until: iso(ended.at + ended.master_cache_seconds * 1000),
              }
            : null,
          current_sequence: state.currentSequence(channel.session),
        }
      : null,
    // A quick reconnect waiting to start a new broadcast.
    reconnect: reconnect ? { at: iso(reconnect.at), after_seconds: reconnect.after_seconds } : null,
  };
}
