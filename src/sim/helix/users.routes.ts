import { Hono } from "hono";
import { z } from "zod";
import type { SimState } from "../state.ts";
import { HelixError } from "./errors.ts";
import { type HelixEnv, requireUserScope } from "./middleware.ts";
import { paginate } from "./pagination.ts";
import { cursorParams, firstParam, idList, parseQuery } from "./query.ts";
import { followView, userView } from "./views.ts";

const usersQuery = z.object({ id: idList(), login: idList() });
const followedQuery = z.object({
  user_id: z.string({ error: "required" }).min(1, { error: "required" }),
  broadcaster_id: z.string().optional(),
  first: firstParam(),
  after: cursorParams.after,
});

/** GET /users and GET /channels/followed. */
export function usersRoutes(state: SimState): Hono<HelixEnv> {
  const app = new Hono<HelixEnv>();

  app.get("/users", (c) => {
    const token = c.get("token");
    const query = parseQuery(c, usersQuery, ["id", "login"]);
    if (query.id.length + query.login.length > 100) {
      throw new HelixError(400, "id, login: at most 100 values together");
    }
    let users = [...state.users.values()];
    if (query.id.length + query.login.length > 0) {
      const logins = new Set(query.login.map((l) => l.toLowerCase()));
      users = users.filter((u) => query.id.includes(u.id) || logins.has(u.login));
    } else if (token.user_id) {
      // No parameters with a user token: the token's own user.
      users = users.filter((u) => u.id === token.user_id);
    } else {
      throw new HelixError(400, "Must provide an ID, Login or OAuth Token");
    }
    const mayReadEmail = token.scopes.includes("user:read:email");
    return c.json({
      data: users.map((u) => userView(u, c.get("origin"), mayReadEmail && u.id === token.user_id)),
    });
  });

  app.get("/channels/followed", (c) => {
    const userId = requireUserScope(c.get("token"), "user:read:follows");
    const query = parseQuery(c, followedQuery);
    if (query.user_id !== userId) throw new HelixError(400, "user_id: must be the user of the OAuth token");
    const user = state.users.get(userId);
    // Most recent first; the fixture's follows share one instant, so insertion order breaks ties (newest first).
    const follows = [...(user?.follows ?? [])]
      .reverse()
      .filter((f) => query.broadcaster_id === undefined || f.broadcaster_id === query.broadcaster_id)
      .sort((a, b) => Date.parse(b.followed_at) - Date.parse(a.followed_at));
    const page = paginate(follows, query);
    return c.json({
      total: follows.length,
      data: page.items.flatMap((f) => {
        const broadcaster = state.users.get(f.broadcaster_id);
        return broadcaster ? [followView(broadcaster, f.followed_at)] : [];
      }),
      pagination: page.pagination,
    });
  });

  return app;
}
