import { z } from "zod";
import { QUALITIES, RECORDING_TYPES } from "../../domain/videos.ts";
import { offsetPage, twitchId } from "../inputs.ts";
import { adminProcedure, audited, router, viewerProcedure } from "../trpc.ts";

const byId = z.strictObject({ id: z.number().int().positive() });

/** The schedule an audited change names, in the entry's data. */
const scheduleId = (input: { id: number }) => ({ schedule_id: input.id });

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
    /** Whether its recordings capture the channel's chat. */
    record_chat: z.boolean().default(true),
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

/**
 * Auto-record schedules. The owner sees and changes every schedule, others only their own (someone else's
 * is NOT_FOUND, as if it did not exist): ScheduleService decides, with the caller passed in.
 */
export const scheduleRouter = router({
  list: viewerProcedure
    .input(offsetPage(200, 50))
    .query(({ ctx, input }) => ctx.api.services.schedules.list(ctx.caller, input)),
  mine: viewerProcedure.query(({ ctx }) => ctx.api.services.schedules.mine(ctx.caller)),
  getById: viewerProcedure
    .input(byId)
    .query(({ ctx, input }) => ctx.api.services.schedules.get(ctx.caller, input.id)),
  pauseState: viewerProcedure.query(({ ctx }) => ctx.api.services.schedules.pauseState()),

  /** A schedule for a channel live now starts its recording before the answer (when Twitch is quick). */
  create: adminProcedure
    .input(z.strictObject({ broadcaster_id: twitchId, rule }))
    .use(
      audited<{ broadcaster_id: string }>(
        "schedule",
        (i) => `made a schedule for channel ${i.broadcaster_id}`,
        (i) => ({ broadcaster_id: i.broadcaster_id }),
      ),
    )
    .mutation(({ ctx, input }) =>
      ctx.api.services.schedules.create(ctx.caller, input.broadcaster_id, input.rule),
    ),
  update: adminProcedure
    .input(z.strictObject({ id: z.number().int().positive(), rule }))
    .use(audited<{ id: number }>("schedule", (i) => `changed schedule #${i.id}`, scheduleId))
    .mutation(({ ctx, input }) => ctx.api.services.schedules.update(ctx.caller, input.id, input.rule)),
  toggle: adminProcedure
    .input(byId)
    .use(audited<{ id: number }>("schedule", (i) => `turned schedule #${i.id} on or off`, scheduleId))
    .mutation(({ ctx, input }) => ctx.api.services.schedules.toggle(ctx.caller, input.id)),
  delete: adminProcedure
    .input(byId)
    .use(audited<{ id: number }>("schedule", (i) => `deleted schedule #${i.id}`, scheduleId))
    .mutation(({ ctx, input }) => ctx.api.services.schedules.delete(ctx.caller, input.id)),
  /** The global switch: while paused, no schedule starts a recording (running ones continue). */
  setPaused: adminProcedure
    .input(z.strictObject({ paused: z.boolean() }))
    .use(
      audited<{ paused: boolean }>(
        "schedule",
        (i) => (i.paused ? "paused every schedule" : "resumed every schedule"),
        (i) => ({ paused: i.paused }),
      ),
    )
    .mutation(({ ctx, input }) => ctx.api.services.schedules.setPaused(input.paused)),
});
