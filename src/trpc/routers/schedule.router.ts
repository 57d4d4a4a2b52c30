import { z } from "zod";
import { NotFoundError } from "../../domain/errors.ts";
import type { Schedule } from "../../domain/schedules.ts";
import type { Caller } from "../../domain/users.ts";
import { roleAtLeast } from "../../domain/users.ts";
import { QUALITIES, RECORDING_TYPES } from "../../domain/videos.ts";
import { offsetPage, twitchId } from "../inputs.ts";
import { adminProcedure, router, type TrpcContext, viewerProcedure } from "../trpc.ts";

const byId = z.strictObject({ id: z.number().int().positive() });

/** A schedule's rule, checked the way the form checks it: an enabled filter needs a value. */
const rule = z
  .strictObject({
    quality: z.enum(QUALITIES).default("source"),
    recording_type: z.enum(RECORDING_TYPES).default("video"),
    force_h264: z.boolean().default(false),
    has_min_viewers: z.boolean().default(false),
    min_viewers: z.number().int().min(0).max(10_000_000).nullable().default(null),
    has_categories: z.boolean().default(false),
    category_ids: z.array(twitchId).max(100).default([]),
    has_tags: z.boolean().default(false),
    tag_ids: z.array(z.number().int().positive()).max(100).default([]),
    is_delete_rediff: z.boolean().default(false),
    /** Hours after which the recordings this schedule makes are deleted. */
    time_before_delete: z
      .number()
      .int()
      .min(1)
      .max(24 * 3650)
      .nullable()
      .default(null),
    is_disabled: z.boolean().default(false),
  })
  .superRefine((r, issues) => {
    const need = (when: boolean, ok: boolean, path: string, message: string) => {
      if (when && !ok) issues.addIssue({ code: "custom", path: [path], message });
    };
    need(
      r.has_min_viewers,
      r.min_viewers !== null,
      "min_viewers",
      "set a viewer count, or turn the filter off",
    );
    need(
      r.has_categories,
      r.category_ids.length > 0,
      "category_ids",
      "pick a category, or turn the filter off",
    );
    need(r.has_tags, r.tag_ids.length > 0, "tag_ids", "pick a tag, or turn the filter off");
    need(
      r.is_delete_rediff,
      r.time_before_delete !== null,
      "time_before_delete",
      "say after how many hours to delete, or turn deletion off",
    );
  });

/** The owner sees and changes every schedule; others only their own (as if the rest did not exist). */
async function visible(ctx: { caller: Caller; api: TrpcContext["api"] }, id: number): Promise<Schedule> {
  const schedule = await ctx.api.services.repo.schedules.getById(id);
  if (!schedule || (!roleAtLeast(ctx.caller.role, "owner") && schedule.requested_by !== ctx.caller.id)) {
    throw new NotFoundError(`no schedule ${id}`);
  }
  return schedule;
}

export const scheduleRouter = router({
  list: viewerProcedure.input(offsetPage(200, 50)).query(({ ctx, input }) =>
    ctx.api.services.repo.schedules.list({
      ...input,
      requestedBy: roleAtLeast(ctx.caller.role, "owner") ? null : ctx.caller.id,
    }),
  ),
  mine: viewerProcedure.query(
    async ({ ctx }) =>
      (await ctx.api.services.repo.schedules.list({ limit: 1000, offset: 0, requestedBy: ctx.caller.id }))
        .data,
  ),
  getById: viewerProcedure.input(byId).query(({ ctx, input }) => visible(ctx, input.id)),
  pauseState: viewerProcedure.query(async ({ ctx }) => ({
    paused: (await ctx.api.services.repo.serverSettings.get()).schedules_paused,
  })),

  create: adminProcedure
    .input(z.strictObject({ broadcaster_id: twitchId, rule }))
    .mutation(async ({ ctx, input }) => {
      const schedule = await ctx.api.services.repo.schedules.create({
        ...input.rule,
        broadcaster_id: input.broadcaster_id,
        requested_by: ctx.caller.id,
      });
      // Already live and matching: record now rather than at the next go-live.
      void ctx.api.services.live.scheduleChanged(schedule).catch(() => {});
      return schedule;
    }),
  update: adminProcedure
    .input(z.strictObject({ id: z.number().int().positive(), rule }))
    .mutation(async ({ ctx, input }) => {
      await visible(ctx, input.id);
      const schedule = await ctx.api.services.repo.schedules.update(input.id, input.rule);
      void ctx.api.services.live.scheduleChanged(schedule).catch(() => {});
      return schedule;
    }),
  toggle: adminProcedure.input(byId).mutation(async ({ ctx, input }) => {
    const current = await visible(ctx, input.id);
    const schedule = await ctx.api.services.repo.schedules.setDisabled(input.id, !current.is_disabled);
    void ctx.api.services.live.scheduleChanged(schedule).catch(() => {});
    return schedule;
  }),
  delete: adminProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await visible(ctx, input.id);
    return { ok: await ctx.api.services.repo.schedules.delete(input.id) };
  }),
  /** The global switch: while paused, no schedule starts a recording (running ones continue). */
  setPaused: adminProcedure
    .input(z.strictObject({ paused: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const settings = await ctx.api.services.repo.serverSettings.update({ schedules_paused: input.paused });
      return { paused: settings.schedules_paused };
    }),
});
