import type { EndSettings, LiveSession, SessionEnd } from "../session.ts";

/**
 * What an ended broadcast still serves, from its end settings and the simulated time: Twitch's usher and
 * CDN keep answering for a while after the end (a cached master, a stale or ENDLIST playlist) before the
 * playlist turns into a 404. Pure.
 */

/**
 * How a session ends: the values given at /offline, else the earlier ones (the go-live defaults, or the
 * ended session's own settings when /offline comes again), else today's behaviour (ENDLIST kept forever).
 */
export function resolveEnd(at: number, defaults: EndSettings = {}, given: EndSettings = {}): SessionEnd {
  const pick = <K extends keyof EndSettings>(key: K) =>
    given[key] !== undefined ? given[key] : defaults[key];
  return {
    at,
    mode: pick("end") ?? "endlist",
    playlist_keep_seconds: pick("playlist_keep_seconds") ?? null,
    master_cache_seconds: pick("master_cache_seconds") ?? 0,
  };
}

/** The settings an ended session was given, to resolve a later /offline over. */
export function endSettingsOf(end: SessionEnd): EndSettings {
  return {
    end: end.mode,
    playlist_keep_seconds: end.playlist_keep_seconds,
    master_cache_seconds: end.master_cache_seconds,
  };
}

/** How a media playlist reload answers: the live window, the last window (with or without ENDLIST), or an error. */
export type PlaylistAnswer = "live" | "endlist" | "frozen" | "404" | "403";

export function playlistAnswer(session: LiveSession, nowMs: number): PlaylistAnswer {
  const end = session.ended;
  if (!end) return "live";
  if (end.mode === "404" || end.mode === "403") return end.mode;
  if (end.playlist_keep_seconds !== null && nowMs >= end.at + end.playlist_keep_seconds * 1000) return "404";
  return end.mode;
}

/** Whether usher still answers the ended session's master, as a cached copy. */
export function masterCached(session: LiveSession, nowMs: number): boolean {
  const end = session.ended;
  return end !== null && nowMs < end.at + end.master_cache_seconds * 1000;
}

/**
 * The simulated time a frozen playlist's text is dated: the end, or the playback session's start when a
 * cached master made it after the end. Fixed, so every reload of the URL answers the same bytes.
 */
export function frozenAt(session: LiveSession, playbackStartedAtMs: number): number {
  return Math.max(session.ended?.at ?? playbackStartedAtMs, playbackStartedAtMs);
}
