import {
  deliveriesInput,
  idInput,
  previewInput,
  targetInput,
  targetUpdateInput,
  testInput,
} from "../../notifications/inputs.ts";
import { audited, ownerProcedure, router } from "../trpc.ts";

/**
 * The owner's notification targets (Discord, ntfy, Telegram, Gotify, a JSON webhook): settings (secrets are
 * never returned), template previews, test sends through the outbox, and the delivery log.
 */
export const notificationRouter = router({
  targets: ownerProcedure.query(({ ctx }) => ctx.api.services.notifications.targets()),
  create: ownerProcedure
    .input(targetInput)
    .use(
      audited<{ name: string; config: { kind: string } }>(
        "settings",
        (i) => `added notification target "${i.name}" (${i.config.kind})`,
        (i) => ({ name: i.name, kind: i.config.kind }),
      ),
    )
    .mutation(({ ctx, input }) => ctx.api.services.notifications.create(input)),
  update: ownerProcedure
    .input(targetUpdateInput)
    .use(
      audited<{ name: string }>(
        "settings",
        (i) => `changed notification target "${i.name}"`,
        (i) => ({ name: i.name }),
      ),
    )
    .mutation(({ ctx, input }) => ctx.api.services.notifications.update(input)),
  delete: ownerProcedure
    .input(idInput)
    .use(
      audited<{ id: number }>(
        "settings",
        (i) => `deleted notification target #${i.id}`,
        (i) => ({ id: i.id }),
      ),
    )
    .mutation(({ ctx, input }) => ctx.api.services.notifications.remove(input.id)),
  templates: ownerProcedure.query(({ ctx }) => ctx.api.services.notifications.guide()),
  preview: ownerProcedure
    .input(previewInput)
    .query(({ ctx, input }) => ctx.api.services.notifications.preview(input)),
  test: ownerProcedure
    .input(testInput)
    .mutation(({ ctx, input }) => ctx.api.services.notifications.test(input)),
  deliveries: ownerProcedure
    .input(deliveriesInput)
    .query(({ ctx, input }) => ctx.api.services.notifications.deliveries(input)),
  retryDelivery: ownerProcedure
    .input(idInput)
    .mutation(({ ctx, input }) => ctx.api.services.notifications.retry(input.id)),
});
