import type { FollowSync } from "../channels/follow-sync.service.ts";
import type { Repository } from "../db/repository.ts";
import type { EventSink } from "../domain/ops.ts";
import type { ApiToken, ApiTokenScope, Caller, Session, User } from "../domain/users.ts";
import type { Logger } from "../log/logger.ts";
import { type HelixClient, HelixError } from "../twitch/helix.client.ts";
import { newApiToken, newSessionId, sha256Hex, type TokenCipher } from "./crypto.ts";
import { TokenCallers } from "./token-callers.ts";
import { OAuthError, type TwitchOAuth, type TwitchTokens } from "./twitch-oauth.ts";

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
/** `last_active_at` is rewritten at most this often, so browsing is not a write per request. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;
/** A token this close to expiry is refreshed before use. */
const REFRESH_SKEW_MS = 60 * 1000;
/** How long the background follow mirror may take after a sign-in. */
const FOLLOW_SYNC_BUDGET_MS = 30_000;

export interface AuthSettings {
  /** OWNER_TWITCH_ID: always an owner. Empty: the first person to sign in becomes the owner. */
  ownerTwitchId: string;
  whitelistEnabled: boolean;
  /** WHITELISTED_USER_IDS, copied into the whitelist table at start. */
  whitelistedUserIds: readonly string[];
  /** PUBLIC_BASE_URL: the OAuth callback's origin when set (else the request's own), and `Secure` cookies when https. */
  publicBaseUrl: string;
  /** Origins allowed to call the API from a browser besides the server's own (CORS and CSRF). */
  trustedOrigins: ReadonlySet<string>;
  /** Pointed at the simulator: the sign-in may name the simulated user (`?login=`). */
  simulated: boolean;
}

/** Why a sign-in was refused; the code travels to the dashboard's sign-in page (`/login?error=…`). */
export class SignInRefused extends Error {
  override name = "SignInRefused";
  constructor(
    readonly code: "not_whitelisted" | "twitch_unavailable" | "exchange_failed",
    message: string,
  ) {
    super(message);
  }
}

/** The user's Twitch authorisation is gone (refresh refused, or no session holds tokens): sign in again. */
export class TwitchSessionExpiredError extends Error {
  override name = "TwitchSessionExpiredError";
}

export interface SessionView {
  hashed_id: string;
  expires_at: string;
  last_active_at: string;
  created_at: string;
  user_agent: string | null;
  ip_address: string | null;
  current: boolean;
}

export interface AuthServiceDeps {
  repo: Pick<Repository, "apiTokens" | "sessions" | "users" | "whitelist">;
  helix: HelixClient;
  oauth: TwitchOAuth;
  cipher: TokenCipher;
  follows: FollowSync;
  settings: AuthSettings;
  log: Logger;
  /** The event log: sign-ins, and those the whitelist refused. */
  events?: EventSink;
  now?: () => number;
}

/**
 * Who may sign in and as what, sessions (random ids, stored hashed, Twitch tokens encrypted), personal
 * API tokens, and a valid Twitch user token on demand for code that calls Helix as the user.
 */
export class AuthService {
  private readonly refreshing = new Map<string, Promise<TwitchTokens>>();
  private readonly tokenCallers = new TokenCallers();
  private readonly now: () => number;

  constructor(readonly deps: AuthServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Copies OWNER_TWITCH_ID and WHITELISTED_USER_IDS into the whitelist (idempotent; run at start). */
  async seedWhitelist(): Promise<void> {
    const { ownerTwitchId, whitelistedUserIds } = this.deps.settings;
    await this.deps.repo.whitelist.add(...[ownerTwitchId, ...whitelistedUserIds].filter(Boolean));
  }

  /**
   * Completes a sign-in with the tokens from the code exchange: the Twitch profile, admission, the user
   * row (role by the first-login-owner rule), a new session, and the follows mirrored in the background.
   * Resolves with the raw session id for the cookie (never stored).
   */
  async signIn(
    tokens: TwitchTokens,
    meta: { userAgent: string | null; ip: string | null },
  ): Promise<{ sessionId: string; user: User }> {
    const { repo, helix, settings, cipher } = this.deps;
    const [profile] = await helix.users({}, tokens.access_token).catch((err: Error) => {
      throw new SignInRefused("twitch_unavailable", `cannot read the Twitch profile: ${err.message}`);
    });
    if (!profile) throw new SignInRefused("twitch_unavailable", "Twitch returned no profile for the token");
    if (
      settings.whitelistEnabled &&
      profile.id !== settings.ownerTwitchId &&
      !(await repo.whitelist.has(profile.id)) &&
      // A fresh install without OWNER_TWITCH_ID: the first person in becomes the owner, and adds the others.
      !(!settings.ownerTwitchId && (await repo.users.count()) === 0) &&
      // An owner is never locked out (an install from before the whitelist was on by default).
      (await repo.users.getById(profile.id))?.role !== "owner"
    ) {
      await this.deps.events?.write({
        domain: "auth",
        event_type: "sign_in_refused",
        severity: "warn",
        message: `sign-in refused: Twitch user ${profile.login} (${profile.id}) is not on the whitelist`,
        data: { login: profile.login, twitch_user_id: profile.id, reason: "not_whitelisted" },
      });
      throw new SignInRefused("not_whitelisted", `Twitch user ${profile.login} is not on the whitelist`);
    }
    const user = await repo.users.upsertOnSignIn(
      {
        id: profile.id,
        login: profile.login,
        display_name: profile.display_name,
        email: profile.email ?? null,
        profile_image_url: profile.profile_image_url || null,
      },
      { ownerId: settings.ownerTwitchId || null },
    );
    // The sign-in may have made them owner (OWNER_TWITCH_ID): their tokens carry the role they have now.
    this.tokenCallers.forget();
    const sessionId = newSessionId();
    const hashedId = sha256Hex(sessionId);
    await repo.sessions.create({
      hashed_id: hashedId,
      user_id: user.id,
      encrypted_tokens: cipher.encrypt(JSON.stringify(tokens), hashedId),
      expires_at: new Date(this.now() + SESSION_TTL_MS).toISOString(),
      user_agent: meta.userAgent?.slice(0, 512) ?? null,
      ip_address: meta.ip,
    });
    await this.deps.events?.write({
      domain: "auth",
      event_type: "sign_in",
      severity: "info",
      message: `${user.login} signed in (${user.role})`,
      actor_user_id: user.id,
      data: { login: user.login, role: user.role },
    });
    this.mirrorFollows(user.id, tokens.access_token);
    return { sessionId, user };
  }

  private mirrorFollows(userId: string, accessToken: string): void {
    const { follows, log } = this.deps;
    const budget = AbortSignal.timeout(FOLLOW_SYNC_BUDGET_MS);
    const timedOut = new Promise<never>((_, reject) =>
      budget.addEventListener("abort", () => reject(new Error("took longer than 30 s"))),
    );
    Promise.race([follows.sync(userId, accessToken), timedOut]).then(
      (r) => log.info({ user_id: userId, ...r }, "follows mirrored after sign-in"),
      (err: Error) => log.warn({ user_id: userId, err: err.message }, "could not mirror follows"),
    );
  }

  /** The caller behind a session cookie; null when unknown or expired. Notes activity (coarsely). */
  async sessionCaller(sessionId: string): Promise<Caller | null> {
    if (!/^[0-9a-f]{64}$/.test(sessionId)) return null;
    const hashedId = sha256Hex(sessionId);
    const found = await this.deps.repo.sessions.findValid(hashedId);
    if (!found) return null;
    if (this.now() - Date.parse(found.session.last_active_at) >= TOUCH_EVERY_MS) {
      await this.deps.repo.sessions.touch(hashedId);
    }
    return callerOf(found.user, "session", hashedId);
  }

  /**
   * The caller behind an API token: its owner, with the owner's role. Remembered for a minute (see
   * `TokenCallers`); revoking a token or changing its owner's access here forgets it at once.
   */
  async tokenCaller(token: string): Promise<Caller | null> {
    if (token.length > 200) return null;
    const hash = sha256Hex(token);
    const now = this.now();
    const known = this.tokenCallers.get(hash, now);
    if (known) return known;
    const found = await this.deps.repo.apiTokens.authenticate(hash);
    if (!found) return null;
    const caller: Caller = { ...callerOf(found.user, "token"), scope: found.token.scope };
    this.tokenCallers.remember(hash, caller, found.token.expires_at, now);
    return caller;
  }

  /** A token was revoked, or someone's role or admission changed: API tokens are checked afresh. */
  forgetTokenCallers(): void {
    this.tokenCallers.forget();
  }

  /** Ends the session behind a raw cookie value (unknown ones are ignored). */
  async endSession(sessionId: string): Promise<void> {
    if (/^[0-9a-f]{64}$/.test(sessionId)) await this.deps.repo.sessions.delete(sha256Hex(sessionId));
  }

  async logout(hashedId: string): Promise<void> {
    await this.deps.repo.sessions.delete(hashedId);
  }

  async listSessions(userId: string, currentHashedId: string | undefined): Promise<SessionView[]> {
    const sessions = await this.deps.repo.sessions.listForUser(userId);
    const now = new Date(this.now()).toISOString();
    return sessions
      .filter((s) => s.expires_at > now)
      .map(({ encrypted_tokens: _, user_id: __, ...s }) => ({
        ...s,
        current: s.hashed_id === currentHashedId,
      }));
  }

  /** False when the session is not the user's (or gone): the same answer, so ids cannot be probed. */
  revokeSession(userId: string, hashedId: string): Promise<boolean> {
    return this.deps.repo.sessions.deleteOwn(userId, hashedId);
  }

  /** A new personal API token; the token itself is in this answer only. */
  async createApiToken(
    userId: string,
    input: { name: string; scope: ApiTokenScope; expiresInDays?: number | null },
  ): Promise<{ token: string; api_token: ApiToken }> {
    const token = newApiToken();
    const api_token = await this.deps.repo.apiTokens.create({
      user_id: userId,
      name: input.name,
      scope: input.scope,
      token_hash: sha256Hex(token),
      token_prefix: token.slice(0, 12),
      expires_at: input.expiresInDays
        ? new Date(this.now() + input.expiresInDays * 86_400_000).toISOString()
        : null,
    });
    return { token, api_token };
  }

  listApiTokens(userId: string): Promise<ApiToken[]> {
    return this.deps.repo.apiTokens.listForUser(userId);
  }

  async revokeApiToken(userId: string, id: number): Promise<boolean> {
    const revoked = await this.deps.repo.apiTokens.delete(userId, id);
    this.tokenCallers.forget();
    return revoked;
  }

  /**
   * A Twitch user access token for the caller, refreshed first when it expires within a minute (or when
   * `force`, after Helix refused it). A session caller uses their session's tokens; an API-token caller
   * the tokens of their most recently active session. Concurrent refreshes of one session share one call.
   * @throws TwitchSessionExpiredError when the user must sign in again.
   */
  async twitchAccessToken(caller: Caller, options: { force?: boolean } = {}): Promise<string> {
    const session = await this.sessionForTokens(caller);
    if (!session) throw new TwitchSessionExpiredError("no Twitch sign-in on record: sign in again");
    const tokens = this.readTokens(session);
    if (!options.force && tokens.expires_at - REFRESH_SKEW_MS > this.now()) return tokens.access_token;
    return (await this.refresh(session.hashed_id, tokens)).access_token;
  }

  /**
   * Runs a Helix call as the caller with a valid user token; when Twitch refuses the token (401: revoked
   * or expired early), refreshes it once and tries again.
   */
  async asUser<T>(caller: Caller, call: (accessToken: string) => Promise<T>): Promise<T> {
    try {
      return await call(await this.twitchAccessToken(caller));
    } catch (err) {
      if (!(err instanceof HelixError && err.status === 401)) throw err;
      return call(await this.twitchAccessToken(caller, { force: true }));
    }
  }

  private async sessionForTokens(caller: Caller): Promise<Session | null> {
    const { sessions } = this.deps.repo;
    if (caller.sessionId) return (await sessions.findValid(caller.sessionId))?.session ?? null;
    const now = new Date(this.now()).toISOString();
    return (await sessions.listForUser(caller.id)).find((s) => s.expires_at > now) ?? null;
  }

  private readTokens(session: Session): TwitchTokens {
    try {
      return JSON.parse(
        this.deps.cipher.decrypt(session.encrypted_tokens, session.hashed_id),
      ) as TwitchTokens;
    } catch {
      // Another SESSION_SECRET (rotated): the tokens are lost, the user signs in again.
      throw new TwitchSessionExpiredError("the stored Twitch tokens cannot be read: sign in again");
    }
  }

  private refresh(hashedId: string, current: TwitchTokens): Promise<TwitchTokens> {
    const pending = this.refreshing.get(hashedId);
    if (pending) return pending;
    const run = (async () => {
      try {
        const fresh = await this.deps.oauth.refresh(current.refresh_token);
        const tokens = { ...fresh, scopes: fresh.scopes.length ? fresh.scopes : current.scopes };
        await this.deps.repo.sessions.updateTokens(
          hashedId,
          this.deps.cipher.encrypt(JSON.stringify(tokens), hashedId),
        );
        return tokens;
      } catch (err) {
        if (err instanceof OAuthError && err.status !== null && err.status < 500) {
          throw new TwitchSessionExpiredError("Twitch no longer accepts this sign-in: sign in again");
        }
        throw err;
      } finally {
        this.refreshing.delete(hashedId);
      }
    })();
    this.refreshing.set(hashedId, run);
    return run;
  }
}

function callerOf(user: User, via: Caller["via"], sessionId?: string): Caller {
  return {
    id: user.id,
    login: user.login,
    display_name: user.display_name,
    role: user.role,
    via,
    ...(sessionId ? { sessionId } : {}),
  };
}
