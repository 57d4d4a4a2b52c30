import { type Context, Hono } from "hono";
import { z } from "zod";
import { apiWorld } from "./api-world.ts";
import type { SimContext } from "./context.ts";
import { entitlementsOf, subOnly } from "./entitlements.ts";
import { type GqlAsk, readGqlItem } from "./gql.request.ts";
import { playbackFor } from "./hls/playback.ts";
import { seal, unseal } from "./hls/sealed.ts";
import { playbackTokenValue, signToken } from "./hls/token.ts";

/**
 * POST /gql: playback access tokens in all three request forms, single or batched (a JSON array is
 * answered with an array), any Content-Type. Also the error shapes clients branch on: `gql_error` faults,
 * `failed integrity check` until a Client-Integrity token from POST /gql/integrity comes along (when
 * `integrity_required`), and the 401 for an `Authorization: OAuth` header that is not a live user token.
 * A signed-in viewer's token carries their entitlements (Turbo, subscription: entitlements.ts).
 */

const INTEGRITY_PREFIX = "v4.public.";
const INTEGRITY_TTL_MS = 16 * 3600_000;
const integrityBlob = z.object({ d: z.string().nullable(), x: z.number() });
/** Twitch's tokens (the web auth-token cookie, an OAuth access token): 30 lowercase letters and digits. */
const AUTH_TOKEN = /^OAuth ([a-z0-9]{30})$/i;
/** Twitch's web player, whose own tokens GQL always takes. */
const WEB_CLIENT_ID = "kimne78kx3ncx6brgo4mv6wki5h1ko";

export function gqlRoutes(ctx: SimContext): Hono {
  const { state } = ctx;
  const playback = playbackFor(ctx);
  const { tokens } = apiWorld(ctx);
  const app = new Hono();

  /**
   * The viewer an `Authorization: OAuth` header signs in: a live user token the simulator issued (to any
   * application, unless the fault `gql_refuse_app_tokens` keeps GQL to Twitch's web client's own), or
   * "invalid". No header: anonymous.
   */
  function viewerOf(authorization: string | undefined): string | null | "invalid" {
    if (authorization === undefined) return null;
    const value = AUTH_TOKEN.exec(authorization)?.[1]?.toLowerCase();
    const found = value ? tokens.lookup(value) : { status: "unknown" as const };
    if (found.status !== "valid" || found.token.user_id === null) return "invalid";
    if (state.faults.gql_refuse_app_tokens && found.token.client_id !== WEB_CLIENT_ID) return "invalid";
    return found.token.user_id;
  }

  app.post("/gql", async (c) => {
    const started = performance.now();
    const viewer = viewerOf(c.req.header("authorization"));
    if (viewer === "invalid") {
      return c.json(
        { error: "Unauthorized", status: 401, message: 'The "Authorization" token is invalid.' },
        401,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json({ error: "Bad Request", status: 400, message: "body: expected JSON" }, 400);
    }
    const integrityOk = !state.faults.integrity_required || integrityPasses(c);
    const answer = (raw: unknown) => {
      const ask = readGqlItem(raw);
      const result = answerOne(ask, viewer, integrityOk, c);
      return {
        ...result,
        extensions: {
          durationMilliseconds: Math.max(1, Math.round(performance.now() - started)),
          ...(ask.operationName ? { operationName: ask.operationName } : {}),
          requestID: `01${state.random.hex(24).toUpperCase()}`,
        },
      };
    };
    return c.json(Array.isArray(body) ? body.map(answer) : answer(body));
  });

  const integrity = (c: Context) => {
    const expiration = state.clock.now() + INTEGRITY_TTL_MS;
    const deviceId = c.req.header("x-device-id") ?? null;
    const token = `${INTEGRITY_PREFIX}${seal(playback.secret, { d: deviceId, x: expiration })}`;
    return c.json({ token, expiration, request_id: state.random.uuid() });
  };
  app.post("/gql/integrity", integrity);
  app.post("/integrity", integrity);

  /** A Client-Integrity token we issued, not expired, for this Device-Id if it was bound to one. */
  function integrityPasses(c: Context): boolean {
    const token = c.req.header("client-integrity");
    if (!token?.startsWith(INTEGRITY_PREFIX)) return false;
    const claims = unseal(playback.secret, token.slice(INTEGRITY_PREFIX.length), integrityBlob);
    if (!claims || claims.x <= state.clock.now()) return false;
    return claims.d === null || claims.d === c.req.header("device-id");
  }

  function answerOne(ask: GqlAsk, viewer: string | null, integrityOk: boolean, c: Context) {
    if (ask.kind === "error") return { errors: [{ message: ask.message }] };
    if (state.faults.gql_error) return { errors: [{ message: state.faults.gql_error }] };
    if (!integrityOk) return { errors: [{ message: "failed integrity check" }] };
    const data: Record<string, unknown> = {};
    if (ask.stream) data.streamPlaybackAccessToken = streamToken(ask, ask.stream.login, viewer, c);
    if (ask.video) data.videoPlaybackAccessToken = null;
    return { data };
  }

  function streamToken(
    ask: Extract<GqlAsk, { kind: "token" }>,
    login: string,
    viewer: string | null,
    c: Context,
  ) {
    const channel = login ? state.channelByLogin(login) : undefined;
    if (!channel) return null;
    const live = state.liveSession(channel);
    if (!live && state.faults.offline_token === "null") return null;
    const restriction =
      live?.restriction === "geoblock" ? "geoblock" : subOnly(channel, live) ? "subscriber" : null;
    const entitlements = entitlementsOf(viewer ? (state.users.get(viewer) ?? null) : null, channel);
    const value = playbackTokenValue({
      channel: channel.user.login,
      channelId: channel.user.id,
      userId: viewer,
      entitlements,
      userIp: clientIp(c),
      expires: playback.nowSeconds() + state.faults.token_ttl_seconds,
      restriction,
      deviceId: c.req.header("device-id") ?? null,
      playerType: ask.playerType,
      platform: ask.platform,
    });
    const forbidden =
      restriction === "geoblock" || (restriction === "subscriber" && !entitlements.subscriber);
    return {
      value,
      signature: signToken(playback.secret, value),
      ...(ask.authorization
        ? {
            authorization: {
              isForbidden: forbidden,
              forbiddenReasonCode: !forbidden
                ? "NONE"
                : restriction === "geoblock"
                  ? "GEOBLOCKED"
                  : "UNAUTHORIZED_ENTITLEMENTS",
            },
          }
        : {}),
      ...(ask.typename ? { __typename: "PlaybackAccessToken" } : {}),
    };
  }

  return app;
}

/** The caller's address when Bun serves the app, else loopback (tests calling app.request). */
export function clientIp(c: Context): string {
  const server = c.env as { requestIP?: (req: Request) => { address: string } | null } | undefined;
  return server?.requestIP?.(c.req.raw)?.address ?? "127.0.0.1";
}
