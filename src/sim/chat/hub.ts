import type { Server, ServerWebSocket, WebSocketHandler } from "bun";
import type { Logger } from "../../log/logger.ts";
import type { Faults } from "../faults.ts";
import { COMMAND_KINDS } from "./kinds.ts";
import type { ChatOptions } from "./options.ts";
import type { ChatLine } from "./room.ts";
import { IrcSession, type RoomLookup, SERVER } from "./session.ts";
import { frame, ircLine } from "./wire.ts";

/**
 * The simulated `irc-ws.chat.twitch.tv`: the WebSocket connections at `/irc`, which channels each joined,
 * the server's PINGs and their deadline, and the chat faults (RECONNECT, drops, slow consumers). Lines
 * reach a socket only for channels it joined, batched several to a frame with CRLF after each.
 */

export interface SocketData {
  id: number;
}

export type CloseReason =
  | "client"
  | "quit"
  | "auth_failed"
  | "ping_timeout"
  | "reconnect"
  | "drop"
  | "slow_consumer"
  | "shutdown";

interface Connection {
  id: number;
  ws: ServerWebSocket<SocketData>;
  session: IrcSession;
  connected_at: string;
  ping: Timer;
  /** Set while a PING waits for its PONG. */
  pongDeadline: Timer | null;
  reconnectClose: Timer | null;
  ended: CloseReason | null;
}

export interface ClosedSocket {
  id: number;
  nick: string | null;
  reason: CloseReason;
  at: string;
}

export interface HubDeps {
  room(login: string): RoomLookup;
  faults(): Faults;
  options: ChatOptions;
  log: Logger;
}

/** Lines per frame: Twitch batches a few; a long burst goes out in several frames. */
const LINES_PER_FRAME = 50;
const CLOSED_KEPT = 200;

export class ChatHub {
  private readonly connections = new Map<number, Connection>();
  private readonly members = new Map<string, Set<Connection>>();
  private readonly closed: ClosedSocket[] = [];
  private nextId = 1;
  readonly websocket: WebSocketHandler<SocketData>;

  constructor(private readonly deps: HubDeps) {
    this.websocket = {
      data: {} as SocketData,
      // IRC's own PING is the liveness check here, as on Twitch; no WebSocket-level idle timeout.
      idleTimeout: 0,
      sendPings: false,
      // Above the largest slow-consumer threshold, so the fault (not Bun) decides when a socket is too slow.
      backpressureLimit: 64 * 1024 * 1024,
      open: (ws) => this.open(ws),
      message: (ws, message) => this.message(ws, typeof message === "string" ? message : message.toString()),
      close: (ws) => {
        const connection = this.connections.get(ws.data.id);
        if (connection) this.end(connection, "client", null);
      },
    };
  }

  /** Upgrades a request for `/irc` (answering the `irc` subprotocol when asked, as tmi.js does). */
  upgrade(req: Request, server: Server<SocketData>): Response | undefined {
    const protocols = (req.headers.get("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
    const headers = protocols.includes("irc") ? { "Sec-WebSocket-Protocol": "irc" } : undefined;
    if (server.upgrade(req, { data: { id: this.nextId++ }, headers })) return undefined;
    return new Response("expected a WebSocket upgrade (Twitch chat speaks IRC over WebSocket here)", {
      status: 426,
      headers: { Upgrade: "websocket" },
    });
  }

  private open(ws: ServerWebSocket<SocketData>): void {
    const connection: Connection = {
      id: ws.data.id,
      ws,
      session: new IrcSession({
        room: (login) => this.deps.room(login),
        join: (login) => this.membersOf(login).add(connection),
        part: (login) => this.members.get(login)?.delete(connection),
      }),
      connected_at: new Date().toISOString(),
      ping: setInterval(() => this.ping(connection), this.deps.options.ping_interval_ms),
      pongDeadline: null,
      reconnectClose: null,
      ended: null,
    };
    this.connections.set(connection.id, connection);
    this.deps.log.debug({ socket: connection.id }, "chat socket opened");
  }

  private message(ws: ServerWebSocket<SocketData>, text: string): void {
    const connection = this.connections.get(ws.data.id);
    if (!connection || connection.ended) return;
    const out = connection.session.receive(text);
    if (out.ponged && connection.pongDeadline) {
      clearTimeout(connection.pongDeadline);
      connection.pongDeadline = null;
    }
    if (out.lines.length > 0) this.send(connection, frame(out.lines));
    if (out.close && !connection.ended) this.end(connection, out.close, "close");
  }

  private ping(connection: Connection): void {
    this.send(connection, frame([ircLine({ command: "PING", trailing: SERVER })]));
    // The deadline runs from the first unanswered PING.
    connection.pongDeadline ??= setTimeout(
      () => this.end(connection, "ping_timeout", "close"),
      this.deps.options.pong_timeout_ms,
    );
  }

  /** Sends and drops the socket when its unsent bytes pass the slow-consumer threshold; false if it ended. */
  private send(connection: Connection, text: string): boolean {
    if (connection.ended) return false;
    const status = connection.ws.send(text);
    // 0: Bun dropped it (its own buffer limit): as slow as a consumer gets.
    if (status === 0 || connection.ws.getBufferedAmount() > this.deps.faults().irc_slow_consumer_bytes) {
      this.end(connection, "slow_consumer", "terminate");
      return false;
    }
    return true;
  }

  /**
   * Sends a channel's lines to every socket joined to it, formatted for what each asked for (tags or not,
   * Twitch's own commands or not). Answers, per line, how many sockets were handed it.
   */
  broadcast(login: string, lines: readonly ChatLine[]): number[] {
    const delivered = new Array<number>(lines.length).fill(0);
    const joined = this.members.get(login);
    if (!joined || joined.size === 0 || lines.length === 0) return delivered;
    const variants = new Map<string, { frames: string[]; included: number[] }>();
    for (const connection of [...joined]) {
      const tags = connection.session.caps.has("twitch.tv/tags");
      const commands = connection.session.caps.has("twitch.tv/commands");
      const key = `${tags}/${commands}`;
      let variant = variants.get(key);
      if (!variant) {
        const included = lines.flatMap((line, i) =>
          commands || !COMMAND_KINDS.has(line.command) ? [i] : [],
        );
        const texts = included.map((i) => ircLine(lines[i] as ChatLine, tags));
        const frames: string[] = [];
        for (let at = 0; at < texts.length; at += LINES_PER_FRAME)
          frames.push(frame(texts.slice(at, at + LINES_PER_FRAME)));
        variant = { frames, included };
        variants.set(key, variant);
      }
      if (variant.frames.every((text) => this.send(connection, text))) {
        for (const i of variant.included) delivered[i] = (delivered[i] ?? 0) + 1;
      }
    }
    return delivered;
  }

  /**
   * Twitch before maintenance: `RECONNECT` to every socket (those with `twitch.tv/commands`: it is one of
   * Twitch's own commands), each closed `reconnect_close_ms` later.
   */
  reconnectAll(): number {
    let count = 0;
    for (const connection of this.connections.values()) {
      if (connection.ended || connection.reconnectClose) continue;
      if (connection.session.caps.has("twitch.tv/commands")) {
        const line = connection.session.format({ prefix: SERVER, command: "RECONNECT" });
        if (!this.send(connection, frame([line]))) continue;
      }
      count++;
      connection.reconnectClose = setTimeout(
        () => this.end(connection, "reconnect", "close"),
        this.deps.options.reconnect_close_ms,
      );
    }
    this.deps.log.info({ sockets: count }, "chat: RECONNECT sent");
    return count;
  }

  /** Every socket cut at once: no message, no close frame. */
  dropAll(): number {
    const open = [...this.connections.values()].filter((c) => !c.ended);
    for (const connection of open) this.end(connection, "drop", "terminate");
    this.deps.log.info({ sockets: open.length }, "chat: sockets dropped");
    return open.length;
  }

  /** Sockets joined to a channel now. */
  listeners(login: string): number {
    return this.members.get(login)?.size ?? 0;
  }

  describe() {
    return {
      sockets: [...this.connections.values()].map((c) => ({
        id: c.id,
        nick: c.session.nick,
        caps: [...c.session.caps],
        channels: [...c.session.channels],
        buffered_bytes: c.ws.getBufferedAmount(),
        connected_at: c.connected_at,
        reconnecting: c.reconnectClose !== null,
      })),
      closed: [...this.closed],
    };
  }

  stop(): void {
    for (const connection of [...this.connections.values()]) this.end(connection, "shutdown", "close");
  }

  private membersOf(login: string): Set<Connection> {
    let set = this.members.get(login);
    if (!set) {
      set = new Set();
      this.members.set(login, set);
    }
    return set;
  }

  /** Forgets the socket (it gets nothing more) and, when it is ours to end, closes it. */
  private end(connection: Connection, reason: CloseReason, how: "close" | "terminate" | null): void {
    if (connection.ended) return;
    connection.ended = reason;
    clearInterval(connection.ping);
    if (connection.pongDeadline) clearTimeout(connection.pongDeadline);
    if (connection.reconnectClose) clearTimeout(connection.reconnectClose);
    for (const login of connection.session.channels) this.members.get(login)?.delete(connection);
    this.connections.delete(connection.id);
    this.closed.push({
      id: connection.id,
      nick: connection.session.nick,
      reason,
      at: new Date().toISOString(),
    });
    if (this.closed.length > CLOSED_KEPT) this.closed.shift();
    this.deps.log.debug({ socket: connection.id, reason }, "chat socket closed");
    if (how === "close") connection.ws.close();
    else if (how === "terminate") connection.ws.terminate();
  }
}
