import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { apiWorld } from "./api-world.ts";
import { clientProblem } from "./auth/clients.ts";
import { verifierMatches } from "./auth/pkce.ts";
import type { AccessToken, RefreshGrant } from "./auth/tokens.ts";
import type { SimContext } from "./context.ts";

/** id.twitch.tv's error body: `{"status":400,"message":"…"}` (no `error` field, unlike Helix). */
class OAuthError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
  ) {
    super(message);
  }
}

const text = z.string().min(1);

const authorizeQuery = z.object({
  client_id: text,
  redirect_uri: z.url(),
  response_type: z.string().optional(),
  scope: z.string().optional(),
  state: z.string().optional(),
  code_challenge: z.string().min(1).optional(),
  code_challenge_method: z.string().optional(),
  /** The simulator's own addition: who approves (default: the first user). */
  login: z.string().optional(),
});

const tokenForms = {
  client_credentials: z.object({ client_id: text, client_secret: text }),
  authorization_code: z.object({
    client_id: text,
    client_secret: text,
    code: text,
    redirect_uri: text,
    code_verifier: z.string().optional(),
  }),
  refresh_token: z.object({ client_id: text, client_secret: text, refresh_token: text }),
};

const revokeForm = z.object({ client_id: text, token: text });

/** Parses OAuth parameters; a missing or bad one is a 400 naming it ("missing client_secret"). */
function parse<T>(schema: z.ZodType<T>, input: Record<string, string>): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const field = String(result.error.issues[0]?.path[0] ?? "request");
  throw new OAuthError(400, input[field] ? `invalid ${field}` : `missing ${field}`);
}

/** Form fields and query parameters together (Twitch's token endpoint takes either). */
async function params(c: Context): Promise<Record<string, string>> {
  const merged: Record<string, string> = { ...c.req.query() };
  const type = c.req.header("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    for (const [key, value] of Object.entries(await c.req.parseBody())) {
      if (typeof value === "string") merged[key] = value;
    }
  }
  return merged;
}

function scopesOf(scope: string | undefined): string[] {
  return [...new Set((scope ?? "").split(/\s+/).filter(Boolean))];
}

/** OAuth under /oauth2: authorize, token (client credentials, authorization code with PKCE, refresh), validate, revoke. */
export function oauthRoutes(ctx: SimContext): Hono {
  const { state } = ctx;
  const { tokens } = apiWorld(ctx);
  const app = new Hono();

  app.onError((err, c) => {
    if (err instanceof OAuthError) return c.json({ status: err.status, message: err.message }, err.status);
    throw err;
  });

  const requireClient = (clientId: string, secret?: string) => {
    const problem = clientProblem(ctx, clientId, secret);
    if (problem) throw new OAuthError(problem.status, problem.message);
  };

  // Approves at once: no login page. The fault `oauth_authorize_deny` plays a user who clicks "Cancel".
  app.get("/oauth2/authorize", (c) => {
    const query = parse(authorizeQuery, c.req.query());
    requireClient(query.client_id);
    const back = (fields: Record<string, string>) => {
      const url = new URL(query.redirect_uri);
      for (const [key, value] of Object.entries(fields)) url.searchParams.set(key, value);
      if (query.state !== undefined) url.searchParams.set("state", query.state);
      return c.redirect(url.toString(), 302);
    };
    if (query.response_type !== "code") {
      return back({ error: "unsupported_response_type", error_description: "response_type must be code" });
    }
    const method = query.code_challenge_method ?? "plain";
    if (query.code_challenge !== undefined && method !== "S256" && method !== "plain") {
      return back({ error: "invalid_request", error_description: "code_challenge_method must be S256" });
    }
    if (state.faults.oauth_authorize_deny) {
      return back({ error: "access_denied", error_description: "The user denied you access" });
    }
    const user = query.login ? state.userByLogin(query.login) : state.users.values().next().value;
    if (!user) throw new OAuthError(400, `login: no simulated user ${query.login ?? "(none exist)"}`);
    const scopes = scopesOf(query.scope);
    const code = tokens.issueCode({
      client_id: query.client_id,
      user_id: user.id,
      scopes,
      redirect_uri: query.redirect_uri,
      challenge:
        query.code_challenge === undefined
          ? null
          : { value: query.code_challenge, method: method as "S256" | "plain" },
    });
    return back({ code: code.value, scope: scopes.join(" ") });
  });

  app.post("/oauth2/token", async (c) => {
    const input = await params(c);
    const grant = input.grant_type;
    if (!grant) throw new OAuthError(400, "missing grant_type");
    if (grant === "client_credentials") {
      const form = parse(tokenForms.client_credentials, input);
      requireClient(form.client_id, form.client_secret);
      const token = tokens.issueApp(form.client_id);
      return c.json({
        access_token: token.value,
        expires_in: tokens.secondsLeft(token),
        token_type: "bearer",
      });
    }
    if (grant === "authorization_code") {
      const form = parse(tokenForms.authorization_code, input);
      requireClient(form.client_id, form.client_secret);
      const code = tokens.takeCode(form.code);
      if (!code || code.client_id !== form.client_id) throw new OAuthError(400, "Invalid authorization code");
      if (code.redirect_uri !== form.redirect_uri) {
        throw new OAuthError(400, "Parameter redirect_uri does not match registered URI");
      }
      if (code.challenge) {
        if (!form.code_verifier) throw new OAuthError(400, "missing code_verifier");
        if (!verifierMatches(form.code_verifier, code.challenge.value, code.challenge.method)) {
          throw new OAuthError(400, "invalid code_verifier");
        }
      }
      return c.json(userTokenAnswer(tokens.issueUser(code.client_id, code.user_id, code.scopes)));
    }
    if (grant === "refresh_token") {
      const form = parse(tokenForms.refresh_token, input);
      requireClient(form.client_id, form.client_secret);
      const rotated = tokens.rotate(form.refresh_token, form.client_id);
      if (!rotated) throw new OAuthError(400, "Invalid refresh token");
      return c.json(userTokenAnswer(rotated));
    }
    throw new OAuthError(400, "invalid grant_type");
  });

  app.get("/oauth2/validate", (c) => {
    const header = c.req.header("authorization");
    const match = header?.match(/^(?:OAuth|Bearer)\s+(\S+)$/i);
    if (!match?.[1]) throw new OAuthError(401, "missing authorization token");
    const found = tokens.lookup(match[1]);
    if (found.status !== "valid") throw new OAuthError(401, "invalid access token");
    const { token } = found;
    const user = token.user_id ? state.users.get(token.user_id) : undefined;
    return c.json({
      client_id: token.client_id,
      ...(user ? { login: user.login } : {}),
      scopes: token.scopes,
      ...(user ? { user_id: user.id } : {}),
      expires_in: tokens.secondsLeft(token),
    });
  });

  app.post("/oauth2/revoke", async (c) => {
    const form = parse(revokeForm, await params(c));
    if (clientProblem(ctx, form.client_id)) throw new OAuthError(404, "client does not exist");
    if (!tokens.revoke(form.token, form.client_id)) throw new OAuthError(400, "Invalid token");
    return c.body(null, 200);
  });

  return app;

  function userTokenAnswer(issued: { access: AccessToken; refresh: RefreshGrant }) {
    return {
      access_token: issued.access.value,
      expires_in: tokens.secondsLeft(issued.access),
      refresh_token: issued.refresh.value,
      scope: issued.access.scopes,
      token_type: "bearer",
    };
  }
}
