import { randomBytes, timingSafeEqual } from "node:crypto";
import { type Context, Hono } from "hono";
import { getConnInfo } from "hono/bun";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { type AuthService, SignInRefused } from "../../auth/auth.service.ts";
import { newPkcePair, OAuthError } from "../../auth/twitch-oauth.ts";
import { type AppEnv, requireCaller } from "../env.ts";
import {
  clearSessionCookie,
  cookieAttributes,
  SESSION_COOKIE,
  setSessionCookie,
} from "../security/cookies.ts";

/** Holds one sign-in attempt's state and PKCE verifier, encrypted: the browser can neither read nor forge it. */
const FLOW_COOKIE = "replayd_oauth";
const FLOW_PATH = "/api/v1/auth/twitch";
/** The OAuth Redirect URL's path: the Twitch application registers `<public origin>` followed by it. */
export const OAUTH_CALLBACK_PATH = `${FLOW_PATH}/callback`;
const FLOW_TTL_SECONDS = 600;
const FLOW_CONTEXT = "replayd/oauth-flow";

const flowState = z.object({
  state: z.string(),
  verifier: z.string(),
  redirect_uri: z.string(),
  /** Epoch milliseconds. */
  expires_at: z.number(),
});

const callbackQuery = z.object({
  code: z.string().max(512).optional(),
  state: z.string().max(512).optional(),
  error: z.string().max(200).optional(),
});

/**
 * `GET /auth/twitch` starts Twitch's authorization-code flow with state and PKCE (S256);
 * `GET /auth/twitch/callback` finishes it: a session cookie and a redirect to `/dashboard`, or a redirect to
 * `/login?error=<code>` (state_mismatch, access_denied, missing_code, exchange_failed, twitch_unavailable,
 * not_whitelisted). Without a Twitch application, `GET /auth/twitch` goes to `/login?error=twitch_app_missing`,
 * which explains the settings, instead of to Twitch with an empty client id. `POST /auth/logout` ends the
 * current session.
 */
export function authRoutes(auth: AuthService): Hono<AppEnv> {
  const { oauth, cipher, settings, log } = auth.deps;
  const base = settings.publicBaseUrl.replace(/\/+$/, "");
  const page = (path: string) => `${base}${path}`;

  return new Hono<AppEnv>()
    .get("/auth/twitch", (c) => {
      c.header("Cache-Control", "no-store");
      if (!oauth.configured) return c.redirect(page("/login?error=twitch_app_missing"), 302);
      const { verifier, challenge } = newPkcePair();
      const state = randomBytes(16).toString("hex");
      // The address the browser came to, unless PUBLIC_BASE_URL says otherwise (a proxy in front).
      const origin = base || new URL(c.req.url).origin;
      const redirectUri = `${origin}${OAUTH_CALLBACK_PATH}`;
      const flow = {
        state,
        verifier,
        redirect_uri: redirectUri,
        expires_at: Date.now() + FLOW_TTL_SECONDS * 1000,
      };
      setCookie(
        c,
        FLOW_COOKIE,
        cipher.encrypt(JSON.stringify(flow), FLOW_CONTEXT),
        cookieAttributes(c.req.raw, settings.publicBaseUrl, FLOW_TTL_SECONDS, FLOW_PATH),
      );
      // The simulator signs in whoever `login` names; Twitch shows its own login page instead.
      const login = c.req.query("login");
      const extra = settings.simulated && login && /^\w{1,25}$/.test(login) ? { login } : undefined;
      // A path (the demo's proxied simulator) is made absolute on that same origin.
      const authorize = new URL(oauth.authorizeUrl({ redirectUri, state, challenge, extra }), origin);
      return c.redirect(authorize.href, 302);
    })

    .get("/auth/twitch/callback", async (c) => {
      c.header("Cache-Control", "no-store");
      const fail = (code: string) => c.redirect(page(`/login?error=${encodeURIComponent(code)}`), 302);
      const flow = readFlow(c, cipher.decrypt.bind(cipher));
      deleteCookie(c, FLOW_COOKIE, cookieAttributes(c.req.raw, settings.publicBaseUrl, 0, FLOW_PATH));
      const query = callbackQuery.safeParse(c.req.query());
      if (!flow || !query.success || !sameSecret(query.data.state ?? "", flow.state)) {
        return fail("state_mismatch");
      }
      if (query.data.error) return fail(query.data.error.replace(/[^a-z_]/gi, "").slice(0, 40) || "denied");
      if (!query.data.code) return fail("missing_code");
      try {
        const tokens = await oauth.exchangeCode({
          code: query.data.code,
          verifier: flow.verifier,
          redirectUri: flow.redirect_uri,
        });
        const { sessionId, user } = await auth.signIn(tokens, {
          userAgent: c.req.header("user-agent") ?? null,
          ip: clientIp(c),
        });
        // Signing in again from this browser replaces its session rather than leaving the old one behind.
        const previous = getCookie(c, SESSION_COOKIE);
        if (previous) await auth.endSession(previous);
        setSessionCookie(c, sessionId, settings.publicBaseUrl);
        log.info({ user_id: user.id, login: user.login, role: user.role }, "signed in");
        return c.redirect(page("/dashboard"), 302);
      } catch (err) {
        if (err instanceof SignInRefused) {
          log.warn({ reason: err.code, detail: err.message }, "sign-in refused");
          return fail(err.code);
        }
        if (err instanceof OAuthError) {
          log.warn({ status: err.status, detail: err.message }, "sign-in: code exchange failed");
          return fail(err.status === null || err.status >= 500 ? "twitch_unavailable" : "exchange_failed");
        }
        throw err;
      }
    })

    .post("/auth/logout", requireCaller, async (c) => {
      const caller = c.get("caller");
      if (caller?.sessionId) await auth.logout(caller.sessionId);
      clearSessionCookie(c, settings.publicBaseUrl);
      return c.json({ ok: true });
    });
}

function readFlow(c: Context, decrypt: (value: string, context: string) => string) {
  const raw = getCookie(c, FLOW_COOKIE);
  if (!raw) return null;
  try {
    const flow = flowState.parse(JSON.parse(decrypt(raw, FLOW_CONTEXT)));
    return flow.expires_at > Date.now() ? flow : null;
  } catch {
    return null;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function clientIp(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // not served by Bun.serve (in-process tests)
  }
}
