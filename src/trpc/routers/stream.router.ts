import { z } from "zod";
import { limit, offset, twitchId } from "../inputs.ts";
import { router, viewerProcedure } from "../trpc.ts";

export const streamRouter = router({
  /** Streams replayd knows to be live now (open stream rows). */
  active: viewerProcedure.query(({ ctx }) => ctx.api.services.repo.streams.listActive()),
  /** Broadcaster ids live now: the seed of the dashboard's live dots, kept current over `stream.status`. */
  liveIds: viewerProcedure.query(async ({ ctx }) =>
    (await ctx.api.services.repo.streams.listActive()).map((s) => s.broadcaster_id),
  ),
  byBroadcaster: viewerProcedure
    .input(z.strictObject({ broadcaster_id: twitchId, limit: limit(100, 20), offset }))
    .query(({ ctx, input }) =>
      ctx.api.services.repo.streams.listByBroadcaster(input.broadcaster_id, {
        limit: input.limit,
        offset: input.offset,
      }),
    ),
  lastLive: viewerProcedure
    .input(z.strictObject({ broadcaster_id: twitchId }))
    .query(({ ctx, input }) => ctx.api.services.repo.streams.lastForBroadcaster(input.broadcaster_id)),
});
