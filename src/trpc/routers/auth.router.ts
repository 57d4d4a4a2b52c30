import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { API_TOKEN_SCOPES, ROLES } from "../../domain/users.ts";
import { clearedSessionCookieHeader } from "../../http/security/cookies.ts";
import {
  audited,
  ownerProcedure,
  publicProcedure,
  router,
  type TrpcContext,
  viewerProcedure,
} from "../trpc.ts";

const hashedId = z.string().regex(/^[0-9a-f]{64}$/, "expected a session's hashed_id (64 hex characters)");
const twitchUserId = z.string().regex(/^\d{1,20}$/, "expected a numeric Twitch user id");

/** A signed-in browser session, not an API token (checked before the input). */
const sessionProcedure = viewerProcedure.use(({ ctx, next }) => {
  if (ctx.caller.via !== "session") {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "do this from a signed-in session, not with an API token",
    });
  }
  return next();
});

/** Tells the browser to drop the session cookie (when called over HTTP). */
function clearCookie(ctx: TrpcContext): void {
  if (!ctx.http) return;
  ctx.http.resHeaders.append("Set-Cookie", clearedSessionCookieHeader(ctx.http.req, ctx.api.publicBaseUrl));
}

/** `auth.*`: who am I, sessions, personal API tokens (src/auth/account.service.ts). */
export const authRouter = router({
  /** Public: the signed-in user, or null. */
  session: publicProcedure.query(({ ctx }) => ctx.api.services.account.me(ctx.caller)),

  /** Ends the current session and clears its cookie. */
  logout: viewerProcedure.mutation(async ({ ctx }) => {
    const done = await ctx.api.services.account.logout(ctx.caller);
    clearCookie(ctx);
    return done;
  }),

  sessions: viewerProcedure.query(({ ctx }) => ctx.api.services.account.sessions(ctx.caller)),

  /** Ends one of the caller's own sessions; another user's, or an unknown one, is NOT_FOUND alike. */
  revokeSession: viewerProcedure
    .input(z.strictObject({ hashed_id: hashedId }))
    .mutation(async ({ ctx, input }) => {
      const done = await ctx.api.services.account.revokeSession(ctx.caller, input.hashed_id);
      if (input.hashed_id === ctx.caller.sessionId) clearCookie(ctx);
      return done;
    }),

  apiTokens: viewerProcedure.query(({ ctx }) => ctx.api.services.account.apiTokens(ctx.caller)),

  /**
   * A new personal API token, shown in this answer only. Only a signed-in browser session may mint one,
   * so a leaked token cannot make itself permanent.
   */
  createApiToken: sessionProcedure
    .input(
      z.strictObject({
        name: z.string().trim().min(1, "name: give the token a name").max(64, "name: at most 64 characters"),
        // Required: what the token may do is chosen, never assumed.
        scope: z.enum(API_TOKEN_SCOPES, "scope: choose read, metrics or full"),
        // Omitted: DEFAULT_API_TOKEN_DAYS; null: never expires.
        expires_in_days: z.number().int().min(1).max(3650).nullish(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.api.services.account.createApiToken(ctx.caller, input)),

  revokeApiToken: viewerProcedure
    .input(z.strictObject({ id: z.number().int().positive() }))
    .mutation(({ ctx, input }) => ctx.api.services.account.revokeApiToken(ctx.caller, input.id)),
});

/** The owner's user and whitelist procedures, mounted under `system` beside the other system procedures. */
export const userAdminProcedures = {
  listUsers: ownerProcedure.query(({ ctx }) => ctx.api.services.users.list()),

  /** Anyone's role but the caller's own: BAD_REQUEST naming `user_id` for that. */
  updateUserRole: ownerProcedure
    .input(z.strictObject({ user_id: twitchUserId, role: z.enum(ROLES) }))
    .use(
      audited<{ user_id: string; role: string }>(
        "settings",
        (i) => `made user ${i.user_id} ${i.role}`,
        (i) => ({ user_id: i.user_id, role: i.role }),
      ),
    )
    .mutation(({ ctx, input }) => ctx.api.services.users.setRole(ctx.caller, input.user_id, input.role)),

  listWhitelist: ownerProcedure.query(({ ctx }) => ctx.api.services.users.whitelist()),

  addWhitelist: ownerProcedure
    .input(z.strictObject({ twitch_user_id: twitchUserId }))
    .use(
      audited<{ twitch_user_id: string }>(
        "settings",
        (i) => `added ${i.twitch_user_id} to the whitelist`,
        (i) => ({ twitch_user_id: i.twitch_user_id }),
      ),
    )
    .mutation(({ ctx, input }) => ctx.api.services.users.allow(input.twitch_user_id)),

  /** Also signs that person out everywhere and revokes their API tokens: removal means no access. */
  removeWhitelist: ownerProcedure
    .input(z.strictObject({ twitch_user_id: twitchUserId }))
    .use(
      audited<{ twitch_user_id: string }>(
        "settings",
        (i) => `removed ${i.twitch_user_id} from the whitelist`,
        (i) => ({ twitch_user_id: i.twitch_user_id }),
      ),
    )
    .mutation(({ ctx, input }) => ctx.api.services.users.disallow(input.twitch_user_id)),
};
