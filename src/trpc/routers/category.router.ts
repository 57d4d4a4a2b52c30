import { z } from "zod";
import { searchCategories } from "../../channels/category-search.ts";
import { CATEGORY_SORTS } from "../../domain/channels.ts";
import { NotFoundError } from "../../domain/errors.ts";
import { direction, limit, searchQuery, sortValue, twitchId } from "../inputs.ts";
import { router, viewerProcedure } from "../trpc.ts";

const byId = z.strictObject({ id: twitchId });
const search = z.strictObject({ query: searchQuery, limit: limit(200, 20) });

export const categoryRouter = router({
  getById: viewerProcedure.input(byId).query(async ({ ctx, input }) => {
    const category = await ctx.api.services.repo.categories.getById(input.id);
    if (!category) throw new NotFoundError(`no category ${input.id}`);
    return category;
  }),
  list: viewerProcedure.query(({ ctx }) => ctx.api.services.repo.categories.list()),
  listWithVideos: viewerProcedure.query(({ ctx }) => ctx.api.services.repo.categories.listWithVideos()),
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
    .query(({ ctx, input }) => ctx.api.services.repo.categories.listPage(input)),
  /** Local categories plus Twitch's (cached a day), so a schedule can filter on a game not seen yet. */
  search: viewerProcedure
    .input(search)
    .query(({ ctx, input }) => searchCategories(ctx.api.services, input.query, input.limit)),
  searchWithVideos: viewerProcedure
    .input(search)
    .query(({ ctx, input }) => ctx.api.services.repo.categories.searchWithVideos(input.query, input.limit)),
});

export const tagRouter = router({
  list: viewerProcedure.query(({ ctx }) => ctx.api.services.repo.tags.list()),
});
