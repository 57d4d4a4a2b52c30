import { type Context, Hono } from "hono";
import type { SimContext } from "./context.ts";
import { type PictureKind, picture, validSize } from "./images/pictures.ts";

/** `{width}x{height}` left as the literal template gets Twitch's usual size. */
const SIZE = String.raw`(\d+|\{width\})x(\d+|\{height\})`;
const PREVIEW = new RegExp(`^live_user_([a-z0-9_]+)-${SIZE}\\.jpg$`);
const BOXART = new RegExp(`^(\\d+)(?:_IGDB)?-${SIZE}\\.jpg$`);
const PLACEHOLDER = new RegExp(`^404_(preview|boxart)-${SIZE}\\.jpg$`);
const PROFILE = /^([a-z0-9_]+)-profile_image-(\d+)x(\d+)\.(?:jpeg|jpg|png)$/;

function size(match: RegExpMatchArray, at: number, fallback: [number, number]): [number, number] {
  const width = match[at] === "{width}" ? fallback[0] : Number(match[at]);
  const height = match[at + 1] === "{height}" ? fallback[1] : Number(match[at + 1]);
  return [width, height];
}

function jpeg(
  c: Context,
  kind: PictureKind,
  subject: string,
  [width, height]: [number, number],
  maxAge: number,
) {
  if (!validSize(width, height)) return c.text("Not Found", 404);
  return c.body(picture(kind, subject, width, height) as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": "image/jpeg",
    "Cache-Control": `public, max-age=${maxAge}`,
  });
}

/** Preview thumbnails (/previews-ttv/*), box art (/ttv-boxart/*), profile pictures and Twitch's 404 placeholders. */
export function imagesRoutes(ctx: SimContext): Hono {
  const { state } = ctx;
  const app = new Hono();

  // Live channels get a thumbnail; others are redirected to the grey placeholder, as Twitch's CDN does.
  app.get("/previews-ttv/:file", (c) => {
    const match = c.req.param("file").match(PREVIEW);
    if (!match) return c.text("Not Found", 404);
    const [width, height] = size(match, 2, [440, 248]);
    const channel = state.channelByLogin(match[1] as string);
    if (!channel || !state.liveSession(channel))
      return c.redirect(`/ttv-static/404_preview-${width}x${height}.jpg`, 302);
    return jpeg(c, "preview", channel.user.login, [width, height], 300);
  });

  app.get("/ttv-boxart/:file", (c) => {
    const match = c.req.param("file").match(BOXART);
    if (!match) return c.text("Not Found", 404);
    const [width, height] = size(match, 2, [285, 380]);
    if (!state.categories.has(match[1] as string))
      return c.redirect(`/ttv-static/404_boxart-${width}x${height}.jpg`, 302);
    return jpeg(c, "boxart", match[1] as string, [width, height], 86_400);
  });

  app.get("/ttv-static/:file", (c) => {
    const match = c.req.param("file").match(PLACEHOLDER);
    if (!match) return c.text("Not Found", 404);
    return jpeg(c, "placeholder", match[1] as string, size(match, 2, [440, 248]), 86_400);
  });

  app.get("/jtv_user_pictures/:file", (c) => {
    const match = c.req.param("file").match(PROFILE);
    if (!match || !state.userByLogin(match[1] as string)) return c.text("Not Found", 404);
    return jpeg(c, "profile", match[1] as string, [Number(match[2]), Number(match[3])], 86_400);
  });

  return app;
}
