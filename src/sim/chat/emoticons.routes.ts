import { Hono } from "hono";
import type { SimContext } from "../context.ts";
import { emoteById } from "./emotes.ts";
import { encodePng, type Rgba } from "./png.ts";

/** Twitch's emote scales and the pixels each is. */
const SCALES: Record<string, number> = { "1.0": 28, "2.0": 56, "3.0": 112 };
const cache = new Map<string, Uint8Array>();

/** A round face in the emote's own colour on a transparent background, lighter on the dark theme. */
function emoteImage(id: string, theme: string, size: number): Uint8Array {
  const key = `${id}/${theme}/${size}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let hash = 0x811c9dc5;
  for (const c of id) hash = Math.imul(hash ^ (c.codePointAt(0) ?? 0), 0x01000193);
  const base = [(hash >>> 16) & 0xff, (hash >>> 8) & 0xff, hash & 0xff].map((v) =>
    theme === "dark" ? 96 + (v >> 1) : v >> 1,
  ) as [number, number, number];
  const png = encodePng(size, (x, y) => {
    const dx = (x + 0.5) / size - 0.5;
    const dy = (y + 0.5) / size - 0.5;
    if (dx * dx + dy * dy > 0.24) return [0, 0, 0, 0];
    const eye = dy > -0.2 && dy < -0.08 && Math.abs(Math.abs(dx) - 0.15) < 0.05;
    const mouth = dy > 0.1 && dy < 0.16 && Math.abs(dx) < 0.2;
    return (eye || mouth ? [20, 20, 20, 255] : [...base, 255]) as Rgba;
  });
  cache.set(key, png);
  return png;
}

/** Emote images as Twitch's CDN serves them: `/emoticons/v2/{id}/{format}/{theme}/{scale}`. */
export function emoticonsRoutes(_ctx: SimContext): Hono {
  const app = new Hono();
  app.get("/emoticons/v2/:id/:format/:theme/:scale", (c) => {
    const { id, format, theme, scale } = c.req.param();
    const size = SCALES[scale];
    // The simulator's emotes are all static: `animated` has nothing to serve, as on Twitch.
    if (
      !emoteById(id) ||
      !size ||
      !["default", "static"].includes(format) ||
      !["light", "dark"].includes(theme)
    )
      return c.text("Not Found", 404);
    return c.body(emoteImage(id, theme, size) as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": "image/png",
      "Cache-Control": "public, max-age=86400",
    });
  });
  return app;
}
