import type { SimClock } from "./clock.ts";
import { defaultFaults, type Faults, type FaultsUpdate } from "./faults.ts";
import type { Random } from "./random.ts";

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
}

/** What Helix /channels shows, live or not; `channel.update` changes it. */
export interface ChannelInfo {
  title: string;
  category_id: string;
  category_name: string;
  tags: string[];
  language: string;
}

export type Codec = "h264" | "hevc" | "av1";
export type SegmentFormat = "ts" | "fmp4";
export type EndMode = "endlist" | "404" | "403";
/** Why usher refuses a live channel with 403: region lock, or subscribers only (a signed-in viewer counts as one). */
export type PlaybackRestriction = "geoblock" | "subscriber";
/** `session`: EXT-X-MEDIA-SEQUENCE restarts at 0 per playback session (as on Twitch); `live`: it equals the broadcast sequence. */
export type MediaSequenceMode = "session" | "live";

export interface AdBreak {
  /** Media sequence of the first ad segment. */
  start_sequence: number;
  /** How many segments the break lasts. */
  segments: number;
  roll: "preroll" | "midroll";
  /** Twitch's ids for the creative and the commercial, shown in DATERANGE attributes and titles. */
  creative_id: string;
  commercial_id: string;
  /** Simulated ms when the break was asked for. */
  requested_at: number;
}

export interface LiveSession {
  stream_id: string;
  /** Simulated epoch ms; segment n covers [started_at + n·d, started_at + (n+1)·d). */
  started_at: number;
  viewers: number;
  /** Rendition names, best first, e.g. ["1080p60", "720p60", "480p30", "360p30", "160p30", "audio_only"]. */
  ladder: string[];
  codec: Codec;
  format: SegmentFormat;
  segment_seconds: number;
  low_latency: boolean;
  ads: AdBreak[];
  /** Set when the stream ended: how playlists answer from then on. */
  ended: { at: number; mode: EndMode } | null;
  // Playback knobs: optional so sessions built elsewhere stay valid; the playback surfaces apply defaults.
  /** Source bitrate in kbit/s (default: the rendition's typical Twitch bitrate, 6000 for 1080p60). */
  bitrate_kbps?: number;
  /** Segments in a live media playlist's sliding window (default 15). */
  window_segments?: number;
  restriction?: PlaybackRestriction | null;
  media_sequence?: MediaSequenceMode;
}

export interface Channel {
  user: SimUser;
  info: ChannelInfo;
  /** The current live session, or the last one (with `ended` set), or null if never live. */
  session: LiveSession | null;
}

export interface Category {
  id: string;
  name: string;
  igdb_id: string;
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
}

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
  private readonly listeners = new Set<(event: SimEvent) => void>();
  private nextUserId = 100_001;

  constructor(
    readonly clock: SimClock,
    readonly random: Random,
  ) {}

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
    };
    this.users.set(user.id, user);
    this.channels.set(user.id, {
      user,
      info: { title: "", category_id: "", category_name: "", tags: [], language: "en" },
      session: null,
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

  goLive(login: string, options: LiveOptions = {}): LiveSession {
    const channel = this.requireChannel(login);
    if (this.liveSession(channel)) throw new SimError(409, `${login} is already live`);
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
    };
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

  goOffline(login: string, mode: EndMode = "endlist"): LiveSession {
    const channel = this.requireChannel(login);
    const session = this.liveSession(channel);
    if (!session) throw new SimError(409, `${login} is not live`);
    session.ended = { at: this.clock.now(), mode };
    this.emit({ type: "stream.offline", channel, session });
    return session;
  }

  /** The newest segment that has been produced (-1 before the first one is complete). */
  currentSequence(session: LiveSession): number {
    const end = session.ended?.at ?? this.clock.now();
    return Math.floor((end - session.started_at) / (session.segment_seconds * 1000)) - 1;
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

  private emit(event: SimEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
