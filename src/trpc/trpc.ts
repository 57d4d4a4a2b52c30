import { initTRPC, TRPCError } from "@trpc/server";
import { type Role, roleAtLeast } from "../domain/users.ts";

/** Who is calling: a signed-in user (session cookie) or an API token acting for its owner. */
export interface Caller {
  id: string;
  login: string;
  display_name: string;
  /** For an API token: the owner's role at the time of the call, never more. */
  role: Role;
  via: "session" | "token";
}

/** Per-request context, filled in by the HTTP layer's authentication. */
export interface TrpcContext {
  requestId: string;
  caller: Caller | null;
}

// No transformer: the wire format is plain JSON so curl and other languages can call the API.
// Stack traces stay in the server log, never in responses.
const t = initTRPC.context<TrpcContext>().create({ isDev: false });

export const router = t.router;
export const middleware = t.middleware;

/** Only for what interfaces.md lists as public. */
export const publicProcedure = t.procedure;

function requireRole(min: Role) {
  return t.middleware(({ ctx, next }) => {
    if (!ctx.caller) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in first" });
    if (!roleAtLeast(ctx.caller.role, min)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `this needs the ${min} role` });
    }
    return next({ ctx: { ...ctx, caller: ctx.caller } });
  });
}

/** Any signed-in user (viewer < admin < owner). */
export const viewerProcedure = t.procedure.use(requireRole("viewer"));
export const adminProcedure = t.procedure.use(requireRole("admin"));
export const ownerProcedure = t.procedure.use(requireRole("owner"));
