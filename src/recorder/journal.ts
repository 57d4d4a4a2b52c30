import type { PartStills } from "./part-finisher.ts";
import type { Gap, PartState, ResumeState } from "./resume-state.ts";

/** Where a running recording is, as its progress reports say (the dashboard names each). */
export const RECORDING_STAGES = ["waiting", "recording", "finishing", "rejoin-wait", "paused"] as const;

export interface RecordingProgress {
  stage: (typeof RECORDING_STAGES)[number];
  /** Why the recording is paused (e.g. the disk is under its free-space floor), in words for the user. */
  reason: string | null;
  bytes: number;
  segments: number;
  gaps: number;
  adSegments: number;
  mediaSeconds: number;
  /** Download speed over the last ten seconds. */
  bytesPerSecond: number;
  variant: string | null;
}

/**
 * Where a stretch of the broadcast went on the video's timeline: recorded from `atSeconds` on, or skipped
 * (an ad, a lost segment) at that point. Chat capture places each chat line with these.
 */
export interface SegmentPlacement {
  /** The segment's program date-time (epoch ms); when the playlist has none, when it was taken. */
  broadcastAtMs: number;
  /** Seconds of broadcast: what the video holds for a recorded segment, what was skipped otherwise. */
  seconds: number;
  /** Where it starts on the video's timeline (seconds from the start of part 1, parts end to end). */
  atSeconds: number;
  recorded: boolean;
  /** Why a stretch was not recorded: an ad, or what lost it (a gap's reason). */
  skipped?: "ad" | Gap["reason"];
}

/**
 * Why a part opened or closed, as a code with what its words name: the event log keeps it in `data` so the
 * dashboard says it in the reader's language; `partWhy` says it in English.
 */
export type PartCause =
  | { cause: "started" }
  | { cause: "new_session" }
  | { cause: "came_back" }
  | { cause: "rendition_changed"; from: string; to: string }
  | { cause: "split" }
  | { cause: "ended" }
  | { cause: "stalled"; stall_seconds: number }
  | { cause: "went_away" }
  | { cause: "cancelled" }
  | { cause: "failed"; error: string };

/** A part's cause in English, as the part that opened (the next part) or closed says it. */
export function partWhy(kind: "opened" | "closed", why: PartCause): string {
  switch (why.cause) {
    case "started":
      return "the recording started";
    case "new_session":
      return "a new playback session began";
    case "came_back":
      return "the broadcast came back within the rejoin window";
    case "rendition_changed":
      return kind === "opened"
        ? `the rendition changed from ${why.from} to ${why.to}`
        : `the rendition changed to ${why.to}`;
    case "split":
      return kind === "opened"
        ? "the previous part reached its size or length limit"
        : "it reached its size or length limit";
    case "ended":
      return "the broadcast ended";
    case "stalled":
      return `no progress for ${why.stall_seconds} s`;
    case "went_away":
      return "the stream went away (offline, or no new segments)";
    case "cancelled":
      return "the recording was cancelled";
    case "failed":
      return `the recording failed: ${why.error}`;
  }
}

/** A part opened or closed, and why, in words for the user (the event log says it; nothing is stored). */
export interface PartNote {
  kind: "opened" | "closed";
  index: number;
  /** The rendition, e.g. `1080p60`. */
  variant: string;
  /** Why, as a code (`partWhy` says it in English). */
  cause: PartCause;
  duration_seconds: number;
  size_bytes: number;
}

/** How a recording reports to the rest of replayd (the recorder service writes it to the database). */
export interface RecordingJournal {
  checkpoint(state: ResumeState): Promise<void>;
  /** A new part, with the state that lists it (stored together: a crash cannot separate them). */
  partOpened(part: PartState, state: ResumeState): Promise<void>;
  /** A part that got no media was removed, with the state that no longer lists it. */
  partDropped(part: PartState, state: ResumeState): Promise<void>;
  /** The part is stored and playable. */
  partFinished(part: PartState): Promise<void>;
  /** Its thumbnail and strip, made right after. */
  partStills(part: PartState, stills: PartStills): Promise<void>;
  /** A live snapshot was stored (index 0 is the first picture the video gets). */
  snapshot(key: string, index: number): Promise<void>;
  progress(progress: RecordingProgress): void;
  /** Each segment as it is recorded or skipped (not stored: the chat capture follows it live). */
  placed(placement: SegmentPlacement): void;
  /** A part opened or closed (not stored: the event log says it). */
  partNote?(note: PartNote): void;
}
