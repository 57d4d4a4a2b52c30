import { Hono } from "hono";
import type { AppEnv } from "../env.ts";

const ROUTE = "/demo/twitch";
/** Where the demo serves the simulator's browser-facing pages: a path on replayd's own origin. */
export const SIMULATOR_PROXY_PATH = `/api/v1${ROUTE}`;

/**
 * What a browser takes from Twitch: the sign-in page and images (emotes in chat included). Helix, GQL, usher, the media and the
 * simulator's control API are not proxied: they stay on loopback.
 */
const BROWSER_PATH =
  /^\/(?:oauth2\/authorize|(?:jtv_user_pictures|ttv-boxart|previews-ttv|ttv-static)\/[\w.{}-]+|emoticons\/v2\/\w+\/\w+\/\w+\/[\d.]+)$/;

/**
 * `GET /demo/twitch/*` (the demo only): the simulator's sign-in page and images on replayd's own origin, so
 * every URL the browser gets follows the host it came to (`replayd demo --host 0.0.0.0`, opened from
 * another machine) and stored image URLs survive the simulator moving to another port at the next start.
 * The simulator's own redirects (a placeholder image) are kept under this path.
 */
export function simulatorProxyRoutes(simulatorOrigin: string): Hono<AppEnv> {
  const origin = simulatorOrigin.replace(/\/+$/, "");
  return new Hono<AppEnv>().get(`${ROUTE}/*`, async (c) => {
    const url = new URL(c.req.url);
    const path = url.pathname.slice(url.pathname.indexOf(ROUTE) + ROUTE.length);
    if (!BROWSER_PATH.test(path)) {
      return c.json({ error: { code: "NOT_FOUND", message: `the demo does not serve ${path}` } }, 404);
    }
    let answer: Response;
    try {
      answer = await fetch(`${origin}${path}${url.search}`, {
        redirect: "manual",
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      return c.json({ error: { code: "BAD_GATEWAY", message: "the Twitch simulator does not answer" } }, 502);
    }
    const headers = new Headers();
    for (const name of ["content-type", "cache-control"]) {
      const value = answer.headers.get(name);
      if (value) headers.set(name, value);
    }
    const location = answer.headers.get("location");
    if (location)
      headers.set("location", location.startsWith("/") ? `${SIMULATOR_PROXY_PATH}${location}` : location);
    return new Response(answer.body, { status: answer.status, headers });
  });
}
