/**
 * The service account: one Twitch user whose token replayd plays streams back with, so a Turbo account
 * records without ads and a subscriber's sub-only streams record at all. The owner signs it in from System,
 * or names it by its refresh token in the environment.
 */

/** How the account was set: signed in from the dashboard, or `TWITCH_SERVICE_ACCOUNT_REFRESH_TOKEN`. */
export const SERVICE_ACCOUNT_SOURCES = ["dashboard", "env"] as const;
export type ServiceAccountSource = (typeof SERVICE_ACCOUNT_SOURCES)[number];

/** The account as stored: its Twitch tokens sealed like a session's. */
export interface StoredServiceAccount {
  twitch_user_id: string;
  login: string;
  display_name: string;
  source: ServiceAccountSource;
  /** SHA-256 (hex) of the environment's refresh token it was made from (source `env`), else null. */
  env_token_hash: string | null;
  /** Sealed JSON of the Twitch tokens (access, refresh, expiry, scopes). */
  encrypted_tokens: string;
  /** When the access token expires (ISO); the page shows it, so it is kept beside the sealed copy. */
  expires_at: string;
  /** The last refresh that worked (null: not refreshed since it was set). */
  refreshed_at: string | null;
  /** Why the last refresh (or Twitch's use of the token) failed, when it did; cleared by the next refresh. */
  last_error: string | null;
  last_error_at: string | null;
  /** When it was set (signed in, or first made from the environment). */
  created_at: string;
  updated_at: string;
}

/** What the owner sees of it: everything but the tokens. */
export type ServiceAccount = Omit<StoredServiceAccount, "encrypted_tokens" | "env_token_hash">;

/** What storing a newly set account takes. */
export type ServiceAccountInput = Pick<
  StoredServiceAccount,
  | "twitch_user_id"
  | "login"
  | "display_name"
  | "source"
  | "env_token_hash"
  | "encrypted_tokens"
  | "expires_at"
> & { refreshed_at?: string | null };
