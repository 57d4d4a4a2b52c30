import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ROLES } from "../../domain/users.ts";
import { clearedSessionCookieHeader } from "../../http/security/cookies.ts";
import { ownerProcedure, publicProcedure, router, type TrpcContext, viewerProcedure } from "../trpc.ts";

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
  const publicBase = ctx.api.services.auth.deps.settings.publicBaseUrl;
  ctx.http.resHeaders.append("Set-Cookie", clearedSessionCookieHeader(ctx.http.req, publicBase));
}

/** `auth.*`: who am I, sessions, personal API tokens. */
export const authRouter = router({
  /** Public: the signed-in user, or null. */
  session: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.caller) return null;
    const user = await ctx.api.services.repo.users.getById(ctx.caller.id);
    if (!user) return null;
    return {
      user_id: user.id,
      login: user.login,
      display_name: user.display_name,
      email: user.email,
      profile_image_url: user.profile_image_url,
      role: user.role,
      via: ctx.caller.via,
    };
  }),

  /** Ends the current session and clears its cookie. */
  logout: viewerProcedure.mutation(async ({ ctx }) => {
    if (ctx.caller.sessionId) await ctx.api.services.auth.logout(ctx.caller.sessionId);
    clearCookie(ctx);
    return { ok: true };
  }),

  sessions: viewerProcedure.query(({ ctx }) =>
    ctx.api.services.auth.listSessions(ctx.caller.id, ctx.caller.sessionId),
  ),

  /** Ends one of the caller's own sessions; another user's, or an unknown one, is NOT_FOUND alike. */
  revokeSession: viewerProcedure
    .input(z.strictObject({ hashed_id: hashedId }))
    .mutation(async ({ ctx, input }) => {
      if (!(await ctx.api.services.auth.revokeSession(ctx.caller.id, input.hashed_id))) {
        throw new TRPCError({ code: "NOT_FOUND", message: "hashed_id: no such session of yours" });
      }
      if (input.hashed_id === ctx.caller.sessionId) {
        clearCookie(ctx);
      }
      return { ok: true };
    }),

  apiTokens: viewerProcedure.query(({ ctx }) => ctx.api.services.auth.listApiTokens(ctx.caller.id)),

  /**
   * A new personal API token, shown in this answer only. Only a signed-in browser session may mint one,
   * so a leaked token cannot make itself permanent.
   */
  createApiToken: sessionProcedure
    .input(
      z.strictObject({
        name: z.string().trim().min(1, "name: give the token a name").max(64, "name: at most 64 characters"),
        expires_in_days: z.number().int().min(1).max(3650).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const created = await ctx.api.services.auth.createApiToken(ctx.caller.id, {
        name: input.name,
        expiresInDays: input.expires_in_days,
      });
      return { ...created.api_token, token: created.token };
    }),

  revokeApiToken: viewerProcedure
    .input(z.strictObject({ id: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      if (!(await ctx.api.services.auth.revokeApiToken(ctx.caller.id, input.id))) {
        throw new TRPCError({ code: "NOT_FOUND", message: "id: no such API token of yours" });
      }
      return { ok: true };
    }),
});

/** The owner's user and whitelist procedures, mounted under `system` beside the other system procedures. */
export const userAdminProcedures = {
  listUsers: ownerProcedure.query(({ ctx }) => ctx.api.services.repo.users.list()),

  updateUserRole: ownerProcedure
    .input(z.strictObject({ user_id: twitchUserId, role: z.enum(ROLES) }))
    .mutation(async ({ ctx, input }) => {
      if (input.user_id === ctx.caller.id && input.role !== "owner") {
        throw new TRPCError({ code: "BAD_REQUEST", message: "user_id: you cannot demote yourself" });
      }
      return ctx.api.services.repo.users.setRole(input.user_id, input.role);
    }),

  listWhitelist: ownerProcedure.query(({ ctx }) => ctx.api.services.repo.whitelist.list()),

  addWhitelist: ownerProcedure
    .input(z.strictObject({ twitch_user_id: twitchUserId }))
    .mutation(async ({ ctx, input }) => {
      await ctx.api.services.repo.whitelist.add(input.twitch_user_id);
      return { ok: true };
    }),

  /** Also signs that person out everywhere and revokes their API tokens: removal means no access. */
  removeWhitelist: ownerProcedure
    .input(z.strictObject({ twitch_user_id: twitchUserId }))
    .mutation(async ({ ctx, input }) => {
      const { repo } = ctx.api.services;
      const removed = await repo.whitelist.remove(input.twitch_user_id);
      const sessions = await repo.sessions.deleteAllForUser(input.twitch_user_id);
      for (const token of await repo.apiTokens.listForUser(input.twitch_user_id)) {
        await repo.apiTokens.delete(input.twitch_user_id, token.id);
      }
      return { ok: true, removed, sessions_revoked: sessions };
    }),
};
