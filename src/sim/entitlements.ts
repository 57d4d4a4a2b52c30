import type { Channel, LiveSession, SimState, SimUser } from "./state.ts";

/**
 * What a viewer's account changes about playback: Twitch Turbo (no ads anywhere), a subscription to a
 * channel (its sub-only streams, and no ads there, a sub benefit), and a channel's subscriber-only switch.
 * GQL writes these into the playback token; usher and the media playlists read them back from it.
 */

export interface Entitlements {
  /** The viewer subscribes to the channel. */
  subscriber: boolean;
  turbo: boolean;
  /** No stitched ads in this viewer's playlists (Turbo, or a subscriber of the channel). */
  adFree: boolean;
}

const ANONYMOUS: Entitlements = { subscriber: false, turbo: false, adFree: false };

/** What `viewer` (null: anonymous) is entitled to on `channel`. Pure. */
export function entitlementsOf(viewer: SimUser | null, channel: Channel): Entitlements {
  if (!viewer) return ANONYMOUS;
  const subscriber = viewer.subscriptions.includes(channel.user.id);
  return { subscriber, turbo: viewer.turbo, adFree: viewer.turbo || subscriber };
}

/** Whether usher asks for a subscription: the channel's switch, or the session went live restricted. */
export function subOnly(channel: Channel, session: LiveSession | null): boolean {
  return channel.sub_only || session?.restriction === "subscriber";
}

/** Turns Turbo on or off for a user. */
export function setTurbo(state: SimState, login: string, turbo: boolean): SimUser {
  const user = state.requireUser(login);
  user.turbo = turbo;
  return user;
}

/** Subscribes `login` to `channelLogin` (or ends the subscription). */
export function setSubscribed(
  state: SimState,
  login: string,
  channelLogin: string,
  subscribed: boolean,
): SimUser {
  const user = state.requireUser(login);
  const channel = state.requireChannel(channelLogin);
  const others = user.subscriptions.filter((id) => id !== channel.user.id);
  user.subscriptions = subscribed ? [...others, channel.user.id] : others;
  return user;
}

/** Makes a channel subscriber-only (or open to everyone again); applies to every broadcast from now. */
export function setSubOnly(state: SimState, login: string, on: boolean): Channel {
  const channel = state.requireChannel(login);
  channel.sub_only = on;
  return channel;
}
