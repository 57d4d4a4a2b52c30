import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/** What replayd asks of a user who signs in: their e-mail (shown to them) and their follows (watched channels). */
export const SIGN_IN_SCOPES = ["user:read:email", "user:read:follows"] as const;

/** The user's Twitch tokens, as kept (encrypted) in their session. */
export interface TwitchTokens {
  access_token: string;
  refresh_token: string;
  /** Epoch milliseconds. */
  expires_at: number;
  scopes: string[];
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().default(""),
  expires_in: z.number().nonnegative(),
  scope: z.array(z.string()).nullish(),
});

const errorAnswer = z.object({ status: z.number().optional(), message: z.string().optional() });

export class OAuthError extends Error {
  override name = "OAuthError";
  constructor(
    message: string,
    /** HTTP status from Twitch; null when Twitch could not be reached. */
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** RFC 7636 S256: a 32-byte verifier (43 base64url characters) and its challenge. */
export function newPkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface TwitchOAuthOptions {
  /** OAuth base, e.g. https://id.twitch.tv/oauth2 (or the simulator's). */
  base: string;
  /**
   * Where the browser is sent to authorize: `<base>/authorize` unless something else serves that page to
   * browsers (the demo: a path on replayd's own origin that proxies the simulator's).
   */
  authorizeUrl?: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

/** Twitch's authorization-code flow (with PKCE) and refreshes, against id.twitch.tv or the simulator. */
export class TwitchOAuth {
  constructor(private readonly options: TwitchOAuthOptions) {}

  /** Whether there is an application to sign in with: Twitch answers an empty client id with an error page. */
  get configured(): boolean {
    return this.options.clientId !== "" && this.options.clientSecret !== "";
  }

  authorizeUrl(input: {
    redirectUri: string;
    state: string;
    challenge: string;
    /** What to ask for; the sign-in's by default (the service account asks for none). */
    scopes?: readonly string[];
    /** Extra parameters (the simulator's `login`, Twitch's `force_verify`). */
    extra?: Record<string, string>;
  }): string {
    const query = new URLSearchParams({
      client_id: this.options.clientId,
      redirect_uri: input.redirectUri,
      response_type: "code",
      scope: (input.scopes ?? SIGN_IN_SCOPES).join(" "),
      state: input.state,
      code_challenge: input.challenge,
      code_challenge_method: "S256",
      ...input.extra,
    });
    return `${this.options.authorizeUrl ?? `${this.options.base}/authorize`}?${query}`;
  }

  exchangeCode(input: { code: string; verifier: string; redirectUri: string }): Promise<TwitchTokens> {
    return this.token({
      grant_type: "authorization_code",
      code: input.code,
      code_verifier: input.verifier,
      redirect_uri: input.redirectUri,
    });
  }

  /** @throws OAuthError with status 400 when Twitch no longer accepts the refresh token (sign in again). */
  refresh(refreshToken: string): Promise<TwitchTokens> {
    return this.token({ grant_type: "refresh_token", refresh_token: refreshToken });
  }

  private async token(fields: Record<string, string>): Promise<TwitchTokens> {
    const fetchImpl = this.options.fetch ?? fetch;
    const body = new URLSearchParams({
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      ...fields,
    });
    let res: Response;
    try {
      res = await fetchImpl(`${this.options.base}/token`, {
        method: "POST",
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new OAuthError(`cannot reach Twitch OAuth: ${(err as Error).message}`, null);
    }
    const json = await res.json().catch(() => null);
    if (!res.ok) {
      const said = errorAnswer.safeParse(json);
      const message = (said.success && said.data.message) || `HTTP ${res.status}`;
      throw new OAuthError(`Twitch refused the ${fields.grant_type} request: ${message}`, res.status);
    }
    const parsed = tokenAnswer.safeParse(json);
    if (!parsed.success) {
      throw new OAuthError("Twitch answered the token request with an unexpected shape", res.status);
    }
    const now = (this.options.now ?? Date.now)();
    return {
      access_token: parsed.data.access_token,
      refresh_token: parsed.data.refresh_token || (fields.refresh_token ?? ""),
      expires_at: now + parsed.data.expires_in * 1000,
      scopes: parsed.data.scope ?? [],
    };
  }
}
