import { tracked } from "@trpc/server";
import { z } from "zod";
import { SEVERITIES } from "../../domain/ops.ts";
import { limit, offset } from "../inputs.ts";
import { audited, ownerProcedure, router } from "../trpc.ts";
import { userAdminProcedures } from "./auth.router.ts";
import { resumable } from "./stream.router.ts";

/** The owner's operations pages: logs and server-wide settings. */
export const systemRouter = router({
  // listUsers, updateUserRole, listWhitelist, addWhitelist, removeWhitelist (src/auth).
  ...userAdminProcedures,

  /** The full health report: what `GET /api/v1/health` says, plus paths, tool versions and disk figures. */
  health: ownerProcedure.query(({ ctx }) => ctx.api.services.health.report()),
  fetchLogs: ownerProcedure
    .input(
      z
        .strictObject({ limit: limit(500, 50), offset, fetch_type: z.string().max(64).optional() })
        .default({ limit: 50, offset: 0 }),
    )
    .query(({ ctx, input }) => ctx.api.services.activity.fetches(input)),

  eventLogs: ownerProcedure
    .input(
      z
        .strictObject({
          limit: limit(500, 50),
          offset,
          domain: z.string().max(64).optional(),
          /** This severity and worse. */
          severity: z.enum(SEVERITIES).optional(),
          /** One channel's entries (its page lists its last events). */
          broadcaster_id: z
            .string()
            .regex(/^\d{1,20}$/, "broadcaster_id is a Twitch user id (digits)")
            .optional(),
        })
        .default({ limit: 50, offset: 0 }),
    )
    .query(({ ctx, input }) => ctx.api.services.activity.events(input)),

  searchEventLogs: ownerProcedure
    .input(z.strictObject({ query: z.string().trim().min(1).max(200), limit: limit(200, 50), offset }))
    .query(({ ctx, input }) => ctx.api.services.activity.searchEvents(input)),

  /** The service account playback is asked for as (none: anonymous), and whether the environment sets it. */
  serviceAccount: ownerProcedure.query(({ ctx }) => ctx.api.services.serviceAccount.status()),
  /** Playback goes back to anonymous; refused (PRECONDITION_FAILED) when the environment sets the account. */
  removeServiceAccount: ownerProcedure.mutation(async ({ ctx }) => ({
    removed: await ctx.api.services.serviceAccount.remove(ctx.caller.id),
  })),

  playbackCacheConfig: ownerProcedure.query(({ ctx }) => ctx.api.services.settings.playbackCache()),
  updatePlaybackCacheConfig: ownerProcedure
    .input(
      z.strictObject({
        enabled: z.boolean(),
        max_percent: z.number().int().min(1).max(100),
        auto_generate: z.boolean(),
      }),
    )
    .use(audited("settings", "changed the playback cache"))
    .mutation(({ ctx, input }) => ctx.api.services.settings.updatePlaybackCache(input)),

  /** Event-log entries as they are written (resumable). */
  events: ownerProcedure.input(resumable).subscription(async function* ({ ctx, input, signal }) {
    for await (const e of ctx.api.feeds.systemEvents.follow(input?.lastEventId, signal))
      yield tracked(e.id, e.data);
  }),
});
