import { Hono } from "hono";
import { z } from "zod";
import type { Faults } from "../faults.ts";
import type { SimState } from "../state.ts";
import type { HelixEnv } from "./middleware.ts";
import { paginate } from "./pagination.ts";
import { cursorParams, firstParam, idList, parseQuery } from "./query.ts";
import { streamView } from "./views.ts";

const LISTS = ["user_id", "user_login", "game_id", "language"] as const;
const streamsQuery = z.object({
  user_id: idList(),
  user_login: idList(),
  game_id: idList(),
  language: idList(),
  type: z.enum(["all", "live"]).default("all"),
  first: firstParam(),
  ...cursorParams,
});

/** GET /streams: live channels only, most viewers first; a stream shows once it has been live `helix_streams_lag_seconds`. */
export function streamsRoutes(state: SimState, faults: () => Faults): Hono<HelixEnv> {
  const app = new Hono<HelixEnv>();

  app.get("/streams", (c) => {
    const query = parseQuery(c, streamsQuery, LISTS);
    const visibleSince = state.clock.now() - faults().helix_streams_lag_seconds * 1000;
    const logins = new Set(query.user_login.map((l) => l.toLowerCase()));
    const byUser = query.user_id.length + query.user_login.length > 0;
    const live = [...state.channels.values()].flatMap((channel) => {
      const session = state.liveSession(channel);
      if (!session || session.started_at > visibleSince) return [];
      if (byUser && !query.user_id.includes(channel.user.id) && !logins.has(channel.user.login)) return [];
      if (query.game_id.length > 0 && !query.game_id.includes(channel.info.category_id)) return [];
      if (query.language.length > 0 && !query.language.includes(channel.info.language)) return [];
      return [{ channel, session }];
    });
    live.sort((a, b) => b.session.viewers - a.session.viewers || a.session.started_at - b.session.started_at);
    const page = paginate(live, query);
    return c.json({
      data: page.items.map(({ channel, session }) => streamView(channel, session, c.get("origin"))),
      pagination: page.pagination,
    });
  });

  return app;
}
