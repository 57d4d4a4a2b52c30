import type { SimClock } from "../clock.ts";
import type { Random } from "../random.ts";
import type { ChallengeMethod } from "./pkce.ts";

/** Lifetimes in simulated seconds, as Twitch answers them (an app token lasts ~58 days, a user token ~4 h). */
export const APP_TOKEN_SECONDS = 5_011_271;
export const USER_TOKEN_SECONDS = 14_124;
const CODE_SECONDS = 600;

export interface AccessToken {
  value: string;
  client_id: string;
  /** null for an app token (client credentials). */
  user_id: string | null;
  scopes: string[];
  /** Simulated epoch ms. */
  expires_at: number;
}

export interface RefreshGrant {
  value: string;
  client_id: string;
  user_id: string;
  scopes: string[];
}

export interface AuthorizationCode {
  value: string;
  client_id: string;
  user_id: string;
  scopes: string[];
  redirect_uri: string;
  challenge: { value: string; method: ChallengeMethod } | null;
  expires_at: number;
}

export type TokenLookup =
  | { status: "valid"; token: AccessToken }
  | { status: "expired"; token: AccessToken }
  | { status: "unknown" };

/** Twitch's tokens are lowercase alphanumerics: 30 characters for access tokens and codes, 50 for refresh. */
function tokenString(random: Random, length: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random.next() * alphabet.length)];
  return out;
}

/**
 * Every credential id.twitch.tv hands out: app and user access tokens, refresh tokens (rotated on each use)
 * and single-use authorization codes. Times are simulated, so a warped clock expires tokens sooner.
 */
export class TokenStore {
  private readonly access = new Map<string, AccessToken>();
  private readonly refresh = new Map<string, RefreshGrant>();
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(
    private readonly clock: SimClock,
    private readonly random: Random,
  ) {}

  issueApp(clientId: string): AccessToken {
    return this.issueAccess(clientId, null, [], APP_TOKEN_SECONDS);
  }

  issueUser(
    clientId: string,
    userId: string,
    scopes: string[],
  ): { access: AccessToken; refresh: RefreshGrant } {
    const access = this.issueAccess(clientId, userId, scopes, USER_TOKEN_SECONDS);
    const refresh: RefreshGrant = {
      value: tokenString(this.random, 50),
      client_id: clientId,
      user_id: userId,
      scopes,
    };
    this.refresh.set(refresh.value, refresh);
    return { access, refresh };
  }

  issueCode(input: Omit<AuthorizationCode, "value" | "expires_at">): AuthorizationCode {
    const code = {
      ...input,
      value: tokenString(this.random, 30),
      expires_at: this.clock.now() + CODE_SECONDS * 1000,
    };
    this.codes.set(code.value, code);
    return code;
  }

  /** Takes a code out of the store: a code works once, and not after it expired. */
  takeCode(value: string): AuthorizationCode | undefined {
    const code = this.codes.get(value);
    this.codes.delete(value);
    return code && code.expires_at > this.clock.now() ? code : undefined;
  }

  /** A new access token and a new refresh token for a refresh token of `clientId`; the old one stops working. */
  rotate(refreshValue: string, clientId: string): { access: AccessToken; refresh: RefreshGrant } | undefined {
    const grant = this.refresh.get(refreshValue);
    if (!grant || grant.client_id !== clientId) return undefined;
    this.refresh.delete(refreshValue);
    return this.issueUser(grant.client_id, grant.user_id, grant.scopes);
  }

  lookup(value: string): TokenLookup {
    const token = this.access.get(value);
    if (!token) return { status: "unknown" };
    return token.expires_at > this.clock.now() ? { status: "valid", token } : { status: "expired", token };
  }

  /** Whole seconds left before the token expires. */
  secondsLeft(token: AccessToken): number {
    return Math.max(0, Math.floor((token.expires_at - this.clock.now()) / 1000));
  }

  /** Revokes an access token of `clientId`; false when there is no such token for that client. */
  revoke(value: string, clientId: string): boolean {
    const token = this.access.get(value);
    if (!token || token.client_id !== clientId) return false;
    this.access.delete(value);
    return true;
  }

  /** Makes access tokens expire now (all, or one user's), so a client's refresh path can be tested. */
  expireAccess(userId?: string): number {
    let count = 0;
    for (const token of this.access.values()) {
      if (userId !== undefined && token.user_id !== userId) continue;
      token.expires_at = Math.min(token.expires_at, this.clock.now());
      count++;
    }
    return count;
  }

  private issueAccess(
    clientId: string,
    userId: string | null,
    scopes: string[],
    seconds: number,
  ): AccessToken {
    this.forgetExpired();
    const token: AccessToken = {
      value: tokenString(this.random, 30),
      client_id: clientId,
      user_id: userId,
      scopes,
      expires_at: this.clock.now() + seconds * 1000,
    };
    this.access.set(token.value, token);
    return token;
  }

  /** Keeps a long-running simulator's memory flat: expired tokens are dropped once there are many. */
  private forgetExpired(): void {
    if (this.access.size < 10_000) return;
    const now = this.clock.now();
    for (const [value, token] of this.access) if (token.expires_at <= now) this.access.delete(value);
  }
}
