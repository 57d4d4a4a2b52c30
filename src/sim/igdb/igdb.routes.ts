import { type Context, Hono } from "hono";
import { apiWorld } from "../api-world.ts";
import type { SimContext } from "../context.ts";
import { RateLimiter } from "../helix/rate-limit.ts";
import { ApicalypseError, type GamesQuery, parseGamesQuery } from "./apicalypse.ts";
import { gameOf, type IgdbGame } from "./catalogue.ts";

/** IGDB allows 4 requests a second per application. */
const REQUESTS_PER_SECOND = 4;

/**
 * IGDB's `games` endpoint under /igdb/v4 (api.igdb.com/v4 on the real service): POST with an Apicalypse
 * body, `Client-ID` and `Authorization: Bearer <app token>` from Twitch's OAuth for that client. Answers the
 * simulated categories' games as a JSON array; 429 past 4 requests a second, or when a fault says so.
 */
export function igdbRoutes(ctx: SimContext): Hono {
  const { state } = ctx;
  const world = apiWorld(ctx);
  const limiter = new RateLimiter(Date.now, REQUESTS_PER_SECOND, 1000);
  const app = new Hono();

  app.post("/igdb/v4/games", async (c) => {
    const clientId = c.req.header("client-id") ?? "";
    const bearer = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/)?.[1];
    const found = bearer ? world.tokens.lookup(bearer) : { status: "unknown" as const };
    if (!clientId || found.status !== "valid" || found.token.client_id !== clientId) {
      return authorizationFailure(c);
    }
    const take = limiter.take(clientId);
    if (!take.allowed || state.random.chance(state.faults.igdb_429_rate)) {
      return c.json({ message: "Too Many Requests" }, 429);
    }
    let query: GamesQuery;
    try {
      query = parseGamesQuery(await c.req.text());
    } catch (err) {
      if (!(err instanceof ApicalypseError)) throw err;
      return c.json([{ title: "Syntax Error", status: 400, cause: err.message }], 400);
    }
    const wanted = query.ids ? new Set(query.ids) : null;
    const games = [...state.categories.values()]
      .map(gameOf)
      .filter((g): g is IgdbGame => g !== null && (wanted === null || wanted.has(g.id)))
      .sort((a, b) => a.id - b.id)
      .slice(query.offset, query.offset + query.limit);
    if (state.random.chance(state.faults.igdb_malformed_rate)) {
      // A shape replayd must refuse: ids as text, genres as bare numbers.
      return c.json(games.map((g) => ({ id: String(g.id), genres: g.genres.map((x) => x.id) })));
    }
    return c.json(games.map((g) => select(g, query.fields)));
  });

  return app;
}

/** The fields asked for, as IGDB answers them: `id` always, absent values left out, `genres` as ids unless expanded. */
function select(game: IgdbGame, fields: string[] | null): Record<string, unknown> {
  const all = fields === null;
  const asks = (name: string) => all || fields.some((f) => f === name || f.startsWith(`${name}.`));
  const out: Record<string, unknown> = { id: game.id };
  if (asks("name")) out.name = game.name;
  if (asks("summary") && game.summary !== null) out.summary = game.summary;
  if (asks("first_release_date") && game.first_release_date !== null)
    out.first_release_date = game.first_release_date;
  if (asks("genres") && game.genres.length > 0) {
    const expanded = !all && fields.includes("genres.name");
    out.genres = game.genres.map((g) => (expanded ? { id: g.id, name: g.name } : g.id));
  }
  return out;
}

/** What IGDB's gateway answers without a valid Client-ID and app token pair. */
function authorizationFailure(c: Context) {
  return c.json(
    {
      message: "Authorization Failure. Have you tried:",
      "Tip 1": "Ensure you are sending Authorization and Client-ID as headers.",
      "Tip 2": "Ensure Authorization value starts with 'Bearer ', including the space",
      "Tip 3":
        "Ensure Authorization value ends with the App Access Token you generated, NOT your Client Secret.",
    },
    401,
  );
}
