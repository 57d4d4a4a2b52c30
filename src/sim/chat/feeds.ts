import type { Logger } from "../../log/logger.ts";
import { createRandom } from "../random.ts";
import type { Channel, SimState } from "../state.ts";
import { generateLine } from "./generator.ts";
import { DEFAULT_WEIGHTS, type KindWeights, pickKind } from "./kinds.ts";
import { ChatLedger } from "./ledger.ts";
import type { ChatOptions } from "./options.ts";
import { type ChatLine, ChatRoom } from "./room.ts";
import type { RoomLookup } from "./session.ts";

/** A channel's own chat settings (`POST /sim/channels/{login}/chat`). */
export interface FeedSettings {
  /** null: the simulator's default rate. */
  rate_per_second: number | null;
  /** null: the realistic mix. */
  weights: KindWeights | null;
  suspended: boolean;
}

interface Feed {
  channel: Channel;
  settings: FeedSettings;
  room: ChatRoom;
  ledger: ChatLedger;
  /** Simulated ms up to which chat was generated. */
  cursor: number;
  /** The fraction of a line owed from the last round. */
  owed: number;
}

/** At most this many lines per channel in one round (a test stepping its clock by hours). */
const MAX_LINES_PER_ROUND = 200_000;

/**
 * Chat for every live channel: at its rate (lines per simulated second), kinds drawn from its weights,
 * each round covering the simulated time since the last one, lines stamped evenly across it. Only live
 * channels talk (from the broadcast's start to its end); each line goes to the sockets joined to the
 * channel and into the channel's ledger.
 */
export class ChatFeeds {
  private readonly feeds = new Map<string, Feed>();
  private readonly startedAt: number;
  private timer: Timer | null = null;

  constructor(
    private readonly state: SimState,
    private readonly options: ChatOptions,
    private readonly deliver: (login: string, lines: readonly ChatLine[]) => number[],
    private readonly log: Logger,
  ) {
    this.startedAt = state.clock.now();
    this.schedule();
  }

  /** Changes a channel's settings, after sending what was due under the old ones. */
  configure(channel: Channel, change: Partial<FeedSettings>): Feed {
    this.round();
    const feed = this.feedOf(channel);
    const wasOn = this.rateOf(feed) > 0 && !feed.settings.suspended;
    feed.settings = { ...feed.settings, ...change };
    // Chat starts now: nothing is made up for the time it was off.
    if (!wasOn) feed.cursor = Math.max(feed.cursor, this.state.clock.now());
    this.schedule();
    return feed;
  }

  view(channel: Channel) {
    const feed = this.feeds.get(channel.user.id);
    return {
      login: channel.user.login,
      live: this.state.liveSession(channel) !== null,
      rate_per_second: feed ? this.rateOf(feed) : this.options.rate_per_second,
      default_rate: (feed?.settings.rate_per_second ?? null) === null,
      kinds: feed?.settings.weights ?? DEFAULT_WEIGHTS,
      suspended: feed?.settings.suspended ?? false,
      sent: feed?.ledger.size ?? 0,
    };
  }

  ledger(channel: Channel): ChatLedger {
    return this.feedOf(channel).ledger;
  }

  /** What a JOIN of `#login` finds. */
  room(login: string): RoomLookup {
    const channel = this.state.channelByLogin(login);
    if (!channel) return null;
    const feed = this.feedOf(channel);
    return feed.settings.suspended
      ? { suspended: true }
      : { suspended: false, roomstate: feed.room.roomstateTags() };
  }

  /** One round: every channel's chat up to now. */
  round(): void {
    const now = this.state.clock.now();
    for (const channel of this.state.channels.values()) {
      const existing = this.feeds.get(channel.user.id);
      const rate = existing ? this.rateOf(existing) : this.options.rate_per_second;
      const session = channel.session;
      if (rate <= 0 || existing?.settings.suspended || !session) continue;
      const feed = existing ?? this.feedOf(channel);
      const from = Math.max(feed.cursor, session.started_at);
      const to = Math.min(now, session.ended?.at ?? now);
      feed.cursor = Math.max(feed.cursor, to);
      if (to > from) this.send(feed, rate, from, to);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private send(feed: Feed, rate: number, from: number, to: number): void {
    const owed = feed.owed + ((to - from) * rate) / 1000;
    let count = Math.floor(owed);
    feed.owed = owed - count;
    if (count > MAX_LINES_PER_ROUND) {
      this.log.warn(
        { channel: feed.room.login, due: count },
        "chat: too many lines due in one round; sending fewer",
      );
      count = MAX_LINES_PER_ROUND;
    }
    const step = (to - from) / Math.max(1, count);
    const lines: ChatLine[] = [];
    let at = from;
    for (let i = 1; i <= count; i++) {
      // Evenly across the round, never before the previous line nor after its end.
      at = Math.min(to, Math.max(at, Math.round(from + i * step)));
      const kind = pickKind(feed.settings.weights ?? DEFAULT_WEIGHTS, feed.room.random.next());
      lines.push(generateLine(feed.room, kind, at));
    }
    const delivered = this.deliver(feed.room.login, lines);
    for (const [i, line] of lines.entries()) feed.ledger.record(line, delivered[i] ?? 0);
  }

  private rateOf(feed: Feed): number {
    return feed.settings.rate_per_second ?? this.options.rate_per_second;
  }

  private feedOf(channel: Channel): Feed {
    let feed = this.feeds.get(channel.user.id);
    if (!feed) {
      const random = createRandom(roomSeed(this.state.random.seed, channel.user.login));
      feed = {
        channel,
        settings: { rate_per_second: null, weights: null, suspended: false },
        room: new ChatRoom(channel.user.login, channel.user.id, channel.user.display_name, random),
        ledger: new ChatLedger(this.options.ledger_limit),
        cursor: this.startedAt,
        owed: 0,
      };
      this.feeds.set(channel.user.id, feed);
    }
    return feed;
  }

  /** Rounds run only while some channel may talk, so an idle simulator has no timer. */
  private schedule(): void {
    const needed =
      this.options.rate_per_second > 0 ||
      [...this.feeds.values()].some((feed) => this.rateOf(feed) > 0 && !feed.settings.suspended);
    if (needed && !this.timer) {
      this.timer = setInterval(() => {
        try {
          this.round();
        } catch (err) {
          this.log.error({ err }, "chat: a round failed");
        }
      }, this.options.tick_ms);
      // Chat alone must not keep a process (a test run) alive.
      this.timer.unref?.();
    } else if (!needed) this.stop();
  }
}

/** Each room's own seed (FNV-1a over the simulator's seed and the login): its chat does not depend on others'. */
function roomSeed(seed: number, login: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const c of `chat:${login}`) hash = Math.imul(hash ^ (c.codePointAt(0) ?? 0), 0x01000193);
  return hash >>> 0;
}
