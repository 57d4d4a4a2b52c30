import { tracked } from "@trpc/server";
import { z } from "zod";
import { limit, offset, twitchId } from "../inputs.ts";
import { router, viewerProcedure } from "../trpc.ts";

/** What tRPC's subscription link sends back on reconnect: the id of the last event the client saw. */
export const resumable = z.strictObject({ lastEventId: z.string().max(100).nullish() }).optional();

export const streamRouter = router({
  /** Streams replayd knows to be live now (open stream rows). */
  active: viewerProcedure.query(({ ctx }) => ctx.api.services.repo.streams.listActive()),
  /** Broadcaster ids live now: the seed of the dashboard's live dots, kept current over `stream.status`. */
  liveIds: viewerProcedure.query(async ({ ctx }) =>
    (await ctx.api.services.repo.streams.listActive()).map((s) => s.broadcaster_id),
  ),
  /**
   * The caller's followed channels that are live now, as Twitch describes them (their follows are mirrored
   * at sign-in), with the channel's picture.
   */
  followed: viewerProcedure.query(async ({ ctx }) => {
    const { repo, helix } = ctx.api.services;
    const followed = await repo.channels.listFollowed(ctx.caller.id);
    if (followed.length === 0) return [];
    const pictures = new Map(followed.map((c) => [c.broadcaster_id, c.profile_image_url]));
    const live = await helix.streams(followed.map((c) => c.broadcaster_id));
    return live
      .map((s) => ({
        stream_id: s.id,
        broadcaster_id: s.user_id,
        broadcaster_login: s.user_login,
        broadcaster_name: s.user_name,
        profile_image_url: pictures.get(s.user_id) ?? null,
        game_id: s.game_id,
        game_name: s.game_name,
        type: s.type,
        title: s.title,
        language: s.language,
        viewer_count: s.viewer_count,
        started_at: s.started_at,
        thumbnail_url: s.thumbnail_url,
        tags: s.tags ?? [],
      }))
      .sort((a, b) => b.viewer_count - a.viewer_count);
  }),
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
