/** Refresh this long before the access token expires, so no request goes out with one about to lapse. */
export const REFRESH_MARGIN_MS = 60_000;
/** After a failed refresh (or Twitch refusing the token), play anonymously this long before trying again. */
export const RETRY_AFTER_MS = 60_000;

export interface HeldToken {
  access_token: string;
  /** Epoch milliseconds. */
  expires_at: number;
}

export interface TokenRefresherDeps<T extends HeldToken> {
  /** The token as stored now (another process may have refreshed it), or null when there is none. */
  load(): Promise<T | null>;
  /** A fresh token for `current` (Twitch's refresh grant, then stored). @throws when Twitch refuses */
  refresh(current: T): Promise<T>;
  now(): number;
  marginMs?: number;
  retryAfterMs?: number;
}

export type TokenResult<T> =
  | { kind: "token"; token: T }
  /** Nothing to use: no token stored. */
  | { kind: "none" }
  /** The refresh failed just now (`error`), or failed less than `retryAfterMs` ago (`error` null). */
  | { kind: "failed"; error: Error | null };

/**
 * One access token kept usable: handed out until `marginMs` before it expires, then refreshed, once however
 * many callers ask meanwhile (single-flight). A failed refresh, or a token Twitch refused (`refused`), is not
 * retried for `retryAfterMs`: callers go without (anonymous playback) instead of hammering Twitch's OAuth.
 */
export class TokenRefresher<T extends HeldToken> {
  private held: T | null = null;
  private pending: Promise<TokenResult<T>> | null = null;
  private blockedUntil = 0;
  /** The held token must not be handed out again (Twitch refused it): the next use refreshes. */
  private stale = false;

  constructor(private readonly deps: TokenRefresherDeps<T>) {}

  get(): Promise<TokenResult<T>> {
    const now = this.deps.now();
    if (this.held && !this.stale && this.usable(this.held, now)) {
      return Promise.resolve({ kind: "token", token: this.held });
    }
    if (now < this.blockedUntil) return Promise.resolve({ kind: "failed", error: null });
    this.pending ??= this.renew().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Twitch refused `token`: it is not handed out again, and its renewal waits `retryAfterMs`. */
  refused(token: string): void {
    if (this.held?.access_token !== token) return;
    this.stale = true;
    this.blockedUntil = this.deps.now() + (this.deps.retryAfterMs ?? RETRY_AFTER_MS);
  }

  /** Forgets what is held (the account was replaced or removed): the next use loads afresh, at once. */
  reset(): void {
    this.held = null;
    this.stale = false;
    this.blockedUntil = 0;
  }

  private usable(token: T, now: number): boolean {
    return token.expires_at - (this.deps.marginMs ?? REFRESH_MARGIN_MS) > now;
  }

  private async renew(): Promise<TokenResult<T>> {
    try {
      // Another process (or a sign-in) may have stored a newer token: refreshing the old one would spend
      // a refresh token Twitch already replaced.
      const stored = await this.deps.load();
      if (!stored) {
        this.reset();
        return { kind: "none" };
      }
      const newer = stored.access_token !== this.held?.access_token;
      if (newer && this.usable(stored, this.deps.now())) {
        this.held = stored;
        this.stale = false;
        return { kind: "token", token: stored };
      }
      this.held = await this.deps.refresh(stored);
      this.stale = false;
      return { kind: "token", token: this.held };
    } catch (err) {
      this.blockedUntil = this.deps.now() + (this.deps.retryAfterMs ?? RETRY_AFTER_MS);
      return { kind: "failed", error: err as Error };
    }
  }
}
