import type { Repository } from "../db/repository.ts";
import { PreconditionError } from "../domain/errors.ts";
import type { JsonObject } from "../domain/json.ts";
import type { SecretSealer } from "../domain/secrets.ts";
import type { ServiceAccount, StoredServiceAccount } from "../domain/service-account.ts";
import type { Logger } from "../log/logger.ts";
import type { HelixClient } from "../twitch/helix.client.ts";
import type { PlaybackViewer } from "../twitch/playback.client.ts";
import { sha256Hex } from "./crypto.ts";
import { TokenRefresher } from "./token-refresher.ts";
import type { TwitchOAuth, TwitchTokens } from "./twitch-oauth.ts";

/** The setting that names the account by its refresh token (it wins over the dashboard). */
export const SERVICE_ACCOUNT_ENV = "TWITCH_SERVICE_ACCOUNT_REFRESH_TOKEN";

export interface ServiceAccountStatus {
  /** The account in effect, without its tokens; null when none is set. */
  account: ServiceAccount | null;
  /** TWITCH_SERVICE_ACCOUNT_REFRESH_TOKEN names the account: the dashboard can neither set nor remove it. */
  managed_by_env: boolean;
  /** Why the environment's refresh token gave no account yet, else null. */
  env_error: string | null;
}

export interface ServiceAccountDeps {
  repo: Pick<Repository, "serviceAccount" | "eventLogs">;
  oauth: Pick<TwitchOAuth, "refresh">;
  helix: Pick<HelixClient, "users">;
  /** Seals the account's tokens (the key Twitch tokens use, a context of their own). */
  sealer: SecretSealer;
  /** TWITCH_SERVICE_ACCOUNT_REFRESH_TOKEN, "" when unset. */
  envRefreshToken: string;
  log: Pick<Logger, "info" | "warn">;
  now?: () => number;
}

/** The account's tokens as held in memory: Twitch's tokens and whose they are. */
interface Held extends TwitchTokens {
  user_id: string;
}

/** A refresh finished after the account was removed or replaced: what it got is not the account's. */
class AccountChangedError extends Error {}

/**
 * The service account: a Twitch user whose token playback is asked for with (Turbo records without ads, a
 * subscription opens sub-only streams). Set by the owner signing it in from System, or by its refresh token
 * in the environment. Its access token is refreshed 60 s before it expires, once however many recordings
 * ask (`TokenRefresher`); when that fails, or Twitch refuses the token, playback goes on anonymously and the
 * reason is logged, written to the event log and shown on the System page. Never throws at playback.
 */
export class ServiceAccountService implements PlaybackViewer {
  private readonly refresher: TokenRefresher<Held>;
  private readonly now: () => number;
  /** Whether the last attempt to have a token failed (so a failure is announced once, and a recovery). */
  private failing = false;
  private envError: string | null = null;

  constructor(private readonly deps: ServiceAccountDeps) {
    this.now = deps.now ?? Date.now;
    this.refresher = new TokenRefresher<Held>({
      now: this.now,
      load: () => this.load(),
      refresh: (current) => this.refresh(current),
    });
  }

  get managedByEnv(): boolean {
    return this.deps.envRefreshToken !== "";
  }

  /** The access token to play back with, or null for anonymous playback (none set, or it cannot be had). */
  async token(): Promise<string | null> {
    let result = await this.refresher.get();
    if (result.kind === "failed" && result.error instanceof AccountChangedError) {
      this.refresher.reset();
      result = await this.refresher.get();
    }
    if (result.kind === "token") {
      if (this.failing) this.deps.log.info("service account: its token works again");
      this.failing = false;
      return result.token.access_token;
    }
    if (result.kind === "failed" && result.error) {
      const error = result.error.message;
      await this.failed(`cannot refresh its token: ${error}`, { cause: "refresh_failed", error });
    }
    return null;
  }

  refused(token: string): void {
    this.refresher.refused(token);
    void this.failed("Twitch refused its token for playback (revoked, or not accepted by Twitch's player)", {
      cause: "refused",
    });
  }

  /** Resolves the environment's account (and refreshes a stale token) at start, in the background. */
  prepare(): void {
    if (this.managedByEnv) void this.token();
  }

  async status(): Promise<ServiceAccountStatus> {
    const stored = await this.deps.repo.serviceAccount.get();
    const inEffect = stored && (!this.managedByEnv || this.isEnvAccount(stored)) ? stored : null;
    return {
      account: inEffect ? viewOf(inEffect) : null,
      managed_by_env: this.managedByEnv,
      env_error: this.managedByEnv && !inEffect ? this.envError : null,
    };
  }

  /**
   * Makes the Twitch user behind `tokens` (from the OAuth flow) the service account, replacing any. No user
   * or session of replayd is made for it.
   */
  async setFromSignIn(tokens: TwitchTokens, actorId: string): Promise<ServiceAccount> {
    this.refuseWhenManaged();
    const [profile] = await this.deps.helix.users({}, tokens.access_token);
    if (!profile) throw new Error("Twitch returned no profile for the service account's token");
    const stored = await this.deps.repo.serviceAccount.put({
      twitch_user_id: profile.id,
      login: profile.login,
      display_name: profile.display_name,
      source: "dashboard",
      env_token_hash: null,
      encrypted_tokens: this.seal(tokens),
      expires_at: new Date(tokens.expires_at).toISOString(),
    });
    this.refresher.reset();
    this.failing = false;
    this.deps.log.info({ twitch_user_id: profile.id, login: profile.login }, "service account set");
    await this.event("set", "info", `service account set to ${profile.login}`, actorId, {
      login: profile.login,
    });
    return viewOf(stored);
  }

  /** Removes the account: playback is anonymous from the next token on. Resolves whether one was set. */
  async remove(actorId: string): Promise<boolean> {
    this.refuseWhenManaged();
    const stored = await this.deps.repo.serviceAccount.get();
    const removed = await this.deps.repo.serviceAccount.clear();
    this.refresher.reset();
    this.failing = false;
    if (removed && stored) {
      this.deps.log.info({ login: stored.login }, "service account removed");
      await this.event("removed", "info", `service account ${stored.login} removed`, actorId, {
        login: stored.login,
      });
    }
    return removed;
  }

  private refuseWhenManaged(): void {
    if (this.managedByEnv) {
      throw new PreconditionError(
        `the service account is set by ${SERVICE_ACCOUNT_ENV}: change or unset it there to choose one here`,
      );
    }
  }

  private isEnvAccount(stored: StoredServiceAccount): boolean {
    return stored.source === "env" && stored.env_token_hash === sha256Hex(this.deps.envRefreshToken);
  }

  /** The stored account's tokens; with the environment's token, its account (made on first use). */
  private async load(): Promise<Held | null> {
    const stored = await this.deps.repo.serviceAccount.get();
    if (this.managedByEnv && !(stored && this.isEnvAccount(stored))) return this.fromEnv();
    if (!stored) return null;
    try {
      const tokens = JSON.parse(this.deps.sealer.open(stored.encrypted_tokens)) as TwitchTokens;
      return { ...tokens, user_id: stored.twitch_user_id };
    } catch {
      throw new Error("its stored tokens cannot be read (SESSION_SECRET changed?): sign it in again");
    }
  }

  /** The environment's refresh token, exchanged once; the account it names is stored (source `env`). */
  private async fromEnv(): Promise<Held> {
    try {
      const tokens = await this.deps.oauth.refresh(this.deps.envRefreshToken);
      const [profile] = await this.deps.helix.users({}, tokens.access_token);
      if (!profile) throw new Error("Twitch returned no profile for its token");
      await this.deps.repo.serviceAccount.put({
        twitch_user_id: profile.id,
        login: profile.login,
        display_name: profile.display_name,
        source: "env",
        env_token_hash: sha256Hex(this.deps.envRefreshToken),
        encrypted_tokens: this.seal(tokens),
        expires_at: new Date(tokens.expires_at).toISOString(),
        refreshed_at: new Date(this.now()).toISOString(),
      });
      this.envError = null;
      this.deps.log.info({ login: profile.login }, `service account set by ${SERVICE_ACCOUNT_ENV}`);
      return { ...tokens, user_id: profile.id };
    } catch (err) {
      this.envError = `${SERVICE_ACCOUNT_ENV}: ${(err as Error).message}`;
      throw new Error(this.envError);
    }
  }

  private async refresh(current: Held): Promise<Held> {
    const fresh = await this.deps.oauth.refresh(current.refresh_token);
    const tokens = { ...fresh, scopes: fresh.scopes.length ? fresh.scopes : current.scopes };
    const saved = await this.deps.repo.serviceAccount.saveTokens(current.user_id, {
      encrypted_tokens: this.seal(tokens),
      expires_at: new Date(tokens.expires_at).toISOString(),
    });
    if (!saved) throw new AccountChangedError("the service account was replaced or removed meanwhile");
    return { ...tokens, user_id: current.user_id };
  }

  private seal(tokens: TwitchTokens): string {
    const { access_token, refresh_token, expires_at, scopes } = tokens;
    return this.deps.sealer.seal(JSON.stringify({ access_token, refresh_token, expires_at, scopes }));
  }

  /**
   * Announced once per failing spell (log, event log); the account's row keeps the latest reason. `why` is
   * the reason as a code and the error it quotes (the event log's data, for the dashboard's words).
   */
  private async failed(
    reason: string,
    why: { cause: "refresh_failed"; error: string } | { cause: "refused" },
  ): Promise<void> {
    const message = `service account: ${reason}; recording anonymously until it works again`;
    const stored = await this.deps.repo.serviceAccount.get().catch(() => null);
    if (stored) await this.deps.repo.serviceAccount.noteError(stored.twitch_user_id, reason).catch(() => {});
    if (this.failing) return;
    this.failing = true;
    this.deps.log.warn(message);
    await this.event("failed", "warn", message, null, why);
  }

  private async event(
    type: string,
    severity: "info" | "warn",
    message: string,
    actor: string | null,
    data: JsonObject,
  ) {
    await this.deps.repo.eventLogs
      .append({
        domain: "settings",
        event_type: `service_account_${type}`,
        severity,
        message,
        actor_user_id: actor,
        data,
      })
      .catch(() => {});
  }
}

function viewOf(stored: StoredServiceAccount): ServiceAccount {
  const { encrypted_tokens: _tokens, env_token_hash: _hash, ...view } = stored;
  return view;
}
