import { z } from "zod";
import { CATEGORY_SORTS } from "../../domain/channels.ts";
import { direction, limit, searchQuery, sortValue, twitchId } from "../inputs.ts";
import { router, viewerProcedure } from "../trpc.ts";

const byId = z.strictObject({ id: twitchId });
const search = z.strictObject({ query: searchQuery, limit: limit(200, 20) });

export const categoryRouter = router({
  getById: viewerProcedure.input(byId).query(({ ctx, input }) => ctx.api.services.categories.get(input.id)),
  /** The reference's name for a category with its totals; getById already carries them, so it is the same. */
  getDetail: viewerProcedure.input(byId).query(({ ctx, input }) => ctx.api.services.categories.get(input.id)),
  list: viewerProcedure.query(({ ctx }) => ctx.api.services.categories.list()),
  listWithVideos: viewerProcedure.query(({ ctx }) => ctx.api.services.categories.listWithVideos()),
  listPage: viewerProcedure
    .input(
      z
        .strictObject({
          limit: limit(200, 60),
          sort: z.enum(CATEGORY_SORTS).default("name_asc"),
          cursor: z.strictObject({ sort_value: sortValue, id: twitchId }).nullish(),
          direction,
        })
        .default({ limit: 60, sort: "name_asc" }),
    )
    .query(({ ctx, input }) => ctx.api.services.categories.listPage(input)),
  /** Local categories plus Twitch's (cached a day), so a schedule can filter on a game not seen yet. */
  search: viewerProcedure
    .input(search)
    .query(({ ctx, input }) => ctx.api.services.categories.search(input.query, input.limit)),
  searchWithVideos: viewerProcedure
    .input(search)
    .query(({ ctx, input }) => ctx.api.services.categories.searchWithVideos(input.query, input.limit)),
});

export const tagRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.api.services.categories.tags()),
});
