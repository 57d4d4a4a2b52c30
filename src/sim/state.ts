import type { SimClock } from "./clock.ts";
import { defaultFaults, type Faults, type FaultsUpdate } from "./faults.ts";
import { endSettingsOf, resolveEnd } from "./hls/ending.ts";
import { newestAt } from "./hls/timeline.ts";
import type { Random } from "./random.ts";
import { type PendingReconnect, ReconnectSchedule } from "./reconnect.ts";
import type {
  AdBreak,
  Codec,
  EndMode,
  EndSettings,
  LiveSequenceMode,
  LiveSession,
  MediaSequenceMode,
  PlaybackRestriction,
  SegmentFormat,
} from "./session.ts";

export type {
  AdBreak,
  Codec,
  EndMode,
  EndSettings,
  LiveSequenceMode,
  LiveSession,
  MediaSequenceMode,
  PlaybackRestriction,
  SegmentFormat,
  SessionEnd,
} from "./session.ts";

/**
 * The simulator's world: users (every user is also a channel, as on Twitch), their live sessions,
 * categories and fault switches. Every surface (GQL, usher, media, Helix, OAuth, EventSub) reads from here,
 * and the control API changes it; changes that Twitch would announce are emitted as events, which the
 * EventSub side turns into signed webhooks.
 */

export interface SimUser {
  id: string;
  login: string;
  display_name: string;
  description: string;
  broadcaster_type: "partner" | "affiliate" | "";
  email: string;
  created_at: string;
  follows: { broadcaster_id: string; followed_at: string }[];
  /** Twitch Turbo: no ads anywhere for this viewer's playback tokens (entitlements.ts). */
  turbo: boolean;
  /** Broadcaster ids this viewer subscribes to: sub-only playback, and no ads there. */
  subscriptions: string[];
}

/** What Helix /channels shows, live or not; `channel.update` changes it. */
export interface ChannelInfo {
  title: string;
  category_id: string;
  category_name: string;
  tags: string[];
  language: string;
}

export interface Channel {
  user: SimUser;
  info: ChannelInfo;
  /** The current live session, or the last one (with `ended` set), or null if never live. */
  session: LiveSession | null;
  /** The broadcast before the current one (ended), which a lagging usher cache may still hand out. */
  previous?: LiveSession | null;
  /** Subscriber-only: usher refuses playback tokens of viewers who do not subscribe (entitlements.ts). */
  sub_only: boolean;
}

export interface Category {
  id: string;
  name: string;
  igdb_id: string;
  /** What IGDB says of its game, when a test chose it (POST /sim/categories); else the simulator's own. */
  game?: GameDetails;
}

/** A game as a category added through the control API describes it. */
export interface GameDetails {
  summary: string | null;
  genres: string[];
  release_year: number | null;
}

export interface LiveOptions {
  title?: string;
  category_id?: string;
  category_name?: string;
  tags?: string[];
  viewers?: number;
  ladder?: string[];
  codec?: Codec;
  format?: SegmentFormat;
  segment_seconds?: number;
  low_latency?: boolean;
  bitrate_kbps?: number;
  window_segments?: number;
  restriction?: PlaybackRestriction | null;
  media_sequence?: MediaSequenceMode;
  live_sequence?: LiveSequenceMode;
  end?: EndMode;
  playlist_keep_seconds?: number | null;
  master_cache_seconds?: number;
  /**
   * Simulated seconds after this go-live during which usher still answers with the previous broadcast's
   * master (a cache not caught up yet): a recorder asked to record this broadcast gets the ended one.
   */
  master_lag_seconds?: number;
}

/** /offline: how the stream ends, and optionally a new broadcast after a quick reconnect. */
export interface OfflineOptions extends EndSettings {
  /** Simulated seconds until the channel goes live again as a new broadcast with the same options. */
  reconnect_after_seconds?: number;
}

/** Channel info fields of LiveOptions: a reconnect keeps the channel's current info rather than these. */
const INFO_KEYS = ["title", "category_id", "category_name", "tags"] as const;

export type SimEvent =
  | { type: "stream.online"; channel: Channel; session: LiveSession }
  | { type: "stream.offline"; channel: Channel; session: LiveSession }
  | { type: "channel.update"; channel: Channel };

export const DEFAULT_LADDER = ["1080p60", "720p60", "480p30", "360p30", "160p30", "audio_only"];
/** HEVC/AV1 ("enhanced broadcasting") channels add a rung above 1080p. */
export const ENHANCED_LADDER = ["1440p60", ...DEFAULT_LADDER];

export class SimError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export class SimState {
  readonly users = new Map<string, SimUser>();
  readonly channels = new Map<string, Channel>();
  readonly categories = new Map<string, Category>();
  faults: Faults = defaultFaults();
  /** Quick reconnects waiting to start a new broadcast, by channel id. */
  readonly reconnects: ReconnectSchedule;
  private readonly listeners = new Set<(event: SimEvent) => void>();
  /** What each session went live with, so a reconnect can go live the same way. */
  private readonly liveOptions = new WeakMap<LiveSession, LiveOptions>();
  private nextUserId = 100_001;

  constructor(
    readonly clock: SimClock,
    readonly random: Random,
  ) {
    this.reconnects = new ReconnectSchedule(clock, (due) => this.reconnectNow(due));
  }

  /** Subscribes to announced changes; returns the unsubscribe function. */
  onEvent(listener: (event: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  addCategory(category: Category): Category {
    this.categories.set(category.id, category);
    return category;
  }

  createUser(input: {
    login: string;
    display_name?: string;
    follows?: string[];
    description?: string;
  }): SimUser {
    const login = input.login.toLowerCase();
    if (!/^[a-z0-9_]{3,25}$/.test(login)) {
      throw new SimError(400, "login must be 3-25 characters: letters, digits, underscore");
    }
    if (this.userByLogin(login)) throw new SimError(409, `user ${login} exists`);
    const now = new Date(this.clock.now()).toISOString();
    const user: SimUser = {
      id: String(this.nextUserId++),
      login,
      display_name: input.display_name ?? login,
      description: input.description ?? "",
      broadcaster_type: "",
      email: `${login}@users.sim.invalid`,
      created_at: now,
      follows: [],
      turbo: false,
      subscriptions: [],
    };
    this.users.set(user.id, user);
    this.channels.set(user.id, {
      user,
      info: { title: "", category_id: "", category_name: "", tags: [], language: "en" },
      session: null,
      sub_only: false,
    });
    for (const followed of input.follows ?? []) this.follow(user.login, followed);
    return user;
  }

  follow(login: string, broadcasterLogin: string): void {
    const user = this.requireUser(login);
    const broadcaster = this.requireUser(broadcasterLogin);
    if (user.follows.some((f) => f.broadcaster_id === broadcaster.id)) return;
    user.follows.push({
      broadcaster_id: broadcaster.id,
      followed_at: new Date(this.clock.now()).toISOString(),
    });
  }

  userByLogin(login: string): SimUser | undefined {
    const wanted = login.toLowerCase();
    for (const user of this.users.values()) if (user.login === wanted) return user;
    return undefined;
  }

  requireUser(login: string): SimUser {
    const user = this.userByLogin(login);
    if (!user) throw new SimError(404, `no user ${login}`);
    return user;
  }

  channelByLogin(login: string): Channel | undefined {
    const user = this.userByLogin(login);
    return user ? this.channels.get(user.id) : undefined;
  }

  requireChannel(login: string): Channel {
    const channel = this.channelByLogin(login);
    if (!channel) throw new SimError(404, `no channel ${login}`);
    return channel;
  }

  /** The session if the channel is live now (started and not ended). */
  liveSession(channel: Channel): LiveSession | null {
    return channel.session && !channel.session.ended ? channel.session : null;
  }

  /** Goes live as a new broadcast; a pending reconnect of the channel is dropped (this go-live replaces it). */
  goLive(login: string, options: LiveOptions = {}): LiveSession {
    const channel = this.requireChannel(login);
    if (this.liveSession(channel)) throw new SimError(409, `${login} is already live`);
    this.reconnects.cancel(channel.user.id);
    this.applyInfo(channel, options);
    const session: LiveSession = {
      stream_id: String(this.random.int(40_000_000_000, 49_999_999_999)),
      started_at: this.clock.now(),
      viewers: options.viewers ?? this.random.int(5, 5000),
      ladder: options.ladder?.length
        ? options.ladder
        : options.codec && options.codec !== "h264"
          ? ENHANCED_LADDER
          : DEFAULT_LADDER,
      codec: options.codec ?? "h264",
      format: options.format ?? (options.codec && options.codec !== "h264" ? "fmp4" : "ts"),
      segment_seconds: options.segment_seconds ?? 2,
      low_latency: options.low_latency ?? false,
      ads: [],
      ended: null,
      bitrate_kbps: options.bitrate_kbps,
      window_segments: options.window_segments,
      restriction: options.restriction ?? null,
      media_sequence: options.media_sequence,
      live_sequence: options.live_sequence ?? "all",
      master_lag_seconds: options.master_lag_seconds ?? 0,
      end_defaults: {
        end: options.end ?? "endlist",
        playlist_keep_seconds: options.playlist_keep_seconds ?? null,
        master_cache_seconds: options.master_cache_seconds ?? 0,
      },
    };
    this.liveOptions.set(session, options);
    channel.previous = channel.session;
    channel.session = session;
    this.emit({ type: "stream.online", channel, session });
    return session;
  }

  updateInfo(
    login: string,
    info: Partial<Pick<ChannelInfo, "title" | "category_id" | "category_name" | "tags">>,
  ): Channel {
    const channel = this.requireChannel(login);
    this.applyInfo(channel, info);
    this.emit({ type: "channel.update", channel });
    return channel;
  }

  /** Schedules a stitched ad break starting at the next segment (a preroll when the stream just began). */
  startAd(login: string, seconds: number, roll?: "preroll" | "midroll"): AdBreak {
    const channel = this.requireChannel(login);
    const session = this.liveSession(channel);
    if (!session) throw new SimError(409, `${login} is not live`);
    const next = this.currentSequence(session) + 1;
    const ad: AdBreak = {
      start_sequence: next,
      segments: Math.max(1, Math.ceil(seconds / session.segment_seconds)),
      roll: roll ?? (next <= 1 ? "preroll" : "midroll"),
      creative_id: String(this.random.int(1_000_000_000_000, 9_999_999_999_999)),
      commercial_id: this.random.uuid(),
      requested_at: this.clock.now(),
    };
    session.ads.push(ad);
    return ad;
  }

  /**
   * Ends the broadcast (announced as stream.offline), with `reconnect_after_seconds` a new one follows.
   * On a channel that already ended and waits for a reconnect, the reconnect is dropped (or re-timed from
   * now when `reconnect_after_seconds` is given) and the end settings given apply to the ended session.
   */
  goOffline(login: string, options: OfflineOptions = {}): LiveSession {
    const channel = this.requireChannel(login);
    const live = this.liveSession(channel);
    const waiting = !live && this.reconnects.cancel(channel.user.id);
    const session = live ?? (waiting ? channel.session : null);
    if (!session) throw new SimError(409, `${login} is not live`);
    const at = session.ended?.at ?? this.clock.now();
    const defaults = session.ended ? endSettingsOf(session.ended) : session.end_defaults;
    session.ended = resolveEnd(at, defaults, options);
    if (live) this.emit({ type: "stream.offline", channel, session });
    const after = options.reconnect_after_seconds;
    if (after !== undefined) {
      const from = live ? at : this.clock.now();
      this.reconnects.schedule({
        channel_id: channel.user.id,
        login: channel.user.login,
        at: from + after * 1000,
        after_seconds: after,
      });
    }
    return session;
  }

  /** Stops background work (pending reconnects): the simulator is shutting down. */
  close(): void {
    this.reconnects.cancelAll();
  }

  /** The newest segment that has been produced (-1 before the first one is complete). */
  currentSequence(session: LiveSession): number {
    return newestAt(session, session.ended?.at ?? this.clock.now());
  }

  setFaults(update: FaultsUpdate): Faults {
    this.faults = { ...this.faults, ...update };
    return this.faults;
  }

  private applyInfo(channel: Channel, info: Partial<ChannelInfo>): void {
    if (info.category_id && !info.category_name) {
      info.category_name = this.categories.get(info.category_id)?.name ?? channel.info.category_name;
    }
    for (const key of ["title", "category_id", "category_name", "language"] as const) {
      const value = info[key];
      if (value !== undefined) channel.info[key] = value;
    }
    if (info.tags) channel.info.tags = [...info.tags];
  }

  /** A quick reconnect is due: a new broadcast (new stream id, sequences from 0) with the same options. */
  private reconnectNow(due: PendingReconnect): void {
    const channel = this.channels.get(due.channel_id);
    const ended = channel?.session;
    if (!channel || !ended?.ended) return;
    const options = { ...this.liveOptions.get(ended) };
    for (const key of INFO_KEYS) delete options[key];
    this.goLive(channel.user.login, options);
  }

  private emit(event: SimEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
