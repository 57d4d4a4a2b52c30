import { tracked } from "@trpc/server";
import { z } from "zod";
import { audited, ownerProcedure, router } from "../trpc.ts";
import { resumable } from "./stream.router.ts";

const taskName = z.string().regex(/^[a-z0-9_.-]{1,64}$/, "expected a task name such as fetch_logs_retention");

/** The owner's maintenance tasks: their state, run-now, on/off, and live status. */
export const taskRouter = router({
  list: ownerProcedure.query(async ({ ctx }) => ({ data: await ctx.api.services.tasks.list() })),
  runNow: ownerProcedure
    .input(z.strictObject({ name: taskName }))
    .mutation(({ ctx, input }) => ctx.api.services.tasks.runNow(input.name)),
  toggle: ownerProcedure
    .input(z.strictObject({ name: taskName, enabled: z.boolean() }))
    .use(
      audited<{ name: string; enabled: boolean }>(
        "settings",
        (i) => `turned maintenance task ${i.name} ${i.enabled ? "on" : "off"}`,
        (i) => ({ task: i.name, enabled: i.enabled }),
      ),
    )
    .mutation(({ ctx, input }) => ctx.api.services.tasks.setEnabled(input.name, input.enabled)),
  status: ownerProcedure.input(resumable).subscription(async function* ({ ctx, input, signal }) {
    for await (const e of ctx.api.feeds.taskStatus.follow(input?.lastEventId, signal))
      yield tracked(e.id, e.data);
  }),
});
