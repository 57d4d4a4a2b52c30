import type { Random } from "../random.ts";
import { broadcasterChatter, type Chatter, chatterPool } from "./chatters.ts";
import type { PlacedEmote } from "./emotes.ts";
import { emotesTag } from "./emotes.ts";
import type { SimChatKind } from "./kinds.ts";

/** One line the simulated chat sends to a room, with what the ledger keeps of it. */
export interface ChatLine {
  kind: SimChatKind;
  /** The line's `id` tag; for lines without one (CLEARCHAT, CLEARMSG, ROOMSTATE) an id of the simulator's. */
  id: string;
  /** `tmi-sent-ts` (when the line has it), simulated epoch ms. */
  sent_at_ms: number;
  /** Who wrote it, or whom it is about (a timeout's target, a deleted message's author). */
  user_login: string | null;
  /** The viewer's text (empty for notices without one); for a ROOMSTATE, the change (`slow=30`). */
  text: string;
  /** The message a CLEARMSG deletes. */
  target_msg_id: string | null;
  tags: Record<string, string>;
  prefix: string;
  command: string;
  /** Middle parameters (the channel). */
  params: string[];
  /** The trailing parameter (text), sent after ` :` as Twitch always does; null for none. */
  trailing: string | null;
}

/** A message sent earlier, which replies, deletions and timeouts refer to. */
export interface RecentMessage {
  id: string;
  chatter: Chatter;
  text: string;
  /** The thread it belongs to (the first message of a reply chain). */
  thread: { id: string; login: string };
}

/** Twitch's room modes, as ROOMSTATE tags carry them. */
export interface RoomModes {
  "emote-only": number;
  /** Minutes a viewer must have followed; -1 is off. */
  "followers-only": number;
  r9k: number;
  /** Seconds between a viewer's messages; 0 is off. */
  slow: number;
  "subs-only": number;
}

const RECENT = 100;
const POOL_SIZE = 80;

/**
 * One channel's chat room: its viewers, its modes, what was said lately (for replies, deletions and
 * timeouts) and who is silenced. Everything random comes from the room's own seeded Random.
 */
export class ChatRoom {
  readonly chatters: Chatter[];
  readonly broadcaster: Chatter;
  readonly modes: RoomModes = { "emote-only": 0, "followers-only": -1, r9k: 0, slow: 0, "subs-only": 0 };
  readonly recent: RecentMessage[] = [];
  /** Viewers who have spoken here (their first message carries `first-msg=1`). */
  private readonly spoken = new Set<string>();
  /** Timed-out (until, ms) or banned (Infinity) viewers, who say nothing meanwhile. */
  private readonly silenced = new Map<string, number>();
  private lineCount = 0;

  constructor(
    readonly login: string,
    readonly room_id: string,
    display_name: string,
    readonly random: Random,
  ) {
    this.chatters = chatterPool(random, POOL_SIZE);
    this.broadcaster = broadcasterChatter(room_id, login, display_name);
  }

  get channel(): string {
    return `#${this.login}`;
  }

  /** An id for a line Twitch sends without one. */
  nextLocalId(kind: SimChatKind): string {
    return `sim-${kind}-${this.room_id}-${++this.lineCount}`;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.random.int(0, items.length - 1)] as T;
  }

  /** A viewer free to talk at `at` (now and then the broadcaster). */
  speaker(at: number): Chatter {
    if (this.random.chance(0.02)) return this.broadcaster;
    for (let tries = 0; tries < 8; tries++) {
      const chatter = this.pick(this.chatters);
      if ((this.silenced.get(chatter.login) ?? 0) <= at) return chatter;
    }
    return this.broadcaster;
  }

  /** A moderator (or the broadcaster) for announcements. */
  moderator(): Chatter {
    const mods = this.chatters.filter((c) => c.mod);
    return mods.length > 0 && this.random.chance(0.7) ? this.pick(mods) : this.broadcaster;
  }

  silence(login: string, until: number): void {
    this.silenced.set(login, until);
  }

  remember(message: RecentMessage): void {
    this.recent.push(message);
    if (this.recent.length > RECENT) this.recent.shift();
  }

  /** Takes a recent message out (a deletion), or null when nothing was said yet. */
  takeRecent(): RecentMessage | null {
    if (this.recent.length === 0) return null;
    const at = this.random.int(0, this.recent.length - 1);
    return this.recent.splice(at, 1)[0] ?? null;
  }

  /** `first-msg`: 1 the first time a viewer speaks in this room. */
  firstMessage(chatter: Chatter): string {
    if (this.spoken.has(chatter.login)) return "0";
    this.spoken.add(chatter.login);
    return "1";
  }

  /** The full ROOMSTATE a viewer gets on joining. */
  roomstateTags(): Record<string, string> {
    const modes = Object.fromEntries(Object.entries(this.modes).map(([k, v]) => [k, String(v)]));
    return sortTags({ ...modes, "room-id": this.room_id });
  }

  /** The tags every line from a viewer carries (PRIVMSG and USERNOTICE alike). */
  userTags(chatter: Chatter, at: number, id: string, emotes: readonly PlacedEmote[]): Record<string, string> {
    return {
      "badge-info": chatter.badge_info,
      badges: chatter.badges,
      color: chatter.color,
      "display-name": chatter.display_name,
      emotes: emotesTag(emotes),
      flags: "",
      id,
      mod: chatter.mod ? "1" : "0",
      "room-id": this.room_id,
      subscriber: chatter.subscriber ? "1" : "0",
      "tmi-sent-ts": String(at),
      turbo: chatter.turbo ? "1" : "0",
      "user-id": chatter.id,
      "user-type": chatter.mod ? "mod" : "",
      ...(chatter.vip ? { vip: "1" } : {}),
    };
  }
}

/** Twitch sends tags in alphabetical order. */
export function sortTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function userPrefix(login: string): string {
  return `${login}!${login}@${login}.tmi.twitch.tv`;
}
