import { type BlockPainter, encodeJpeg, type Rgb } from "./jpeg.ts";

/** The pictures the simulator's CDN paths serve; each subject (login, category id) gets its own colour. */
export type PictureKind = "preview" | "boxart" | "profile" | "placeholder";

const MAX_SIDE = 4096;
const CACHE_LIMIT = 256;
const cache = new Map<string, Uint8Array>();

export function validSize(width: number, height: number): boolean {
  return (
    Number.isInteger(width) &&
    Number.isInteger(height) &&
    width >= 1 &&
    height >= 1 &&
    width <= MAX_SIDE &&
    height <= MAX_SIDE
  );
}

/** A JPEG of the subject at this size, made once and kept (the oldest is dropped past a few hundred). */
export function picture(kind: PictureKind, subject: string, width: number, height: number): Uint8Array {
  const key = `${kind}:${subject}:${width}x${height}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const jpeg = encodeJpeg(width, height, PAINTERS[kind](hueOf(subject)));
  cache.set(key, jpeg);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return jpeg;
}

/** FNV-1a, folded to a hue in degrees. */
function hueOf(subject: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < subject.length; i++) hash = Math.imul(hash ^ subject.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % 360;
}

function hsl(hue: number, saturation: number, lightness: number): Rgb {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

const LIVE_RED: Rgb = [235, 4, 0];

const PAINTERS: Record<PictureKind, (hue: number) => BlockPainter> = {
  // A diagonal gradient with a red "live" badge in the top-left corner.
  preview: (hue) => (bx, by, columns, rows) => {
    if (columns >= 8 && by === 1 && bx >= 1 && bx <= Math.max(2, Math.floor(columns / 10))) return LIVE_RED;
    const t = (bx / columns + by / rows) / 2;
    return hsl((hue + 50 * t) % 360, 0.6, 0.55 - 0.3 * t);
  },
  // Portrait cover art: darker towards the bottom, with a lighter band where a title would be.
  boxart: (hue) => (_bx, by, _columns, rows) => {
    const t = by / rows;
    return t > 0.6 && t < 0.75 ? hsl(hue, 0.3, 0.85) : hsl(hue, 0.7, 0.6 - 0.35 * t);
  },
  // A disc on a pale background.
  profile: (hue) => (bx, by, columns, rows) => {
    const dx = (bx + 0.5) / columns - 0.5;
    const dy = (by + 0.5) / rows - 0.5;
    return dx * dx + dy * dy < 0.16 ? hsl(hue, 0.65, 0.5) : hsl(hue, 0.25, 0.9);
  },
  // Twitch's grey "nothing here" images (offline previews, unknown box art).
  placeholder: () => (_bx, by, _columns, rows) => hsl(0, 0, 0.35 + 0.1 * (by / rows)),
};
