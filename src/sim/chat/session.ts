import { parseIrcLine, splitFrame } from "../../twitch/irc/message.ts";
import { ircLine, type ServerLine } from "./wire.ts";

/**
 * One client's IRC conversation with the simulated `irc-ws.chat.twitch.tv`, without the socket: frames in,
 * lines out. Anonymous logins (`NICK justinfan…`, any or no PASS) only; capabilities, JOIN/PART with
 * Twitch's replies, client PINGs and the PONGs answering the server's.
 */

export const SERVER = "tmi.twitch.tv";
export const CAPABILITIES = ["twitch.tv/tags", "twitch.tv/commands", "twitch.tv/membership"] as const;

/** What a JOIN finds: a room, a suspended channel, or (null) no such channel, which Twitch joins silently. */
export type RoomLookup = { suspended: true } | { suspended: false; roomstate: Record<string, string> } | null;

export interface SessionHost {
  room(login: string): RoomLookup;
  join(login: string): void;
  part(login: string): void;
}

export interface SessionOutput {
  /** Lines to send back, in one frame. */
  lines: string[];
  /** The client answered the server's PING. */
  ponged: boolean;
  /** Close the socket after sending the lines (QUIT, failed login). */
  close: "quit" | "auth_failed" | null;
}

const ANONYMOUS = /^justinfan\d+$/;
const CHANNEL = /^#[a-z0-9_]{1,25}$/;

export class IrcSession {
  nick: string | null = null;
  readonly caps = new Set<string>();
  readonly channels = new Set<string>();

  constructor(private readonly host: SessionHost) {}

  get registered(): boolean {
    return this.nick !== null;
  }

  /** A server line for this client: tags only with `twitch.tv/tags`. */
  format(line: ServerLine): string {
    return ircLine(line, this.caps.has("twitch.tv/tags"));
  }

  receive(frame: string): SessionOutput {
    const out: SessionOutput = { lines: [], ponged: false, close: null };
    for (const raw of splitFrame(frame)) {
      const message = parseIrcLine(raw);
      if (!message) continue;
      this.handle(message.command, message.params, out);
      if (out.close) break;
    }
    return out;
  }

  private handle(command: string, params: string[], out: SessionOutput): void {
    const nick = this.nick ?? "*";
    const server = (code: string, middle: string[], text: string): void => {
      out.lines.push(ircLine({ prefix: SERVER, command: code, params: [nick, ...middle], trailing: text }));
    };
    switch (command) {
      case "CAP":
        this.cap(params, out);
        break;
      case "NICK":
        this.login(params[0] ?? "", out);
        break;
      case "PING":
        out.lines.push(
          ircLine({ prefix: SERVER, command: "PONG", params: [SERVER], trailing: params[0] ?? "" }),
        );
        break;
      case "PONG":
        out.ponged = true;
        break;
      case "QUIT":
        out.close = "quit";
        break;
      case "JOIN":
      case "PART":
        if (!this.registered) {
          server("451", [command], "You have not registered");
          break;
        }
        for (const channel of (params[0] ?? "").split(",").filter(Boolean)) {
          if (command === "JOIN") this.join(channel.toLowerCase(), out);
          else this.part(channel.toLowerCase(), out);
        }
        break;
      // PASS is whatever an anonymous viewer sends; what anonymous viewers say, Twitch drops.
      case "PASS":
      case "PRIVMSG":
        break;
      default:
        server("421", [command], "Unknown command");
    }
  }

  private cap(params: string[], out: SessionOutput): void {
    const [sub, ...rest] = params[0] === "*" ? params.slice(1) : params;
    const reply = (verb: string, text: string): void => {
      out.lines.push(ircLine({ prefix: SERVER, command: "CAP", params: ["*", verb], trailing: text }));
    };
    const verb = sub?.toUpperCase();
    if (verb === "LS") {
      reply("LS", CAPABILITIES.join(" "));
      return;
    }
    if (verb !== "REQ") return;
    const wanted = rest.join(" ").split(" ").filter(Boolean);
    const known = wanted.every((cap) => (CAPABILITIES as readonly string[]).includes(cap));
    if (known) for (const cap of wanted) this.caps.add(cap);
    reply(known ? "ACK" : "NAK", wanted.join(" "));
  }

  private login(nick: string, out: SessionOutput): void {
    if (this.registered) return;
    const lower = nick.toLowerCase();
    if (!ANONYMOUS.test(lower)) {
      out.lines.push(
        ircLine({
          prefix: SERVER,
          command: "NOTICE",
          params: ["*"],
          trailing: "Login authentication failed",
        }),
      );
      out.close = "auth_failed";
      return;
    }
    this.nick = lower;
    const welcome: [string, string][] = [
      ["001", "Welcome, GLHF!"],
      ["002", `Your host is ${SERVER}`],
      ["003", "This server is rather new"],
      ["004", "-"],
      ["375", "-"],
      ["372", "You are in a wide open field!"],
      ["376", ">"],
    ];
    for (const [code, text] of welcome) {
      out.lines.push(ircLine({ prefix: SERVER, command: code, params: [lower], trailing: text }));
    }
  }

  private join(channel: string, out: SessionOutput): void {
    const nick = this.nick as string;
    if (!CHANNEL.test(channel)) return;
    const login = channel.slice(1);
    const room = this.host.room(login);
    if (room?.suspended) {
      out.lines.push(
        this.format({
          tags: { "msg-id": "msg_channel_suspended" },
          prefix: SERVER,
          command: "NOTICE",
          params: [channel],
          trailing: "This channel does not exist or has been suspended.",
        }),
      );
      return;
    }
    this.channels.add(login);
    this.host.join(login);
    const host = `${nick}.${SERVER}`;
    out.lines.push(
      ircLine({ prefix: `${nick}!${nick}@${host}`, command: "JOIN", params: [channel] }),
      ircLine({ prefix: host, command: "353", params: [nick, "=", channel], trailing: nick }),
      ircLine({ prefix: host, command: "366", params: [nick, channel], trailing: "End of /NAMES list" }),
    );
    if (room && this.caps.has("twitch.tv/commands")) {
      out.lines.push(
        this.format({ tags: room.roomstate, prefix: SERVER, command: "ROOMSTATE", params: [channel] }),
      );
    }
  }

  private part(channel: string, out: SessionOutput): void {
    const login = channel.slice(1);
    if (!this.channels.delete(login)) return;
    this.host.part(login);
    const nick = this.nick as string;
    out.lines.push(
      ircLine({ prefix: `${nick}!${nick}@${nick}.${SERVER}`, command: "PART", params: [channel] }),
    );
  }
}
