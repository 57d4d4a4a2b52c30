import type { Clock } from "../lib/clock.ts";
import type { Logger } from "../log/logger.ts";
import type { PlaybackSession } from "./playback-session.ts";
import { PlaylistPoller } from "./playlist-poller.ts";
import { frontierOf, type ResumeState } from "./resume-state.ts";

/**
 * What a new playback session leads to, asked in one load of its playlist before the recording follows
 * it: Twitch's edge keeps serving an ended broadcast (ENDLIST, or frozen) for a while, and usher's cache
 * can still hand out the previous broadcast.
 */
export interface SessionCheck {
  session: PlaybackSession;
  state: ResumeState;
  fetch?: typeof fetch;
  clock: Clock;
}

/**
 * After an end, a playback session is a comeback only if its playlist brings a segment the recording
 * does not have (the ended window served again, frozen or cached, is not).
 */
export function comesBack({ session, state, fetch, clock }: SessionCheck): Promise<boolean> {
  const poller = new PlaylistPoller({
    url: () => session.playlistUrl,
    frontier: frontierOf(state),
    broadcastId: session.broadcastId,
    fetch,
    clock,
    onSegments: () => {},
  });
  return poller.hasNew();
}

/**
 * Before anything is recorded: usher's cache can still hand out the broadcast before the one this
 * recording was started for (`expected`), its playlist ended. That is not this recording's to keep: it
 * waits for the new one. (A different id with a live playlist is recorded: ids are a hint, an ended
 * playlist is proof.)
 */
export async function previousBroadcast(
  check: SessionCheck & { expected: string | null | undefined; log: Pick<Logger, "info"> },
): Promise<boolean> {
  const { session, state, expected } = check;
  if (!expected || !session.broadcastId || session.broadcastId === expected) return false;
  if (state.parts.length > 0 || state.frontier !== null) return false;
  const poller = new PlaylistPoller({
    url: () => session.playlistUrl,
    frontier: null,
    fetch: check.fetch,
    clock: check.clock,
    onSegments: () => {},
  });
  const ended = (await poller.loadOnce())?.endList === true;
  if (ended)
    check.log.info(
      { served: session.broadcastId, expected },
      "usher still serves the previous broadcast, which has ended: waiting for this one",
    );
  return ended;
}
