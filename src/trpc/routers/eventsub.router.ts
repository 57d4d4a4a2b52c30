import { z } from "zod";
import { SERVER_MODES } from "../../domain/ops.ts";
import { offsetPage, twitchId } from "../inputs.ts";
import { audited, ownerProcedure, router } from "../trpc.ts";

const optionalUrl = z
  .url({ protocol: /^(https?|wss?)$/, error: "expected an http(s) or ws(s) URL" })
  .max(500)
  .nullish();

/** The owner's live-detection setup (the mode) and EventSub page. */
export const eventsubRouter = router({
  config: ownerProcedure.query(({ ctx }) => ctx.api.services.liveMode.current()),

  /** Saves the mode chosen in the dashboard, checked as the next start will check it; it applies then. */
  updateConfig: ownerProcedure
    .input(
      z.strictObject({
        mode: z.enum(SERVER_MODES),
        webhook_callback_url: optionalUrl,
        relay_ingest_url: optionalUrl,
        relay_subscribe_url: optionalUrl,
        relay_local_callback_url: optionalUrl,
        relay_subscribe_key: z.string().trim().max(200).nullish(),
      }),
    )
    .use(
      audited<{ mode: string }>(
        "settings",
        (i) => `chose live detection mode ${i.mode}`,
        (i) => ({ mode: i.mode }),
      ),
    )
    .mutation(({ ctx, input }) => ctx.api.services.liveMode.choose(input)),

  listSubscriptions: ownerProcedure
    .input(offsetPage(200, 50))
    .query(({ ctx, input }) => ctx.api.services.eventsub.subscriptions(input)),
  listSnapshots: ownerProcedure
    .input(offsetPage(200, 50))
    .query(({ ctx, input }) => ctx.api.services.eventsub.snapshots(input)),
  latestSnapshot: ownerProcedure.query(({ ctx }) => ctx.api.services.eventsub.latestSnapshot()),
  // The three below need the running mode's EventSub (direct or relay): PRECONDITION_FAILED otherwise.
  snapshot: ownerProcedure.mutation(({ ctx }) => ctx.api.services.eventsub.takeSnapshot()),
  subscribeStreamOnline: ownerProcedure
    .input(z.strictObject({ broadcaster_id: twitchId }))
    .mutation(({ ctx, input }) => ctx.api.services.eventsub.subscribeChannel(input.broadcaster_id)),
  unsubscribe: ownerProcedure
    .input(
      z.strictObject({
        // Twitch's subscription ids are UUIDs: anything else never reaches Twitch's URL.
        id: z
          .string()
          .regex(/^[0-9A-Za-z-]{1,100}$/, "must be a subscription id (letters, digits and dashes)"),
        reason: z.string().max(200).default("manual"),
      }),
    )
    .mutation(({ ctx, input }) => ctx.api.services.eventsub.unsubscribe(input.id, input.reason)),
});
