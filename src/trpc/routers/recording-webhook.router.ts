import { z } from "zod";
import { webhookConfigInput } from "../../recording-webhook/webhook.service.ts";
import { audited, ownerProcedure, router } from "../trpc.ts";

/** The owner's outgoing recording webhook: settings, signing secret, test sends and the delivery log. */
export const recordingWebhookRouter = router({
  config: ownerProcedure.query(({ ctx }) => ctx.api.services.webhooks.config()),
  updateConfig: ownerProcedure
    .input(webhookConfigInput.strict())
    .use(audited("settings", "changed the recording webhook"))
    .mutation(({ ctx, input }) => ctx.api.services.webhooks.updateConfig(input)),
  regenerateSecret: ownerProcedure
    .use(audited("settings", "made a new recording-webhook secret"))
    .mutation(({ ctx }) => ctx.api.services.webhooks.regenerateSecret()),
  testDelivery: ownerProcedure.mutation(({ ctx }) => ctx.api.services.webhooks.testDelivery()),
  deliveries: ownerProcedure.query(({ ctx }) => ctx.api.services.webhooks.deliveries()),
  retryDelivery: ownerProcedure
    .input(z.strictObject({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) => ctx.api.services.webhooks.retryDelivery(input.id)),
});
