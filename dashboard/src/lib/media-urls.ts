// Every URL the dashboard builds by hand (not tRPC) lives here, so a server route change is one edit.

/** Full-page navigation: the server runs the Twitch OAuth flow and redirects back. */
export const SIGN_IN_URL = "/api/v1/auth/twitch";

/** Where Twitch sends the browser back after sign-in: a Twitch application registers it (with the origin). */
export const SIGN_IN_CALLBACK_PATH = `${SIGN_IN_URL}/callback`;

/** One part of a recording, served with HTTP Range (part numbers are 1-based). */
export function partStreamUrl(videoId: number, partNumber: number): string {
  return `/api/v1/videos/${videoId}/parts/${partNumber}/stream`;
}

/**
 * The video's HLS playlist: every part on one timeline, growing while it records (segment URLs in it are
 * relative: the part streams).
 */
export function videoPlaylistUrl(videoId: number): string {
  return `/api/v1/videos/${videoId}/playlist.m3u8`;
}

/** The recording's picture (the server picks the stored thumbnail); 404 when it has none. */
export function videoThumbnailUrl(videoId: number): string {
  return `/api/v1/videos/${videoId}/thumbnail`;
}

/** The continuous playback file, once the server has built it (`playback_artifact.status === "ready"`). */
export function playbackStreamUrl(videoId: number): string {
  return `/api/v1/videos/${videoId}/playback/stream`;
}

/** A Twitch image URL template (`{width}x{height}`) at a given size. */
export function twitchImage(template: string, width: number, height: number): string {
  return template.replace("{width}", String(width)).replace("{height}", String(height));
}

/** The peaks of an audio-only part (`{duration_seconds, peaks}`); 404 when it has none. */
export function partWaveformUrl(videoId: number, partNumber: number): string {
  return `/api/v1/videos/${videoId}/parts/${partNumber}/waveform`;
}

/** A recording's chat as a download: TwitchDownloader's JSON, or plain text. */
export function chatExportUrl(videoId: number, format: "json" | "txt"): string {
  return `/api/v1/videos/${videoId}/chat?format=${format}`;
}
