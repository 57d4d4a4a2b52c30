import { tracked } from "@trpc/server";
import { z } from "zod";
import { limit, offset, twitchId } from "../inputs.ts";
import { router, viewerProcedure } from "../trpc.ts";

/** What tRPC's subscription link sends back on reconnect: the id of the last event the client saw. */
export const resumable = z.strictObject({ lastEventId: z.string().max(100).nullish() }).optional();

export const streamRouter = router({
  /** Streams replayd knows to be live now (open stream rows). */
  active: viewerProcedure.query(({ ctx }) => ctx.api.services.streams.active()),
  /** Broadcaster ids live now: the seed of the dashboard's live dots, kept current over `stream.status`. */
  liveIds: viewerProcedure.query(({ ctx }) => ctx.api.services.streams.liveIds()),
  /**
   * The caller's followed channels that are live now, as Twitch describes them (their follows are mirrored
   * at sign-in), with the channel's picture.
   */
  followed: viewerProcedure.query(({ ctx }) => ctx.api.services.streams.followedLive(ctx.caller.id)),
  byBroadcaster: viewerProcedure
    .input(z.strictObject({ broadcaster_id: twitchId, limit: limit(100, 20), offset }))
    .query(({ ctx, input }) =>
      ctx.api.services.streams.byBroadcaster(input.broadcaster_id, {
        limit: input.limit,
        offset: input.offset,
      }),
    ),
  lastLive: viewerProcedure
    .input(z.strictObject({ broadcaster_id: twitchId }))
    .query(({ ctx, input }) => ctx.api.services.streams.lastLive(input.broadcaster_id)),

  /** Channels going online and offline (the dashboard's live dots), resumable after a reconnect. */
  status: viewerProcedure.input(resumable).subscription(async function* ({ ctx, input, signal }) {
    for await (const e of ctx.api.feeds.streamStatus.follow(input?.lastEventId, signal))
      yield tracked(e.id, e.data);
  }),
  /** Recordings started because a stream matched schedules. */
  live: viewerProcedure.input(resumable).subscription(async function* ({ ctx, input, signal }) {
    for await (const e of ctx.api.feeds.streamLive.follow(input?.lastEventId, signal))
      yield tracked(e.id, e.data);
  }),
});
