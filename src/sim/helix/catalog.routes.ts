import { Hono } from "hono";
import { z } from "zod";
import type { SimState } from "../state.ts";
import { HelixError } from "./errors.ts";
import type { HelixEnv } from "./middleware.ts";
import { paginate } from "./pagination.ts";
import { cursorParams, firstParam, idList, parseQuery } from "./query.ts";
import { channelView, gameView, searchCategoryView } from "./views.ts";

const channelsQuery = z.object({ broadcaster_id: idList() });
const gamesQuery = z.object({ id: idList(), name: idList(), igdb_id: idList() });
const searchQuery = z.object({
  query: z.string({ error: "required" }).min(1, { error: "required" }),
  first: firstParam(),
  after: cursorParams.after,
});

/** GET /channels, /games and /search/categories. */
export function catalogRoutes(state: SimState): Hono<HelixEnv> {
  const app = new Hono<HelixEnv>();

  app.get("/channels", (c) => {
    const { broadcaster_id } = parseQuery(c, channelsQuery, ["broadcaster_id"]);
    if (broadcaster_id.length === 0) throw new HelixError(400, "broadcaster_id: required");
    const channels = broadcaster_id.flatMap((id) => {
      const channel = state.channels.get(id);
      return channel ? [channelView(channel)] : [];
    });
    return c.json({ data: channels });
  });

  app.get("/games", (c) => {
    const query = parseQuery(c, gamesQuery, ["id", "name", "igdb_id"]);
    const count = query.id.length + query.name.length + query.igdb_id.length;
    if (count === 0) throw new HelixError(400, "id, name or igdb_id: at least one is required");
    if (count > 100) throw new HelixError(400, "id, name, igdb_id: at most 100 values together");
    const names = new Set(query.name.map((n) => n.toLowerCase()));
    const games = [...state.categories.values()].filter(
      (g) =>
        query.id.includes(g.id) ||
        names.has(g.name.toLowerCase()) ||
        (g.igdb_id !== "" && query.igdb_id.includes(g.igdb_id)),
    );
    return c.json({ data: games.map((g) => gameView(g, c.get("origin"))) });
  });

  app.get("/search/categories", (c) => {
    const query = parseQuery(c, searchQuery);
    const needle = query.query.toLowerCase();
    const matches = [...state.categories.values()]
      .filter((g) => g.name.toLowerCase().includes(needle))
      // Names that start with the query first, then alphabetical (Twitch ranks by popularity instead).
      .sort(
        (a, b) =>
          Number(b.name.toLowerCase().startsWith(needle)) - Number(a.name.toLowerCase().startsWith(needle)) ||
          a.name.localeCompare(b.name),
      );
    const page = paginate(matches, query);
    return c.json({
      data: page.items.map((g) => searchCategoryView(g, c.get("origin"))),
      pagination: page.pagination,
    });
  });

  return app;
}
