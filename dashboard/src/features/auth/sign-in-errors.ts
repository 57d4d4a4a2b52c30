/** Error codes the server's OAuth callback (src/http/routes/auth.routes.ts) puts in `/login?error=`; others show their code. */
export const KNOWN_SIGN_IN_ERRORS = [
  "not_whitelisted",
  "access_denied",
  "state_mismatch",
  "missing_code",
  "twitch_unavailable",
  "exchange_failed",
] as const;
export type KnownSignInError = (typeof KNOWN_SIGN_IN_ERRORS)[number];

/** Sent by the server's sign-in route when it has no Twitch application: the page explains the setup instead. */
export const TWITCH_APP_MISSING = "twitch_app_missing";

export function signInErrorKind(code: string): KnownSignInError | "other" {
  return (KNOWN_SIGN_IN_ERRORS as readonly string[]).includes(code) ? (code as KnownSignInError) : "other";
}

/** Only short, plain codes are echoed back to the page. */
export function parseSignInSearch(search: Record<string, unknown>): { error?: string } {
  const error = search.error;
  return typeof error === "string" && /^[a-z0-9_.-]{1,64}$/i.test(error) ? { error } : {};
}
