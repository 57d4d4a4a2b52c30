import type { ResumeState } from "./resume-state.ts";
import type { RecorderSettings } from "./settings.ts";

/**
 * What a recording does while the channel has no (new) live playback: before anything was recorded it
 * waits for the stream to appear (Twitch's events run ahead of the video), after an end it waits out the
 * rejoin window for a comeback. Pure: the recording calls these with the time and its state.
 */

export interface AwayInput {
  state: Pick<ResumeState, "parts" | "ended_at">;
  settings: Pick<RecorderSettings, "maxRestartGapSeconds" | "startTimeoutSeconds" | "rejoinPollSeconds">;
  now: number;
  /** When the recording started. */
  startedAt: number;
  /** When it last recorded something: the end of a broadcast whose end was not seen. */
  lastProgressAt: number;
  /** Live detection says the channel is offline. */
  offline: boolean;
}

export type AwayVerdict =
  /** Keep waiting; `endedAt` is when the broadcast ended (null while the recording has not begun). */
  | { kind: "wait"; endedAt: number | null }
  /** The stream never appeared. */
  | { kind: "never-live" }
  /** The rejoin window closed: the recording is finished. */
  | { kind: "done"; endedAt: number };

export function awayVerdict(input: AwayInput): AwayVerdict {
  const { state, settings, now } = input;
  if (state.parts.length === 0 && state.ended_at === null) {
    // Told the channel went offline before anything could be recorded: a short grace, not the full wait.
    const limit = input.offline ? Math.min(settings.startTimeoutSeconds, 10) : settings.startTimeoutSeconds;
    return now - input.startedAt > limit * 1000 ? { kind: "never-live" } : { kind: "wait", endedAt: null };
  }
  const endedAt = state.ended_at ?? input.lastProgressAt;
  return rejoinOver(endedAt, settings, now) ? { kind: "done", endedAt } : { kind: "wait", endedAt };
}

/** The broadcast ended at `endedAt` and the rejoin window has closed. */
export function rejoinOver(
  endedAt: number | null,
  settings: Pick<RecorderSettings, "maxRestartGapSeconds">,
  now: number,
): boolean {
  return endedAt !== null && now - endedAt >= settings.maxRestartGapSeconds * 1000;
}

/**
 * How long to wait before asking Twitch again. A stream about to start (announced, its playlist not there
 * yet) is asked for often at first, doubling from `previousMs`, so the recording begins with its first
 * segment; later calmly (`rejoinPollSeconds`), and never past the end of the rejoin window.
 */
export function nextCheckMs(
  input: Pick<AwayInput, "state" | "settings" | "now">,
  previousMs: number,
): number {
  const { state, settings, now } = input;
  const calm = settings.rejoinPollSeconds * 1000;
  if (state.parts.length === 0 && state.ended_at === null)
    return Math.max(10, Math.min(previousMs * 2, calm));
  if (state.ended_at === null) return calm;
  const untilDeadline = state.ended_at + settings.maxRestartGapSeconds * 1000 - now + 10;
  return Math.max(10, Math.min(calm, untilDeadline));
}
