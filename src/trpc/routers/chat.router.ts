import { z } from "zod";
import { direction, limit, searchQuery, videoId } from "../inputs.ts";
import { router, viewerProcedure } from "../trpc.ts";

/** Seconds on the video's timeline: 0 up to 30 days (a recording with its restarts never runs longer). */
const offsetSeconds = z
  .number()
  .finite()
  .min(0)
  .max(30 * 86_400);
const searchCursor = z
  .strictObject({
    offset_ms: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400_000),
    id: videoId,
  })
  .nullish();

/**
 * A recording's chat for the player: a page at the player's position (either way), search, and a summary
 * (line count, gaps, where emote images come from). A video the caller cannot see is NOT_FOUND.
 */
export const chatRouter = router({
  page: viewerProcedure
    .input(
      z.strictObject({
        video_id: videoId,
        offset_seconds: offsetSeconds,
        limit: limit(500, 100),
        direction: z.enum(["after", "before"]).optional(),
      }),
    )
    .query(({ ctx, input }) => ctx.api.services.chat.page(input.video_id, input)),
  search: viewerProcedure
    .input(
      z.strictObject({
        video_id: videoId,
        query: searchQuery,
        cursor: searchCursor,
        limit: limit(100, 50),
        // What an infinite query adds; hits only page forward.
        direction,
      }),
    )
    .query(({ ctx, input }) =>
      ctx.api.services.chat.search(input.video_id, input.query, { cursor: input.cursor, limit: input.limit }),
    ),
  summary: viewerProcedure
    .input(z.strictObject({ video_id: videoId }))
    .query(({ ctx, input }) => ctx.api.services.chat.summary(input.video_id)),
});
