import type { Server, ServerWebSocket } from "bun";
import { formatIrcLine, parseIrcLine, splitFrame } from "../../src/twitch/irc/message.ts";

/** One client socket as the test server sees it. */
export interface IrcTestClient {
  id: number;
  ws: ServerWebSocket<{ id: number }>;
  nick: string | null;
  /** Every line the client sent, in order. */
  lines: string[];
  /** Channels joined on this socket (JOINs answered, PARTs applied). */
  channels: Set<string>;
  /** Each JOIN line: when (ms since the server started) and the channels it named. */
  joins: { at: number; channels: string[] }[];
  open: boolean;
  /** Who closed it: the client (a close frame from it) or the server (`drop`, `close`). */
  closedBy: "client" | "server" | null;
}

export interface IrcTestServerOptions {
  /** Send the welcome (`001`) once NICK arrives (default true); false holds it until `welcome(client)`. */
  welcome?: boolean;
  answerPings?: boolean;
  /** Channels whose JOIN is refused with a NOTICE (`msg_channel_suspended`) instead of an echo. */
  suspended?: string[];
}

/**
 * A scriptable Twitch chat server for tests: a real WebSocket on loopback speaking enough IRC for the chat
 * connection (CAP, PASS/NICK, the welcome, JOIN/PART echoes with a ROOMSTATE, PING/PONG), plus the
 * switches a test pulls: lines to a client or to a channel, RECONNECT, an abrupt drop, refusing upgrades.
 */
export class IrcTestServer {
  readonly clients: IrcTestClient[] = [];
  /** Upgrades refused so far while `refuse` was set (each a connection attempt). */
  readonly refusals: number[] = [];
  /** Each upgrade accepted: when (ms since the server started). */
  readonly connections: number[] = [];
  refuse = false;
  private nextId = 1;
  private readonly started = performance.now();
  private readonly server: Server<{ id: number }>;
  private readonly options: Required<IrcTestServerOptions>;

  constructor(options: IrcTestServerOptions = {}) {
    this.options = { welcome: true, answerPings: true, suspended: [], ...options };
    this.server = Bun.serve<{ id: number }>({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (req, srv) => {
        if (this.refuse) {
          this.refusals.push(this.elapsed());
          return new Response("unavailable", { status: 503 });
        }
        this.connections.push(this.elapsed());
        return srv.upgrade(req, { data: { id: this.nextId++ } })
          ? undefined
          : new Response("upgrade required", { status: 426 });
      },
      websocket: {
        open: (ws) => {
          this.clients.push({
            id: ws.data.id,
            ws,
            nick: null,
            lines: [],
            channels: new Set(),
            joins: [],
            open: true,
            closedBy: null,
          });
        },
        message: (ws, data) => this.onFrame(this.client(ws.data.id), String(data)),
        close: (ws) => {
          const client = this.client(ws.data.id);
          client.open = false;
          client.closedBy ??= "client";
        },
      },
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${this.server.port}`;
  }

  set answerPings(value: boolean) {
    this.options.answerPings = value;
  }

  /** The latest client, or the n-th (1-based). */
  client(id?: number): IrcTestClient {
    const found = id === undefined ? this.clients.at(-1) : this.clients.find((c) => c.id === id);
    if (!found) throw new Error(`no IRC client ${id ?? "yet"}`);
    return found;
  }

  /** Sends lines to one client in one frame (Twitch batches lines the same way). */
  send(client: IrcTestClient, ...lines: string[]): void {
    if (client.open) client.ws.send(lines.map((l) => `${l}\r\n`).join(""));
  }

  /** Sends a line to every open client that joined `channel`; returns their ids. */
  toChannel(channel: string, line: string): number[] {
    const to = this.clients.filter((c) => c.open && c.channels.has(channel));
    for (const client of to) this.send(client, line);
    return to.map((c) => c.id);
  }

  /** A PRIVMSG as Twitch writes it, with an `id` and `tmi-sent-ts`, to every client in the channel. */
  privmsg(channel: string, id: string, text: string, login = "viewer"): number[] {
    const line = formatIrcLine({
      tags: { "display-name": login, id, "tmi-sent-ts": String(Date.now()), "user-id": "42" },
      prefix: `${login}!${login}@${login}.tmi.twitch.tv`,
      command: "PRIVMSG",
      params: [`#${channel}`, text],
    });
    return this.toChannel(channel, line);
  }

  welcome(client: IrcTestClient): void {
    this.send(
      client,
      `:tmi.twitch.tv 001 ${client.nick} :Welcome, GLHF!`,
      `:tmi.twitch.tv 002 ${client.nick} :Your host is tmi.twitch.tv`,
      `:tmi.twitch.tv 376 ${client.nick} :>`,
    );
  }

  reconnect(client: IrcTestClient): void {
    this.send(client, ":tmi.twitch.tv RECONNECT");
  }

  /** Cuts the socket without a close handshake, as a network failure would. */
  drop(client: IrcTestClient): void {
    client.closedBy = "server";
    client.open = false;
    client.ws.terminate();
  }

  async until(what: string, probe: () => boolean, timeoutMs = 5000): Promise<void> {
    const started = performance.now();
    while (!probe()) {
      if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await Bun.sleep(5);
    }
  }

  async stop(): Promise<void> {
    await this.server.stop(true);
  }

  private elapsed(): number {
    return performance.now() - this.started;
  }

  private onFrame(client: IrcTestClient, frame: string): void {
    for (const line of splitFrame(frame)) {
      client.lines.push(line);
      const message = parseIrcLine(line);
      if (!message) continue;
      const { command, params } = message;
      if (command === "NICK") {
        client.nick = params[0] ?? null;
        if (this.options.welcome) this.welcome(client);
      } else if (command === "PING" && this.options.answerPings) {
        this.send(client, `:tmi.twitch.tv PONG tmi.twitch.tv :${params[0] ?? ""}`);
      } else if (command === "JOIN") {
        const channels = (params[0] ?? "").split(",").map((c) => c.replace(/^#/, ""));
        client.joins.push({ at: this.elapsed(), channels });
        const answer: string[] = [];
        for (const channel of channels) {
          if (this.options.suspended.includes(channel)) {
            answer.push(
              `@msg-id=msg_channel_suspended :tmi.twitch.tv NOTICE #${channel} :This channel has been suspended.`,
            );
            continue;
          }
          client.channels.add(channel);
          const nick = client.nick ?? "";
          answer.push(
            `:${nick}!${nick}@${nick}.tmi.twitch.tv JOIN #${channel}`,
            `:${nick}.tmi.twitch.tv 353 ${nick} = #${channel} :${nick}`,
            `:${nick}.tmi.twitch.tv 366 ${nick} #${channel} :End of /NAMES list`,
            `@emote-only=0;followers-only=-1;r9k=0;room-id=1;slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE #${channel}`,
          );
        }
        this.send(client, ...answer);
      } else if (command === "PART") {
        for (const channel of (params[0] ?? "").split(",")) {
          const name = channel.replace(/^#/, "");
          client.channels.delete(name);
          const nick = client.nick ?? "";
          this.send(client, `:${nick}!${nick}@${nick}.tmi.twitch.tv PART #${name}`);
        }
      }
    }
  }
}
