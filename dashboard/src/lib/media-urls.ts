// Every URL the dashboard builds by hand (not tRPC) lives here, so a server route change is one edit.

/** Full-page navigation: the server runs the Twitch OAuth flow and redirects back. */
export const SIGN_IN_URL = "/api/v1/auth/twitch";

/** One part of a recording, served with HTTP Range (part numbers are 1-based). */
export function partStreamUrl(videoId: number, partNumber: number): string {
  return `/api/v1/videos/${videoId}/parts/${partNumber}/stream`;
}

/** A thumbnail or snapshot by its storage key (e.g. `thumbnails/abc-snap00.jpg`). */
export function mediaUrl(storageKey: string): string {
  return `/api/v1/media/${storageKey.split("/").map(encodeURIComponent).join("/")}`;
}

/** A Twitch image URL template (`{width}x{height}`) at a given size. */
export function twitchImage(template: string, width: number, height: number): string {
  return template.replace("{width}", String(width)).replace("{height}", String(height));
}
