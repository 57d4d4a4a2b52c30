/**
 * Who streams when in `replayd demo`, and what a new user sees from it: every kind of recording (a video
 * that finishes, one that rejoins after a short break, audio only, an ad break), and a finished, playable
 * recording within the first few minutes with the default settings.
 */
export interface ProgrammeSlot {
  login: string;
  /** Seconds after the demo starts that the channel first goes live (staggered, so states differ). */
  startAfter: number;
  liveSeconds: number;
  offlineSeconds: number;
  /** A 30-s midroll this many seconds into each broadcast. */
  adAfter?: number;
}

export const PROGRAMME: readonly ProgrammeSlot[] = [
  // Away longer than the rejoin window (120 s by default): each broadcast is a video that finishes.
  { login: "kitchen_lab", startAfter: 0, liveSeconds: 75, offlineSeconds: 150 },
  // Back within the window: the next broadcast continues the same video as its second part.
  { login: "speedrun_sam", startAfter: 20, liveSeconds: 120, offlineSeconds: 60, adAfter: 40 },
  { login: "night_owl_music", startAfter: 40, liveSeconds: 180, offlineSeconds: 30 },
];

/**
 * When the first recording of the programme is finished, in seconds after the demo starts: the end of the
 * first broadcast of a channel that stays away longer than the rejoin window, plus that window.
 */
export function firstFinishedAfter(programme: readonly ProgrammeSlot[], rejoinSeconds: number): number {
  const ends = programme
    .filter((slot) => slot.offlineSeconds > rejoinSeconds)
    .map((slot) => slot.startAfter + slot.liveSeconds + rejoinSeconds);
  return ends.length ? Math.min(...ends) : Number.POSITIVE_INFINITY;
}
