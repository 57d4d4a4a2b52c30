import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { SERVER_MODES, type ServerMode } from "../../domain/ops.ts";
import { CHANNEL_TYPES } from "../../eventsub/subscriptions.service.ts";
import { type LiveSetup, resolveLiveSetup } from "../../live/mode.ts";
import type { ApiDeps } from "../context.ts";
import { offsetPage, twitchId } from "../inputs.ts";
import { ownerProcedure, router } from "../trpc.ts";

const optionalUrl = z
  .url({ protocol: /^(https?|wss?)$/, error: "expected an http(s) or ws(s) URL" })
  .max(500)
  .nullish();

/** What a mode does, as the dashboard's setup page explains it. */
function describe(mode: ServerMode | null) {
  return {
    mode,
    creates_twitch_subscriptions: mode === "direct" || mode === "relay",
    uses_relay_agent: mode === "relay",
    polls_helix: mode === "poll",
  };
}

function manager(api: ApiDeps) {
  const eventsub = api.live.eventsub();
  if (!eventsub) {
    throw new TRPCError({
      code: "PRECONDITION_FAILED",
      message: `the running mode (${api.live.setup.mode ?? "not chosen"}) does not use EventSub: choose direct or relay, then restart`,
    });
  }
  return eventsub;
}

export const eventsubRouter = router({
  config: ownerProcedure.query(async ({ ctx }) => {
    const { config, services, live } = ctx.api;
    const saved = await services.repo.serverSettings.get();
    const envManaged = config.live.mode !== "";
    const configured: ServerMode | null = envManaged ? (config.live.mode as ServerMode) : saved.server_mode;
    const publicBase = config.server.public_base_url.replace(/\/+$/, "");
    return {
      source: envManaged ? "env" : saved.server_mode ? "app" : "unset",
      ...describe(configured),
      env_managed: envManaged,
      setup_required: configured === null,
      restart_required: configured !== live.setup.mode,
      webhook_callback_url: envManaged
        ? config.live.webhook_callback_url || null
        : saved.eventsub_webhook_callback_url,
      relay_ingest_url: envManaged ? config.live.relay_ingest_url || null : saved.eventsub_relay_ingest_url,
      relay_subscribe_url: envManaged
        ? config.live.relay_subscribe_url || null
        : saved.eventsub_relay_subscribe_url,
      relay_local_callback_url: envManaged
        ? config.live.relay_local_callback_url || null
        : saved.eventsub_relay_local_callback_url,
      direct_callback_url: publicBase ? `${publicBase}/api/v1/webhook/callback` : null,
      active: { ...describe(live.setup.mode), source: live.setup.source, callback: live.setup.callback },
    };
  }),

  /** Saves the mode chosen in the dashboard; it applies at the next start. */
  updateConfig: ownerProcedure
    .input(
      z.strictObject({
        mode: z.enum(SERVER_MODES),
        webhook_callback_url: optionalUrl,
        relay_ingest_url: optionalUrl,
        relay_subscribe_url: optionalUrl,
        relay_local_callback_url: optionalUrl,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { config, services, live } = ctx.api;
      if (config.live.mode !== "") {
        throw new TRPCError({
          code: "PRECONDITION_FAILED",
          message: "the mode is set by SERVER_MODE in the environment: change it there",
        });
      }
      const candidate = {
        server_mode: input.mode,
        eventsub_webhook_callback_url: input.webhook_callback_url ?? null,
        eventsub_relay_ingest_url: input.relay_ingest_url ?? null,
        eventsub_relay_subscribe_url: input.relay_subscribe_url ?? null,
        eventsub_relay_local_callback_url: input.relay_local_callback_url ?? null,
      };
      // The same checks as at start, so a saved mode never fails the next start.
      const current = await services.repo.serverSettings.get();
      let checked: LiveSetup;
      try {
        const { setup, warning } = resolveLiveSetup(
          config,
          { ...current, ...candidate },
          services.endpoints.simulated,
        );
        if (warning) throw new Error(warning.replace(/^saved server mode ignored: /, ""));
        checked = setup;
      } catch (err) {
        throw new TRPCError({ code: "BAD_REQUEST", message: (err as Error).message });
      }
      await services.repo.serverSettings.update(candidate);
      return { ...describe(checked.mode), restart_required: checked.mode !== live.setup.mode };
    }),

  listSubscriptions: ownerProcedure
    .input(offsetPage(200, 50))
    .query(({ ctx, input }) => ctx.api.services.repo.eventsub.listActive(input)),
  listSnapshots: ownerProcedure
    .input(offsetPage(200, 50))
    .query(({ ctx, input }) => ctx.api.services.repo.eventsub.listSnapshots(input)),
  latestSnapshot: ownerProcedure.query(async ({ ctx }) => ({
    snapshot: await ctx.api.services.repo.eventsub.latestSnapshot(),
  })),
  snapshot: ownerProcedure.mutation(async ({ ctx }) => {
    await manager(ctx.api).snapshot();
    return { snapshot: await ctx.api.services.repo.eventsub.latestSnapshot() };
  }),
  subscribeStreamOnline: ownerProcedure
    .input(z.strictObject({ broadcaster_id: twitchId }))
    .mutation(async ({ ctx, input }) => {
      const eventsub = manager(ctx.api);
      for (const t of CHANNEL_TYPES) await eventsub.subscribe(input.broadcaster_id, t.type, t.version);
      return { ok: true };
    }),
  unsubscribe: ownerProcedure
    .input(z.strictObject({ id: z.string().min(1).max(100), reason: z.string().max(200).default("manual") }))
    .mutation(async ({ ctx, input }) => {
      await manager(ctx.api).unsubscribe(input.id, input.reason);
      return { ok: true };
    }),
});
