import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_TTL_MS } from "../../auth/auth.service.ts";

/** The session cookie: 32 random bytes, hex. Only its SHA-256 is stored. */
export const SESSION_COOKIE = "replayd_session";

/**
 * Whether cookies get `Secure`: the request came over HTTPS (directly, or as a proxy's
 * `X-Forwarded-Proto` says), or the public address is https. Adding `Secure` on a proxy's word cannot
 * weaken anything; a plain-http install without a proxy keeps working.
 */
export function isSecureRequest(req: Request, publicBaseUrl: string): boolean {
  if (new URL(req.url).protocol === "https:") return true;
  const forwarded = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  return forwarded === "https" || publicBaseUrl.startsWith("https:");
}

/** The attributes every replayd cookie carries: HttpOnly, SameSite=Lax, Secure over HTTPS. */
export function cookieAttributes(req: Request, publicBaseUrl: string, maxAgeSeconds: number, path = "/") {
  return {
    path,
    httpOnly: true,
    sameSite: "Lax" as const,
    secure: isSecureRequest(req, publicBaseUrl),
    maxAge: maxAgeSeconds,
  };
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function setSessionCookie(c: Context, sessionId: string, publicBaseUrl: string): void {
  setCookie(c, SESSION_COOKIE, sessionId, cookieAttributes(c.req.raw, publicBaseUrl, SESSION_TTL_MS / 1000));
}

export function clearSessionCookie(c: Context, publicBaseUrl: string): void {
  deleteCookie(c, SESSION_COOKIE, cookieAttributes(c.req.raw, publicBaseUrl, 0));
}

/** The Set-Cookie header that removes the session cookie, for code that only holds response headers (tRPC). */
export function clearedSessionCookieHeader(req: Request, publicBaseUrl: string): string {
  const secure = isSecureRequest(req, publicBaseUrl) ? "; Secure" : "";
  return `${SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax${secure}`;
}
