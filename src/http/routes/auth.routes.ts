import { randomBytes, timingSafeEqual } from "node:crypto";
import { type Context, Hono } from "hono";
import { getConnInfo } from "hono/bun";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { type AuthService, SignInRefused } from "../../auth/auth.service.ts";
import { SERVICE_ACCOUNT_ENV, type ServiceAccountService } from "../../auth/service-account.service.ts";
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
  /** A sign-in, or the owner choosing the service account (no session, no user: its tokens are kept). */
  purpose: z.enum(["sign_in", "service_account"]).default("sign_in"),
  /** The owner who started a service-account flow: only they may finish it. */
  owner_id: z.string().optional(),
});

/** Where the owner chooses the service account; the flow comes back there with its outcome. */
const SERVICE_ACCOUNT_PAGE = "/system/service-account";

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
 *
 * `POST /auth/twitch/service-account` (the owner, from System) starts the same flow for the service
 * account, with no scopes and Twitch's consent page forced (so the owner can sign in there as another
 * account): it sets the flow cookie and answers `{authorize_url}`, which the page opens (a fetch, not a
 * form: the CSP's `form-action 'self'` would stop a form's redirect to Twitch). The callback then keeps that
 * account's tokens as the service account, signs nobody in and makes no user, and returns to
 * `/system/service-account?service_account=set` or `?service_account_error=<code>`.
 */
export function authRoutes(auth: AuthService, serviceAccounts?: ServiceAccountService): Hono<AppEnv> {
  const { oauth, cipher, settings, log } = auth.deps;
  const base = settings.publicBaseUrl.replace(/\/+$/, "");
  const page = (path: string) => `${base}${path}`;

  /** Sets the flow cookie; resolves to Twitch's authorize URL for it. */
  const startFlow = (
    c: Context<AppEnv>,
    options: { purpose: "sign_in" | "service_account"; ownerId?: string },
  ): string => {
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
      purpose: options.purpose,
      ...(options.ownerId ? { owner_id: options.ownerId } : {}),
    };
    setCookie(
      c,
      FLOW_COOKIE,
      cipher.encrypt(JSON.stringify(flow), FLOW_CONTEXT),
      cookieAttributes(c.req.raw, settings.publicBaseUrl, FLOW_TTL_SECONDS, FLOW_PATH),
    );
    // The simulator signs in whoever `login` names; Twitch shows its own login page instead.
    const login = c.req.query("login");
    const forSim: Record<string, string> =
      settings.simulated && login && /^\w{1,25}$/.test(login) ? { login } : {};
    const serviceAccount = options.purpose === "service_account";
    c.header("Cache-Control", "no-store");
    // A path (the demo's proxied simulator) is made absolute on that same origin.
    return new URL(
      oauth.authorizeUrl({
        redirectUri,
        state,
        challenge,
        ...(serviceAccount ? { scopes: [] } : {}),
        extra: { ...forSim, ...(serviceAccount ? { force_verify: "true" } : {}) },
      }),
      origin,
    ).href;
  };

  return new Hono<AppEnv>()
    .get("/auth/twitch", (c) => {
      c.header("Cache-Control", "no-store");
      if (!oauth.configured) return c.redirect(page("/login?error=twitch_app_missing"), 302);
      return c.redirect(startFlow(c, { purpose: "sign_in" }), 302);
    })

    .post("/auth/twitch/service-account", requireCaller, (c) => {
      const caller = c.get("caller");
      if (caller?.role !== "owner") {
        return c.json({ error: { code: "FORBIDDEN", message: "this needs the owner role" } }, 403);
      }
      if (!oauth.configured) {
        const message =
          "set TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET first: the service account signs in through your Twitch application";
        return c.json({ error: { code: "PRECONDITION_FAILED", message } }, 412);
      }
      if (!serviceAccounts || serviceAccounts.managedByEnv) {
        const message = `the service account is set by ${SERVICE_ACCOUNT_ENV}: change or unset it there`;
        return c.json({ error: { code: "PRECONDITION_FAILED", message } }, 412);
      }
      return c.json({ authorize_url: startFlow(c, { purpose: "service_account", ownerId: caller.id }) });
    })

    .get("/auth/twitch/callback", async (c) => {
      c.header("Cache-Control", "no-store");
      const flow = readFlow(c, cipher.decrypt.bind(cipher));
      const forServiceAccount = flow?.purpose === "service_account";
      const fail = (code: string) =>
        c.redirect(
          forServiceAccount
            ? page(`${SERVICE_ACCOUNT_PAGE}?service_account_error=${encodeURIComponent(code)}`)
            : page(`/login?error=${encodeURIComponent(code)}`),
          302,
        );
      deleteCookie(c, FLOW_COOKIE, cookieAttributes(c.req.raw, settings.publicBaseUrl, 0, FLOW_PATH));
      const query = callbackQuery.safeParse(c.req.query());
      if (!flow || !query.success || !sameSecret(query.data.state ?? "", flow.state)) {
        return fail("state_mismatch");
      }
      if (query.data.error) return fail(query.data.error.replace(/[^a-z_]/gi, "").slice(0, 40) || "denied");
      if (!query.data.code) return fail("missing_code");
      if (forServiceAccount) {
        // Finished by the owner who started it, still an owner: another browser's code cannot set it.
        const caller = c.get("caller");
        if (!serviceAccounts || caller?.role !== "owner" || caller.id !== flow.owner_id) {
          return fail("owner_only");
        }
        try {
          const tokens = await oauth.exchangeCode({
            code: query.data.code,
            verifier: flow.verifier,
            redirectUri: flow.redirect_uri,
          });
          await serviceAccounts.setFromSignIn(tokens, caller.id);
          return c.redirect(page(`${SERVICE_ACCOUNT_PAGE}?service_account=set`), 302);
        } catch (err) {
          log.warn({ detail: (err as Error).message }, "service account: could not be set");
          if (err instanceof OAuthError && err.status !== null && err.status < 500)
            return fail("exchange_failed");
          return fail("twitch_unavailable");
        }
      }
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
