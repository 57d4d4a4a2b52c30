import { z } from "zod";
import { offsetPage, videoId } from "../inputs.ts";
import { router, viewerProcedure } from "../trpc.ts";

/** A user's list of videos they asked to keep an eye on. */
export const videoRequestRouter = router({
  mine: viewerProcedure
    .input(offsetPage(200, 50))
    .query(({ ctx, input }) => ctx.api.services.watch.requests(ctx.caller.id, input)),
  /**
   * Recording requests (asked for, or started with Record now) with who made them and the outcome,
   * newest first: an admin or the owner sees everyone's, anyone else their own.
   */
  list: viewerProcedure
    .input(offsetPage(100, 50))
    .query(({ ctx, input }) => ctx.api.services.watch.requestsFor(ctx.caller, input)),
  request: viewerProcedure
    .input(z.strictObject({ video_id: videoId }))
    .mutation(({ ctx, input }) => ctx.api.services.watch.request(ctx.caller.id, input.video_id)),
});
