import {
  deliveriesInput,
  idInput,
  previewInput,
  targetInput,
  targetUpdateInput,
  testInput,
} from "../../notifications/inputs.ts";
import { ownerProcedure, router } from "../trpc.ts";

/**
 * The owner's notification targets (Discord, ntfy, Telegram, Gotify, a JSON webhook): settings (secrets are
 * never returned), template previews, test sends through the outbox, and the delivery log.
 */
export const notificationRouter = router({
  targets: ownerProcedure.query(({ ctx }) => ctx.api.services.notifications.targets()),
  create: ownerProcedure
    .input(targetInput)
    .mutation(({ ctx, input }) => ctx.api.services.notifications.create(input)),
  update: ownerProcedure
    .input(targetUpdateInput)
    .mutation(({ ctx, input }) => ctx.api.services.notifications.update(input)),
  delete: ownerProcedure
    .input(idInput)
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
