// The playback cache's single file of a multi-part recording, as the watch page shows it: whether there is
// one to play, one being made (and how far), why there cannot be one, and whether to offer building it.
// Pure, so the rules are tested without a browser.

export interface PlaybackArtifact {
  status: "building" | "ready" | "failed" | "unavailable";
  error: string | null;
  /** 0–1 while building; null while waiting for another build. */
  progress: number | null;
}

export interface CacheableVideo {
  status: "PENDING" | "RUNNING" | "DONE" | "FAILED";
  deleted_at: string | null;
  parts: readonly { finalized_at: string | null }[];
  playback_artifact: PlaybackArtifact | null;
}

export type PlaybackFileState =
  /** Nothing to say: a single-part or unfinished recording, or no file asked for yet. */
  | { kind: "none" }
  | { kind: "waiting" }
  | { kind: "building"; percent: number }
  | { kind: "ready" }
  /** Cannot be made (`unavailable`) or could not this time (`failed`): the parts play instead. */
  | { kind: "unavailable" | "failed"; reason: string | null };

/** Whether a recording is one the cache could join: finished, not removed, in two or more parts. */
export function joinable(video: CacheableVideo): boolean {
  return video.status === "DONE" && video.deleted_at === null && video.parts.length >= 2;
}

export function playbackFileState(video: CacheableVideo): PlaybackFileState {
  const artifact = video.playback_artifact;
  if (!joinable(video) || !artifact) return { kind: "none" };
  switch (artifact.status) {
    case "ready":
      return { kind: "ready" };
    case "building":
      return artifact.progress === null
        ? { kind: "waiting" }
        : { kind: "building", percent: Math.floor(Math.min(1, Math.max(0, artifact.progress)) * 100) };
    default:
      return { kind: artifact.status, reason: artifact.error };
  }
}

/** "Build single file" is offered for a joinable recording with no file made or being made. */
export function canOfferBuild(video: CacheableVideo): boolean {
  const status = video.playback_artifact?.status;
  return joinable(video) && status !== "ready" && status !== "building";
}

/** Refreshes of a visit during which a first play may start a build the page has not heard of yet. */
export const FIRST_PLAY_POLLS = 5;

/**
 * How often the watch page refreshes the video for its single file: while it is being made; and, when
 * none was asked for yet, for the first few refreshes of the visit (playing the parts may start a build).
 */
export function pollForPlaybackFile(
  video: CacheableVideo | undefined,
  refreshes: number,
  ms: number,
): number | false {
  if (video === undefined || !joinable(video)) return false;
  const status = video.playback_artifact?.status;
  if (status === "building") return ms;
  return status === undefined && refreshes < FIRST_PLAY_POLLS ? ms : false;
}
