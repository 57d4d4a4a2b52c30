import { tracked } from "@trpc/server";
import { z } from "zod";
import { SEVERITIES } from "../../domain/ops.ts";
import { limit, offset } from "../inputs.ts";
import { ownerProcedure, router } from "../trpc.ts";
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
    .query(({ ctx, input }) => ctx.api.services.repo.fetchLogs.list(input)),

  eventLogs: ownerProcedure
    .input(
      z
        .strictObject({
          limit: limit(500, 50),
          offset,
          domain: z.string().max(64).optional(),
          severity: z.enum(SEVERITIES).optional(),
        })
        .default({ limit: 50, offset: 0 }),
    )
    .query(({ ctx, input }) => ctx.api.services.repo.eventLogs.list(input)),

  searchEventLogs: ownerProcedure
    .input(z.strictObject({ query: z.string().trim().min(1).max(200), limit: limit(200, 50), offset }))
    .query(({ ctx, input }) => ctx.api.services.repo.eventLogs.search(input)),

  playbackCacheConfig: ownerProcedure.query(async ({ ctx }) => {
    const s = await ctx.api.services.repo.serverSettings.get();
    return {
      enabled: s.playback_cache_enabled,
      max_percent: s.playback_cache_max_percent,
      auto_generate: s.playback_cache_auto_generate,
    };
  }),
  updatePlaybackCacheConfig: ownerProcedure
    .input(
      z.strictObject({
        enabled: z.boolean(),
        max_percent: z.number().int().min(1).max(100),
        auto_generate: z.boolean(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const s = await ctx.api.services.repo.serverSettings.update({
        playback_cache_enabled: input.enabled,
        playback_cache_max_percent: input.max_percent,
        playback_cache_auto_generate: input.auto_generate,
      });
      return {
        enabled: s.playback_cache_enabled,
        max_percent: s.playback_cache_max_percent,
        auto_generate: s.playback_cache_auto_generate,
      };
    }),

  /** Event-log entries as they are written (resumable). */
  events: ownerProcedure.input(resumable).subscription(async function* ({ ctx, input, signal }) {
    for await (const e of ctx.api.feeds.systemEvents.follow(input?.lastEventId, signal))
      yield tracked(e.id, e.data);
  }),
});
