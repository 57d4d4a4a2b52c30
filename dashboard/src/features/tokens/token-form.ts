// Rules for personal API tokens (`auth.createApiToken`): the name, the scope and expiry choices, and how a
// listed token's expiry reads.

/** What a token may do (the server's scopes); the form starts on the least. */
export const TOKEN_SCOPES = ["read", "metrics", "full"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const DEFAULT_TOKEN_SCOPE: TokenScope = "read";

export function isTokenScope(value: string): value is TokenScope {
  return (TOKEN_SCOPES as readonly string[]).includes(value);
}

/** The lifetimes offered when creating a token; `days: null` never expires. */
export const TOKEN_EXPIRY_CHOICES = [
  { id: "7", days: 7 },
  { id: "30", days: 30 },
  { id: "90", days: 90 },
  { id: "365", days: 365 },
  { id: "never", days: null },
] as const;
export type TokenExpiryChoice = (typeof TOKEN_EXPIRY_CHOICES)[number]["id"];
export const DEFAULT_TOKEN_EXPIRY: TokenExpiryChoice = "90";

/** `expires_in_days` for the server: a number of days, or null for a token that never expires. */
export function expiresInDays(choice: TokenExpiryChoice): number | null {
  return TOKEN_EXPIRY_CHOICES.find((c) => c.id === choice)?.days ?? null;
}

export function isTokenExpiryChoice(value: string): value is TokenExpiryChoice {
  return TOKEN_EXPIRY_CHOICES.some((c) => c.id === value);
}

/** The server's limit (src/trpc/routers/auth.router.ts). */
const MAX_NAME_LENGTH = 64;

export type TokenNameCheck = { ok: true; value: string } | { ok: false; error: "required" | "tooLong" };

export function checkTokenName(raw: string): TokenNameCheck {
  const value = raw.trim();
  if (value === "") return { ok: false, error: "required" };
  if (value.length > MAX_NAME_LENGTH) return { ok: false, error: "tooLong" };
  return { ok: true, value };
}

const WEEK_MS = 7 * 86_400_000;

/** "never", "expired", "soon" (within a week: time to make a new one) or "active". */
export type TokenExpiryState = "never" | "expired" | "soon" | "active";

export function tokenExpiryState(expiresAt: string | null, now: number): TokenExpiryState {
  if (expiresAt === null) return "never";
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return "never";
  if (at <= now) return "expired";
  return at - now <= WEEK_MS ? "soon" : "active";
}
