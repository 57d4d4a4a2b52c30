import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { TwitchSessionExpiredError } from "../auth/auth.service.ts";
import { ConflictError, InvalidInputError, NotFoundError, PreconditionError } from "../domain/errors.ts";
import type { JsonObject } from "../domain/json.ts";
import type { EventLogDomain } from "../domain/ops.ts";
import { type Caller, type Role, roleAtLeast } from "../domain/users.ts";

import type { ApiDeps } from "./context.ts";

/** Per-request context, filled in by the HTTP layer's authentication. */
export interface TrpcContext {
  requestId: string;
  caller: Caller | null;
  /** The services procedures work with (built once per process). */
  api: ApiDeps;
  /** The HTTP exchange, for the few procedures that set cookies (logout); absent for direct callers. */
  http?: { req: Request; resHeaders: Headers };
}

/** "field.path: what is wrong" for each problem, so a client knows which field to fix. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "input"}: ${issue.message}`)
    .join("; ");
}

// No transformer: the wire format is plain JSON so curl and other languages can call the API.
// Stack traces stay in the server log, never in responses (isDev: false).
const t = initTRPC.context<TrpcContext>().create({
  isDev: false,
  // Pings keep quiet SSE streams alive through Bun's idle timeout and proxies (stack-notes.md).
  sse: { ping: { enabled: true, intervalMs: 5_000 }, client: { reconnectAfterInactivityMs: 12_000 } },
  errorFormatter({ shape, error }) {
    // A 500 is ours, not the caller's: its message (which may name files, queries or hosts) stays in the
    // log (the HTTP adapter's onError), the caller gets a generic one.
    const message =
      error.code === "INTERNAL_SERVER_ERROR"
        ? "internal error"
        : error.cause instanceof ZodError
          ? describeZodError(error.cause)
          : shape.message;
    return {
      ...shape,
      message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path },
    };
  },
});

/**
 * Errors get their HTTP meaning in one place: input problems name the field, the domain's errors map to
 * NOT_FOUND / CONFLICT / BAD_REQUEST / PRECONDITION_FAILED; anything else stays a 500 with no detail.
 */
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ZodError) {
      throw new TRPCError({ code: "BAD_REQUEST", message: describeZodError(cause), cause });
    }
    const code =
      cause instanceof NotFoundError
        ? "NOT_FOUND"
        : cause instanceof ConflictError
          ? "CONFLICT"
          : cause instanceof InvalidInputError
            ? "BAD_REQUEST"
            : cause instanceof PreconditionError
              ? "PRECONDITION_FAILED"
              : cause instanceof TwitchSessionExpiredError // the user's Twitch sign-in is gone: sign in again
                ? "UNAUTHORIZED"
                : null;
    if (code) throw new TRPCError({ code, message: (cause as Error).message, cause });
  }
  return result;
});

export const router = t.router;
export const middleware = t.middleware;
export const createCallerFactory = t.createCallerFactory;

/** Only for what interfaces.md lists as public. */
export const publicProcedure = t.procedure.use(domainErrors);

function requireRole(min: Role) {
  return t.middleware(({ ctx, next, type }) => {
    if (!ctx.caller) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
    const refused = scopeRefusal(ctx.caller, type);
    if (refused) throw new TRPCError({ code: "FORBIDDEN", message: refused });
    if (!roleAtLeast(ctx.caller.role, min)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `this needs the ${min} role` });
    }
    return next({ ctx: { ...ctx, caller: ctx.caller } });
  });
}

/** Any signed-in user (viewer < admin < owner). */
export const viewerProcedure = publicProcedure.use(requireRole("viewer"));
export const adminProcedure = publicProcedure.use(requireRole("admin"));
export const ownerProcedure = publicProcedure.use(requireRole("owner"));

/**
 * Says a successful change in the event log, with who made it: `what` reads after the caller's login
 * ("changed the recording webhook"). Only words chosen here, never the input (it may hold secrets), unless
 * `what` picks a harmless field from it; `values` are those same fields, kept in the entry's data so the
 * dashboard can say the change in the reader's language (by the procedure's name).
 */
export function audited<I>(
  domain: EventLogDomain,
  what: string | ((input: I) => string),
  values?: (input: I) => JsonObject,
) {
  return t.middleware(async ({ ctx, next, path, input }) => {
    const result = await next();
    if (result.ok && ctx.caller) {
      const words = typeof what === "string" ? what : what(input as I);
      await ctx.api.services.activity.changed(ctx.caller, {
        domain,
        what: words,
        procedure: path,
        ...(values ? { values: values(input as I) } : {}),
      });
    }
    return result;
  });
}

/** Why an API token's scope does not allow this kind of call, or null (sessions: their role decides). */
export function scopeRefusal(
  caller: Pick<Caller, "via" | "scope">,
  type: "query" | "mutation" | "subscription",
): string | null {
  if (caller.via !== "token") return null;
  if (caller.scope === "metrics") return "this API token is for metrics only (GET /metrics)";
  if (caller.scope === "read" && type === "mutation")
    return "this API token can only read: make one with the full scope to change things";
  return null;
}
