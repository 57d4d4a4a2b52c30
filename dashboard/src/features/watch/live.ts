// Watch-while-recording: which player a video gets, where a live visit starts, the live timeline and its
// edge. Pure, so the rules are tested without a browser.
import type { PlaybackTimeline } from "./playback";

export type VideoStatus = "PENDING" | "RUNNING" | "DONE" | "FAILED";

export interface WatchableVideo {
  status: VideoStatus;
  deleted_at: string | null;
  completion_kind: "complete" | "partial" | "cancelled";
  parts: readonly { part_index: number; duration_seconds: number; finalized_at: string | null }[];
}

/**
 * `hls`: the video's playlist (one timeline over every part, growing while it records); `parts`: the
 * finished part files one after another (or the playback file); `none`: nothing to play.
 */
export type PlayerMode = "hls" | "parts" | "none";

export function isRecording(status: VideoStatus): boolean {
  return status === "PENDING" || status === "RUNNING";
}

/**
 * A recording that is still being written plays from its playlist; once it is on the playlist, a visit stays
 * there when the video finishes (the playlist ends, playback goes on) rather than jumping to the files.
 */
export function playerMode(video: WatchableVideo, previous: PlayerMode | null = null): PlayerMode {
  if (video.deleted_at) return "none";
  if (previous === "hls") return "hls";
  if (isRecording(video.status)) return video.parts.length > 0 ? "hls" : "none";
  return video.parts.some((p) => p.finalized_at !== null) ? "parts" : "none";
}

export type WatchNotice = "removed" | "failed" | "cancelled" | "notReady" | null;

/** What the page says about the video, above the player (or instead of it, when there is nothing to play). */
export function watchNotice(video: WatchableVideo, mode: PlayerMode): WatchNotice {
  if (video.deleted_at) return "removed";
  // A recording stopped by hand ends DONE with kind "cancelled" (what it had is kept): say so.
  if (!isRecording(video.status) && video.completion_kind === "cancelled") return "cancelled";
  if (video.status === "FAILED") return "failed";
  return mode === "none" ? "notReady" : null;
}

/**
 * Where a visit to a recording in progress starts: a deep link (`?t=`) wins, then a saved position worth
 * resuming (past the first 5 s, not finished); otherwise the live edge.
 */
export function liveStart(opts: {
  deepLink: number | undefined;
  saved: number | null | undefined;
  completed: boolean;
}): number | "live" {
  if (opts.deepLink !== undefined) return Math.max(0, opts.deepLink);
  if (!opts.completed && opts.saved && opts.saved > 5) return opts.saved;
  return "live";
}

/**
 * The live timeline: finished parts end to end at their recorded durations, the part being written from
 * there to `total` (what the player can seek to now), so part boundaries and markers line up with the HLS
 * timeline, which lays the parts end to end too.
 */
export function liveTimeline(parts: WatchableVideo["parts"], total: number): PlaybackTimeline {
  const sorted = [...parts].sort((a, b) => a.part_index - b.part_index);
  const spans: PlaybackTimeline["spans"] = [];
  let cursor = 0;
  for (const [i, part] of sorted.entries()) {
    const open = part.finalized_at === null || i === sorted.length - 1;
    const end = open ? Math.max(cursor, total) : cursor + Math.max(0, part.duration_seconds);
    spans.push({ partNumber: part.part_index, start: cursor, end });
    cursor = end;
  }
  return { spans, total: Math.max(total, cursor) };
}

/** Seconds behind the live edge under which the player counts as "live" (a few fragments of slack). */
export const LIVE_TOLERANCE_SECONDS = 10;

/** The player is at (or near) the newest media: show "Live" rather than "Go to live". */
export function atLiveEdge(position: number, liveEdge: number | null): boolean {
  return liveEdge === null || liveEdge - position <= LIVE_TOLERANCE_SECONDS;
}

/** The end of what the player can seek to (the last of its seekable ranges), or 0. */
export function seekableEnd(ranges: { length: number; end(index: number): number }): number {
  return ranges.length > 0 ? ranges.end(ranges.length - 1) : 0;
}

/** A refetch interval for what changes while a video records (parts, status, markers): none once it ends. */
export function pollWhileRecording(status: VideoStatus | undefined, ms: number): number | false {
  return status !== undefined && isRecording(status) ? ms : false;
}
