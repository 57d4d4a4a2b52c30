import { initTRPC } from "@trpc/server";

/** Per-request context. Authentication fills it in when the API issue lands. */
export interface TrpcContext {
  requestId: string;
}

// No transformer: the wire format is plain JSON so curl and other languages can call the API.
// Stack traces stay in the server log, never in responses.
const t = initTRPC.context<TrpcContext>().create({ isDev: false });

export const router = t.router;
export const procedure = t.procedure;
