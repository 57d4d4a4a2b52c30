/** People who sign in, their sessions, API tokens and preferences. */

export const ROLES = ["viewer", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

/** Roles are ordered: viewer < admin < owner. */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

export const DATETIME_FORMATS = ["ISO", "EU", "US"] as const;
export type DatetimeFormat = (typeof DATETIME_FORMATS)[number];

export const LANGUAGES = ["en", "fr"] as const;
export type Language = (typeof LANGUAGES)[number];

export interface User {
  /** The Twitch user id. */
  id: string;
  login: string;
  display_name: string;
  email: string | null;
  profile_image_url: string | null;
  role: Role;
  created_at: string;
  updated_at: string;
}

/** What Twitch tells us about someone who signs in. */
export interface TwitchProfile {
  id: string;
  login: string;
  display_name: string;
  email?: string | null;
  profile_image_url?: string | null;
}

export interface Session {
  /** SHA-256 (hex) of the cookie value; the cookie itself is never stored. */
  hashed_id: string;
  user_id: string;
  /** The user's Twitch tokens, encrypted (base64). */
  encrypted_tokens: string;
  expires_at: string;
  last_active_at: string;
  user_agent: string | null;
  ip_address: string | null;
  created_at: string;
}

export interface NewSession {
  hashed_id: string;
  user_id: string;
  encrypted_tokens: string;
  expires_at: string;
  user_agent?: string | null;
  ip_address?: string | null;
}

/** A personal API token (`Authorization: Bearer …`); only its hash is stored. */
/**
 * What a personal API token may do: `read` (queries and live updates, nothing that changes anything),
 * `metrics` (the Prometheus endpoint only, no procedure), or `full` (its owner's role).
 */
export type ApiTokenScope = "read" | "metrics" | "full";
export const API_TOKEN_SCOPES: readonly ApiTokenScope[] = ["read", "metrics", "full"];
/** A token made without an expiry choice lasts this long (null must be asked for: "never"). */
export const DEFAULT_API_TOKEN_DAYS = 90;

export interface ApiToken {
  id: number;
  scope: ApiTokenScope;
  user_id: string;
  name: string;
  /** The first characters of the token, shown so the user can tell tokens apart. */
  token_prefix: string;
  created_at: string;
  last_used_at: string | null;
  /** Null: never expires. */
  expires_at: string | null;
}

export interface NewApiToken {
  user_id: string;
  scope: ApiTokenScope;
  name: string;
  token_hash: string;
  token_prefix: string;
  expires_at?: string | null;
}

/** A user's display preferences; null where they have not chosen (each browser's own applies). */
export interface UserSettings {
  user_id: string;
  timezone: string | null;
  datetime_format: DatetimeFormat | null;
  language: Language | null;
  created_at: string;
  updated_at: string;
}

export interface WhitelistEntry {
  twitch_user_id: string;
  added_at: string;
}

/** Who is calling: a signed-in user (session cookie) or an API token acting for its owner. */
export interface Caller {
  id: string;
  login: string;
  display_name: string;
  /** For an API token: the owner's role at the time of the call, never more. */
  role: Role;
  via: "session" | "token";
  /** For an API token: what it may do (a session may do all its role allows). */
  scope?: ApiTokenScope;
  /** For a session: its hashed id (the current session in `auth.sessions`, and the one logout ends). */
  sessionId?: string;
}
