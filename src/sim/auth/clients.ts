import type { SimContext } from "../context.ts";

export type ClientProblem = { status: 400 | 403; message: string } | null;

/**
 * Whether id.twitch.tv knows the client. The simulator knows every client unless it was started with
 * `--client-id`/`--client-secret`; then only that id, and only with that secret.
 */
export function clientProblem(ctx: SimContext, clientId: string, clientSecret?: string): ClientProblem {
  if (ctx.clientId !== null && clientId !== ctx.clientId) return { status: 400, message: "invalid client" };
  if (clientSecret !== undefined && ctx.clientSecret !== null && clientSecret !== ctx.clientSecret) {
    return { status: 403, message: "invalid client secret" };
  }
  return null;
}
