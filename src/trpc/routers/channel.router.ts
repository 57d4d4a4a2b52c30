import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { CHANNEL_FILTERS } from "../../domain/channels.ts";
import { NotFoundError } from "../../domain/errors.ts";
import { direction, limit, login, searchQuery, twitchId } from "../inputs.ts";
import { ownerProcedure, router, viewerProcedure } from "../trpc.ts";

const byId = z.strictObject({ broadcaster_id: twitchId });

export const channelRouter = router({
  getById: viewerProcedure.input(byId).query(async ({ ctx, input }) => {
    const channel = await ctx.api.services.repo.channels.getById(input.broadcaster_id, ctx.caller.id);
    if (!channel) throw new NotFoundError(`no channel ${input.broadcaster_id}`);
    return channel;
  }),
  getByLogin: viewerProcedure.input(z.strictObject({ login })).query(async ({ ctx, input }) => {
    const channel = await ctx.api.services.repo.channels.getByLogin(input.login.toLowerCase(), ctx.caller.id);
    if (!channel) throw new NotFoundError(`no channel ${input.login}`);
    return channel;
  }),
  list: viewerProcedure.query(({ ctx }) => ctx.api.services.repo.channels.list(ctx.caller.id)),
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
      ctx.api.services.repo.channels.listPage({
        viewer_id: ctx.caller.id,
        limit: input.limit,
        order: input.sort === "name_desc" ? "desc" : "asc",
        filter: input.filter,
        cursor: input.cursor,
        direction: input.direction,
      }),
    ),
  listFollowed: viewerProcedure.query(({ ctx }) =>
    ctx.api.services.repo.channels.listFollowed(ctx.caller.id),
  ),
  search: viewerProcedure
    .input(z.strictObject({ query: searchQuery, limit: limit(100, 20) }))
    .query(({ ctx, input }) =>
      ctx.api.services.repo.channels.search(input.query, input.limit, ctx.caller.id),
    ),
  latestLive: viewerProcedure
    .input(z.strictObject({ limit: limit(100, 8) }).default({ limit: 8 }))
    .query(({ ctx, input }) => ctx.api.services.repo.channels.latestLive(input.limit)),
  setFavorite: viewerProcedure
    .input(z.strictObject({ broadcaster_id: twitchId, favorite: z.boolean() }))
    .mutation(({ ctx, input }) =>
      ctx.api.services.repo.channels.setFavorite(ctx.caller.id, input.broadcaster_id, input.favorite),
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
    .mutation(async ({ ctx, input }) => {
      const { helix, repo, bus } = ctx.api.services;
      const [user] = await helix.users(
        input.broadcaster_id
          ? { ids: [input.broadcaster_id] }
          : { logins: [(input.login as string).toLowerCase()] },
      );
      if (!user) {
        throw new TRPCError({
          code: "NOT_FOUND",
          message: `Twitch has no channel ${input.broadcaster_id ?? input.login}`,
        });
      }
      const known = await repo.channels.getById(user.id);
      await repo.channels.upsert({
        broadcaster_id: user.id,
        broadcaster_login: user.login,
        broadcaster_name: user.display_name,
        description: user.description || null,
        profile_image_url: user.profile_image_url || null,
        offline_image_url: user.offline_image_url || null,
        broadcaster_type: user.broadcaster_type || null,
        view_count: user.view_count,
      });
      if (!known) bus.emit("channels.watched", { broadcaster_ids: [user.id] });
      return repo.channels.getById(user.id, ctx.caller.id);
    }),
});
