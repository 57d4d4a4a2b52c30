import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The origins allowed to call the API from a browser besides the server's own: PUBLIC_BASE_URL's origin
 * and TRUSTED_ORIGINS. @throws Error naming the setting when an entry is not an origin.
 */
export function trustedOrigins(publicBaseUrl: string, extra: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (publicBaseUrl) out.add(new URL(publicBaseUrl).origin);
  for (const entry of extra) {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {}
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/+$/, "")) {
      throw new Error(
        `invalid setting TRUSTED_ORIGINS: expected origins like https://example.com (scheme, host, optional port; no path), got "${entry}"`,
      );
    }
    out.add(url.origin);
  }
  return out;
}

export interface OriginFacts {
  method: string;
  /** The request's Host header. */
  host: string | null;
  origin: string | null;
  secFetchSite: string | null;
  referer: string | null;
}

/**
 * Whether an unsafe request may proceed, the way browsers let a server tell (Go's CrossOriginProtection
 * rules, plus Referer): Sec-Fetch-Site when the browser sends it, else Origin (or Referer) against the
 * Host. Requests with none of these come from scripts, not browsers, and carry no ambient cookies that a
 * third-party page could ride on.
 */
export function crossOriginAllowed(facts: OriginFacts, trusted: ReadonlySet<string>): boolean {
  if (SAFE_METHODS.has(facts.method.toUpperCase())) return true;
  if (facts.origin && trusted.has(facts.origin)) return true;
  if (facts.secFetchSite) return facts.secFetchSite === "same-origin" || facts.secFetchSite === "none";
  const source = facts.origin ?? facts.referer;
  if (!source) return true;
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host;
  } catch {
    return false;
  }
  return sourceHost === facts.host;
}

/**
 * CSRF protection for cookie-authenticated requests: a cross-origin unsafe request from an untrusted
 * page is refused with 403. Bearer-token requests (no cookies involved) and the paths in `exempt`
 * (EventSub, signed by HMAC) pass.
 */
export function originGuard(trusted: ReadonlySet<string>, exempt: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const h = (name: string) => c.req.header(name) ?? null;
    if (h("authorization") || exempt.includes(c.req.path)) return next();
    const facts: OriginFacts = {
      method: c.req.method,
      host: h("host") ?? new URL(c.req.url).host,
      origin: h("origin"),
      secFetchSite: h("sec-fetch-site"),
      referer: h("referer"),
    };
    if (!crossOriginAllowed(facts, trusted)) {
      return c.json(
        {
          error: {
            code: "FORBIDDEN",
            message: `cross-origin ${c.req.method} refused: add the calling page's origin to TRUSTED_ORIGINS if it should be allowed`,
          },
        },
        403,
      );
    }
    return next();
  };
}

/** CORS for the trusted origins only, with credentials (the dashboard served from another origin). */
export function corsForTrusted(trusted: ReadonlySet<string>): MiddlewareHandler {
  return cors({
    origin: (origin) => (trusted.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: ["Accept", "Content-Type", "Authorization", "trpc-accept", "Last-Event-ID"],
    maxAge: 300,
  });
}
