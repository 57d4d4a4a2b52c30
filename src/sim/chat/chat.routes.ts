import { Hono } from "hono";
import { z } from "zod";
import type { SimContext } from "../context.ts";
import { kindsInput, weightsOf } from "./kinds.ts";
import { chatWorld } from "./world.ts";

const chatInput = z.strictObject({
  /** Lines per simulated second while the channel is live; null goes back to the simulator's default. */
  rate_per_second: z.number().min(0).max(10_000).nullable().optional(),
  /** A list of kinds (equally likely) or weights by kind; null goes back to the realistic mix. */
  kinds: kindsInput.nullable().optional(),
  /** A suspended channel: a JOIN gets `NOTICE … msg_channel_suspended`, and it has no chat. */
  suspended: z.boolean().optional(),
});

const ledgerQuery = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
});

async function body<T>(req: { text(): Promise<string> }, schema: z.ZodType<T>): Promise<T> {
  const text = await req.text();
  return schema.parse(text.trim() === "" ? {} : JSON.parse(text));
}

/**
 * The chat's control routes, mounted under /sim (errors answered by the control API's handler): a
 * channel's rate and kinds, and the ledger of every line sent to it (docs/simulator.md, "Chat").
 */
export function chatControlRoutes(ctx: SimContext): Hono {
  const { state } = ctx;
  const app = new Hono();

  app.get("/channels/:login/chat", (c) => {
    const channel = state.requireChannel(c.req.param("login"));
    return c.json(chatWorld(ctx).feeds.view(channel));
  });

  app.post("/channels/:login/chat", async (c) => {
    const channel = state.requireChannel(c.req.param("login"));
    const input = await body(c.req, chatInput);
    const { feeds } = chatWorld(ctx);
    feeds.configure(channel, {
      ...(input.rate_per_second !== undefined ? { rate_per_second: input.rate_per_second } : {}),
      ...(input.kinds !== undefined ? { weights: input.kinds === null ? null : weightsOf(input.kinds) } : {}),
      ...(input.suspended !== undefined ? { suspended: input.suspended } : {}),
    });
    return c.json(feeds.view(channel));
  });

  app.get("/channels/:login/chat/ledger", (c) => {
    const channel = state.requireChannel(c.req.param("login"));
    const { since, limit } = ledgerQuery.parse(c.req.query());
    const { feeds } = chatWorld(ctx);
    // What is due up to now is sent first, so the ledger is never behind the clock.
    feeds.round();
    const ledger = feeds.ledger(channel);
    return c.json({ login: channel.user.login, total: ledger.size, ...ledger.page(since, limit) });
  });

  return app;
}
