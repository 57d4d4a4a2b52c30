import { z } from "zod";
import { CHANNEL_FILTERS } from "../../domain/channels.ts";
import { direction, limit, login, newChannelLogin, searchQuery, twitchId } from "../inputs.ts";
import { ownerProcedure, router, viewerProcedure } from "../trpc.ts";

const byId = z.strictObject({ broadcaster_id: twitchId });

export const channelRouter = router({
  getById: viewerProcedure
    .input(byId)
    .query(({ ctx, input }) => ctx.api.services.channels.get(input.broadcaster_id, ctx.caller.id)),
  getByLogin: viewerProcedure
    .input(z.strictObject({ login }))
    .query(({ ctx, input }) => ctx.api.services.channels.getByLogin(input.login, ctx.caller.id)),
  list: viewerProcedure.query(({ ctx }) => ctx.api.services.channels.list(ctx.caller.id)),
  listPage: viewerProcedure
    .input(
      z
        .strictObject({
          limit: limit(200, 60),
          sort: z.enum(["name_asc", "name_desc"]).default("name_asc"),
          filter: z.enum(CHANNEL_FILTERS).default("all"),
          cursor: z
            .strictObject({ broadcaster_name: z.string().max(100), broadcaster_id: twitchId })
            .nullish(),
          direction,
        })
        .default({ limit: 60, sort: "name_asc", filter: "all" }),
    )
    .query(({ ctx, input }) =>
      ctx.api.services.channels.listPage({
        viewer_id: ctx.caller.id,
        limit: input.limit,
        order: input.sort === "name_desc" ? "desc" : "asc",
        filter: input.filter,
        cursor: input.cursor,
        direction: input.direction,
      }),
    ),
  listFollowed: viewerProcedure.query(({ ctx }) => ctx.api.services.channels.followed(ctx.caller.id)),
  search: viewerProcedure
    .input(z.strictObject({ query: searchQuery, limit: limit(100, 20) }))
    .query(({ ctx, input }) => ctx.api.services.channels.search(input.query, input.limit, ctx.caller.id)),
  latestLive: viewerProcedure
    .input(z.strictObject({ limit: limit(100, 8) }).default({ limit: 8 }))
    .query(({ ctx, input }) => ctx.api.services.channels.latestLive(input.limit)),
  setFavorite: viewerProcedure
    .input(z.strictObject({ broadcaster_id: twitchId, favorite: z.boolean() }))
    .mutation(({ ctx, input }) =>
      ctx.api.services.channels.setFavorite(ctx.caller.id, input.broadcaster_id, input.favorite),
    ),

  /**
   * Adds (or refreshes) a channel from Twitch by id or login, so it can be recorded or scheduled without
   * being followed. A new channel is covered by live detection at once.
   */
  syncFromTwitch: ownerProcedure
    .input(
      z
        .strictObject({ broadcaster_id: twitchId.optional(), login: login.optional() })
        .refine((v) => Boolean(v.broadcaster_id) !== Boolean(v.login), {
          message: "give either broadcaster_id or login",
        }),
    )
    .mutation(({ ctx, input }) => ctx.api.services.channels.add(input, ctx.caller.id)),

  /**
   * Adds a channel nobody here follows, by its Twitch login: NOT_FOUND when Twitch has no such login,
   * CONFLICT when it is already a watched channel. A new channel is covered by live detection at once.
   */
  addByLogin: ownerProcedure
    .input(z.strictObject({ login: newChannelLogin }))
    .mutation(({ ctx, input }) => ctx.api.services.channels.addByLogin(input.login, ctx.caller.id)),
});
