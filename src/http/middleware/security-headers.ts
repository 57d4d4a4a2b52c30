import type { MiddlewareHandler } from "hono";

/**
 * What the dashboard may load: its own scripts and styles only (no inline script: the build has none),
 * hls.js's worker and media from blob: URLs, images from anywhere over https (Twitch's avatars and box art)
 * and from `imageOrigins` (Twitch's image host when it is not https: the simulator), and no framing by
 * other sites.
 */
export function contentSecurityPolicy(imageOrigins: string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob: https:", ...imageOrigins].join(" "),
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Headers every response carries (no MIME sniffing, no framing, no full URLs in Referer to other sites),
 * and the Content-Security-Policy on HTML pages.
 */
export function securityHeaders(options: { imageOrigins?: string[] } = {}): MiddlewareHandler {
  const policy = contentSecurityPolicy(
    (options.imageOrigins ?? []).filter((origin) => !origin.startsWith("https:")),
  );
  return async (c, next) => {
    await next();
    const extra: [string, string][] = [
      ["X-Content-Type-Options", "nosniff"],
      ["X-Frame-Options", "DENY"],
      ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ];
    if (c.res.headers.get("Content-Type")?.startsWith("text/html"))
      extra.push(["Content-Security-Policy", policy]);
    try {
      for (const [name, value] of extra) c.res.headers.set(name, value);
    } catch {
      // A response passed through as fetched (a proxied S3 object) has immutable headers: copy it.
      c.res = new Response(c.res.body, c.res);
      for (const [name, value] of extra) c.res.headers.set(name, value);
    }
  };
}
