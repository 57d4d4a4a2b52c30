import { InvalidInputError } from "../../domain/errors.ts";
import { type Clock, systemClock } from "../../lib/clock.ts";
import type { Logger } from "../../log/logger.ts";
import { NO_TIMER, newSession, type Session } from "./chat-session.ts";
import { CopyFilter } from "./copy-filter.ts";
import { IrcLine } from "./line.ts";
import { splitFrame } from "./message.ts";
import {
  type BackoffPolicy,
  CHAT_BACKOFF,
  JoinLimiter,
  type JoinRateLimit,
  joinLines,
  ReconnectBackoff,
  TWITCH_JOIN_LIMIT,
} from "./pacing.ts";

/** Why channels stopped being read: Twitch asked us to move (RECONNECT), or the socket was lost. */
export type ChatDownReason = "reconnect" | "disconnected";

export interface ChatConnectionEvents {
  /** A line of a joined channel: PRIVMSG, USERNOTICE, CLEARCHAT, CLEARMSG, ROOMSTATE or NOTICE. */
  onMessage(login: string, line: IrcLine, received_at_ms: number): void;
  /** These channels stopped being read at `at_ms` (for a silent socket: when it was last heard). */
  onDown(logins: string[], reason: ChatDownReason, at_ms: number): void;
  /** These channels are read from `at_ms` on: joined for the first time, or again after `onDown`. */
  onUp(logins: string[], at_ms: number): void;
}

export interface ChatConnectionOptions {
  /** `wss://irc-ws.chat.twitch.tv:443`, or the simulator's. */
  url: string;
  log: Logger;
  events: ChatConnectionEvents;
  clock?: Clock;
  random?: () => number;
  joinLimit?: JoinRateLimit;
  backoff?: BackoffPolicy;
  /** Silence after which we PING (Twitch PINGs about every 5 minutes itself). */
  idleMs?: number;
  /** No sign of life this long after our PING: the socket is dead. */
  pongTimeoutMs?: number;
  /** From opening the socket to Twitch's welcome (`001`). */
  connectTimeoutMs?: number;
  /** After a RECONNECT, the old socket stays this long once every channel reads on the new one. */
  handoffGraceMs?: number;
}

const CHANNEL_COMMANDS = new Set(["PRIVMSG", "USERNOTICE", "CLEARCHAT", "CLEARMSG", "ROOMSTATE", "NOTICE"]);
const LOGIN = /^[a-z0-9_]{1,25}$/;

/**
 * One WebSocket to Twitch chat carrying many channels, read anonymously (`justinfan`). It answers PINGs,
 * PINGs a silent server and drops a socket that does not answer; on RECONNECT it opens a new socket, joins
 * everything there and only then closes the old one (the two overlap: copies are dropped, so no gap and no
 * duplicate); a lost socket is reopened after a backoff with jitter and every channel joined again. Each
 * outage is reported per channel (`onDown`, then `onUp`) so the caller can record it as a chat gap.
 * Nothing throws out of it: socket and handler errors are logged, and a broken socket is replaced.
 */
export class ChatConnection {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly events: ChatConnectionEvents;
  private readonly random: () => number;
  private readonly limiter: JoinLimiter;
  private readonly backoff: ReconnectBackoff;
  private readonly limits: Required<
    Pick<ChatConnectionOptions, "idleMs" | "pongTimeoutMs" | "connectTimeoutMs" | "handoffGraceMs">
  >;
  private readonly desired = new Set<string>();
  /** The session each channel is read from: a channel is "up" while it has one. */
  private readonly upOn = new Map<string, Session>();
  private current: Session | null = null;
  /** The socket a RECONNECT told us to leave, still read until the new one carries every channel. */
  private retiring: Session | null = null;
  private cancelReconnect: (() => void) | null = null;
  private cancelJoin: (() => void) | null = null;
  private cancelRetire: (() => void) | null = null;
  private readonly copies = new CopyFilter();
  private sessions = 0;
  private closed = false;
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly options: ChatConnectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log;
    this.events = options.events;
    this.random = options.random ?? Math.random;
    this.limiter = new JoinLimiter(options.joinLimit ?? TWITCH_JOIN_LIMIT);
    this.backoff = new ReconnectBackoff(options.backoff ?? CHAT_BACKOFF, this.random);
    this.limits = {
      idleMs: options.idleMs ?? 60_000,
      pongTimeoutMs: options.pongTimeoutMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      handoffGraceMs: options.handoffGraceMs ?? 2000,
    };
  }

  /** Starts reading a channel's chat (connecting first if needed); `onUp` says when it is read. */
  join(login: string): void {
    const name = login.toLowerCase().replace(/^#/, "");
    if (!LOGIN.test(name)) {
      throw new InvalidInputError(`"${login}" is not a Twitch login: use letters, digits and _ (1 to 25)`);
    }
    if (this.closed || this.desired.has(name)) return;
    this.desired.add(name);
    if (!this.current && !this.cancelReconnect) this.connect();
    else this.flushJoins();
  }

  /** Stops reading a channel (no `onDown`: the caller asked). */
  part(login: string): void {
    const name = login.toLowerCase().replace(/^#/, "");
    if (!this.desired.delete(name)) return;
    this.upOn.delete(name);
    for (const s of [this.current, this.retiring]) {
      if (!s) continue;
      const wasOn = s.joined.delete(name) || s.joining.delete(name);
      s.refused.delete(name);
      if (wasOn && s.state === "ready") this.send(s, `PART #${name}`);
    }
    if (this.desired.size === 0) this.idle();
    else this.retireIfDone();
  }

  /** The channels being read now. */
  upChannels(): string[] {
    return [...this.upOn.keys()];
  }

  /** Closes every socket and timer; no event follows. Resolves once the sockets are closed (1 s at most). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const cancel of [this.cancelReconnect, this.cancelJoin, this.cancelRetire]) cancel?.();
    this.cancelReconnect = this.cancelJoin = this.cancelRetire = null;
    for (const s of [this.current, this.retiring]) if (s) this.endSession(s, "closed by replayd", null);
    this.upOn.clear();
    this.copies.clear();
    let cancel = NO_TIMER;
    const late = new Promise<void>((resolve) => {
      cancel = this.clock.timeout(1000, resolve);
    });
    await Promise.race([Promise.all([...this.closing]), late]);
    cancel();
  }

  /** Nothing left to read: the sockets close (no outage, no reconnect); the next `join` opens one. */
  private idle(): void {
    for (const cancel of [this.cancelReconnect, this.cancelJoin, this.cancelRetire]) cancel?.();
    this.cancelReconnect = this.cancelJoin = this.cancelRetire = null;
    for (const s of [this.current, this.retiring]) if (s) this.endSession(s, "no channel left to read", null);
    this.current = null;
    this.retiring = null;
    this.copies.clear();
  }

  private connect(): void {
    if (this.closed) return;
    const nick = `justinfan${10_000 + Math.floor(this.random() * 89_990_000)}`;
    const session = newSession(++this.sessions, nick, this.clock.monotonic(), this.clock.now());
    this.current = session;
    session.cancelTimer = this.clock.timeout(this.limits.connectTimeoutMs, () =>
      this.endSession(session, `no welcome within ${this.limits.connectTimeoutMs} ms`, this.clock.now()),
    );
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.options.url);
    } catch (error) {
      this.endSession(session, `cannot open ${this.options.url}: ${String(error)}`, this.clock.now());
      return;
    }
    session.ws = ws;
    let closed: () => void = NO_TIMER;
    const done = new Promise<void>((resolve) => {
      closed = resolve;
    });
    this.closing.add(done);
    ws.onopen = () => {
      if (session.state === "closed") return;
      this.send(session, "CAP REQ :twitch.tv/tags twitch.tv/commands");
      this.send(session, "PASS SCHMOOPIIE");
      this.send(session, `NICK ${session.nick}`);
    };
    ws.onmessage = (event) => this.onFrame(session, event.data);
    ws.onerror = (event) => {
      this.log.debug(
        { session: session.id, error: String((event as ErrorEvent).message ?? event.type) },
        "chat socket error",
      );
    };
    ws.onclose = (event) => {
      this.closing.delete(done);
      closed();
      this.endSession(
        session,
        `socket closed (${event.code}${event.reason ? ` ${event.reason}` : ""})`,
        this.clock.now(),
      );
    };
  }

  private onFrame(s: Session, data: unknown): void {
    if (s.state === "closed") return;
    const at = this.clock.now();
    s.lastHeard = this.clock.monotonic();
    s.lastHeardAt = at;
    s.pingAt = null;
    if (typeof data !== "string") {
      this.log.warn({ session: s.id }, "chat server sent a binary frame; ignored");
      return;
    }
    const up: string[] = [];
    try {
      for (const raw of splitFrame(data)) {
        const line = new IrcLine(raw);
        if (line.command && !this.ended(s)) this.onLine(s, line, at, up);
      }
    } catch (error) {
      this.log.error({ session: s.id, err: error }, "chat frame could not be handled; reconnecting");
      this.endSession(s, "frame handling failed", at);
    }
    // A channel joined early in the frame and lost later in it (the socket ended) is not reported up.
    const stillUp = up.filter((login) => this.upOn.get(login) === s);
    if (stillUp.length > 0) this.emit("onUp", () => this.events.onUp(stillUp, at));
  }

  /** Read through a call, so TypeScript does not keep a narrowing that a handler may have changed. */
  private ended(s: Session): boolean {
    return s.state === "closed";
  }

  private onLine(s: Session, line: IrcLine, at: number, up: string[]): void {
    const { command, target } = line;
    const channel = target?.startsWith("#") ? target.slice(1) : null;
    const ours = line.nick === s.nick;
    switch (command) {
      case "PING":
        this.send(s, `PONG :${line.trailing || "tmi.twitch.tv"}`);
        return;
      case "RECONNECT":
        this.startHandoff(s);
        return;
      case "001":
        this.onWelcome(s);
        return;
      case "JOIN":
        if (ours && channel) this.onJoined(s, channel, up);
        return;
      case "PART":
        if (ours && channel) this.onParted(s, channel, at);
        return;
    }
    if (command === "NOTICE" && !channel) {
      this.onServerNotice(s, line, at);
      return;
    }
    if (!channel || !CHANNEL_COMMANDS.has(command) || !this.desired.has(channel)) return;
    if (command === "NOTICE") {
      this.log.warn(
        { channel, msg_id: line.tag("msg-id"), text: line.trailing },
        "chat notice about a channel",
      );
      if (s.joining.delete(channel)) s.refused.add(channel);
    }
    if (this.copies.active && this.copies.isCopy(line.tag("id") || line.raw, this.clock.monotonic())) return;
    this.emit("onMessage", () => this.events.onMessage(channel, line, at));
  }

  private onWelcome(s: Session): void {
    if (s.state !== "connecting") return;
    s.state = "ready";
    s.readyAt = this.clock.monotonic();
    s.cancelTimer();
    this.keepAlive(s, this.limits.idleMs);
    this.log.info({ session: s.id, nick: s.nick, channels: this.desired.size }, "chat connected");
    this.flushJoins();
  }

  private onJoined(s: Session, login: string, up: string[]): void {
    s.joining.delete(login);
    if (!this.desired.has(login)) {
      this.send(s, `PART #${login}`);
      return;
    }
    s.joined.add(login);
    const before = this.upOn.get(login);
    this.upOn.set(login, s);
    if (!before || before.state === "closed") up.push(login);
    this.retireIfDone();
  }

  private onParted(s: Session, login: string, at: number): void {
    if (!s.joined.delete(login) || !this.desired.has(login)) return;
    // Twitch removed us from a channel we still want: not retried on this socket (it would loop).
    this.log.warn(
      { channel: login },
      "chat server parted us from a channel; it is joined again on the next socket",
    );
    s.refused.add(login);
    if (this.upOn.get(login) !== s) return;
    this.upOn.delete(login);
    this.emit("onDown", () => this.events.onDown([login], "disconnected", at));
  }

  private onServerNotice(s: Session, line: IrcLine, at: number): void {
    const text = line.trailing;
    this.log.warn({ session: s.id, msg_id: line.tag("msg-id"), text }, "chat server notice");
    if (/authentication failed|improperly formatted auth|login unsuccessful/i.test(text)) {
      this.endSession(s, `login refused: ${text}`, at);
    }
  }

  /** Twitch is going away: a new socket joins everything while the old one is still read. */
  private startHandoff(s: Session): void {
    if (s !== this.current || this.closed) return;
    this.log.info({ session: s.id, channels: this.desired.size }, "chat server asked to reconnect; moving");
    if (this.retiring) this.endSession(this.retiring, "a second RECONNECT came first", this.clock.now());
    this.cancelRetire?.();
    this.cancelRetire = null;
    this.retiring = s;
    this.copies.start();
    this.current = null;
    this.connect();
    this.retireIfDone();
  }

  /** Closes the retiring socket, after a grace, once no channel is read only from it any more. */
  private retireIfDone(): void {
    const old = this.retiring;
    if (!old || this.cancelRetire) return;
    for (const session of this.upOn.values()) if (session === old) return;
    this.cancelRetire = this.clock.timeout(this.limits.handoffGraceMs, () => {
      this.cancelRetire = null;
      if (this.retiring === old) this.endSession(old, "moved to a new socket", this.clock.now());
    });
  }

  private endSession(s: Session, why: string, at: number | null): void {
    if (s.state === "closed") return;
    const sessionMs = s.state === "ready" ? this.clock.monotonic() - s.readyAt : 0;
    s.state = "closed";
    s.cancelTimer();
    try {
      if (s.ws && s.ws.readyState < WebSocket.CLOSING) s.ws.close(1000);
    } catch (error) {
      this.log.debug({ session: s.id, err: error }, "chat socket close failed");
    }
    if (this.closed || at === null) return;
    const lost: string[] = [];
    for (const [login, session] of this.upOn) if (session === s) lost.push(login);
    for (const login of lost) this.upOn.delete(login);
    const wasRetiring = s === this.retiring;
    if (wasRetiring) {
      this.retiring = null;
      this.cancelRetire?.();
      this.cancelRetire = null;
      this.copies.stopAt(this.clock.monotonic() + this.limits.handoffGraceMs);
    }
    if (s === this.current) this.current = null;
    const reason: ChatDownReason = wasRetiring ? "reconnect" : "disconnected";
    const level = wasRetiring && lost.length === 0 ? "info" : "warn";
    this.log[level]({ session: s.id, why, channels_lost: lost.length }, "chat socket ended");
    if (lost.length > 0) this.emit("onDown", () => this.events.onDown(lost, reason, at));
    if (!wasRetiring && !this.current) this.scheduleReconnect(sessionMs);
  }

  private scheduleReconnect(sessionMs: number): void {
    if (this.closed || this.cancelReconnect || this.current) return;
    const delay = this.backoff.next(sessionMs);
    this.log.info({ retry_in_ms: delay }, "chat reconnecting");
    this.cancelReconnect = this.clock.timeout(delay, () => {
      this.cancelReconnect = null;
      if (!this.current) this.connect();
    });
  }

  /** JOINs every wanted channel the current socket lacks, in batches, as fast as the limit allows. */
  private flushJoins(): void {
    const s = this.current;
    if (this.closed || !s || s.state !== "ready" || this.cancelJoin) return;
    const want: string[] = [];
    for (const login of this.desired) {
      if (!s.joined.has(login) && !s.joining.has(login) && !s.refused.has(login)) want.push(login);
    }
    if (want.length === 0) return;
    const now = this.clock.monotonic();
    const batch = want.slice(0, this.limiter.available(now));
    if (batch.length > 0) {
      this.limiter.take(now, batch.length);
      for (const login of batch) s.joining.add(login);
      for (const line of joinLines("JOIN", batch)) this.send(s, line);
    }
    if (batch.length < want.length) {
      this.cancelJoin = this.clock.timeout(this.limiter.waitMs(now), () => {
        this.cancelJoin = null;
        this.flushJoins();
      });
    }
  }

  /** Our PING after `idleMs` of silence; no frame within `pongTimeoutMs` of it ends the socket. */
  private keepAlive(s: Session, inMs: number): void {
    s.cancelTimer = this.clock.timeout(Math.max(1, inMs), () => {
      if (s.state === "closed") return;
      const now = this.clock.monotonic();
      if (s.pingAt === null && now - s.lastHeard < this.limits.idleMs) {
        this.keepAlive(s, this.limits.idleMs - (now - s.lastHeard));
      } else if (s.pingAt === null) {
        s.pingAt = now;
        this.send(s, "PING :replayd");
        this.keepAlive(s, this.limits.pongTimeoutMs);
      } else if (now - s.pingAt < this.limits.pongTimeoutMs) {
        this.keepAlive(s, this.limits.pongTimeoutMs - (now - s.pingAt));
      } else {
        this.endSession(s, `no answer to PING within ${this.limits.pongTimeoutMs} ms`, s.lastHeardAt);
      }
    });
  }

  private send(s: Session, line: string): void {
    if (s.state === "closed" || !s.ws) return;
    try {
      s.ws.send(`${line}\r\n`);
    } catch (error) {
      this.log.warn({ session: s.id, err: error }, "chat socket refused a line; reconnecting");
      this.endSession(s, "send failed", this.clock.now());
    }
  }

  /** Runs a caller's handler: its error is logged, never thrown into the socket's events. */
  private emit(name: keyof ChatConnectionEvents, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.log.error({ err: error, handler: name }, "chat event handler failed");
    }
  }
}
