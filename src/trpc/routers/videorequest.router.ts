import { z } from "zod";
import { offsetPage, videoId } from "../inputs.ts";
import { router, viewerProcedure } from "../trpc.ts";

/** A user's list of videos they asked to keep an eye on. */
export const videoRequestRouter = router({
  mine: viewerProcedure
    .input(offsetPage(200, 50))
    .query(({ ctx, input }) => ctx.api.services.watch.requests(ctx.caller.id, input)),
  request: viewerProcedure
    .input(z.strictObject({ video_id: videoId }))
    .mutation(({ ctx, input }) => ctx.api.services.watch.request(ctx.caller.id, input.video_id)),
});
