import { connect, type Socket } from "node:net";
import { type IrcMessage, parseIrcLine, splitFrame } from "../../twitch/irc/message.ts";

/**
 * Chat clients for the simulator's tests: a real WebSocket client (Bun's) that keeps every line it got,
 * and a raw one over TCP that can stop reading, to make a slow consumer.
 */

export interface Received {
  message: IrcMessage;
  raw: string;
  /** Which frame it came in (lines of one frame share it). */
  frame: number;
}

export class IrcTestClient {
  readonly received: Received[] = [];
  readonly closed: Promise<CloseEvent>;
  private frames = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.addEventListener("message", (event) => {
      const frame = this.frames++;
      for (const raw of splitFrame(String(event.data))) {
        const message = parseIrcLine(raw);
        if (message) this.received.push({ message, raw, frame });
      }
      for (const wake of [...this.waiters]) wake();
    });
    this.closed = new Promise((resolve) => ws.addEventListener("close", resolve, { once: true }));
  }

  static async connect(url: string, protocols?: string[]): Promise<IrcTestClient> {
    const ws = new WebSocket(url, protocols);
    const client = new IrcTestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("open", () => resolve(), { once: true });
      ws.addEventListener("error", () => reject(new Error(`could not connect to ${url}`)), { once: true });
    });
    return client;
  }

  /** Several lines in one frame, CRLF after each. */
  send(...lines: string[]): void {
    this.ws.send(lines.map((line) => `${line}\r\n`).join(""));
  }

  messages(command?: string): IrcMessage[] {
    return this.received.filter((r) => !command || r.message.command === command).map((r) => r.message);
  }

  /** Resolves once `count` received lines match (those already received count), or rejects after `timeoutMs`. */
  async waitFor(match: (m: IrcMessage) => boolean, count = 1, timeoutMs = 5_000): Promise<IrcMessage[]> {
    const found: IrcMessage[] = [];
    let scanned = 0;
    // Only lines not looked at yet are matched, so waiting for many lines stays linear.
    const enough = () => {
      for (; scanned < this.received.length; scanned++) {
        const message = (this.received[scanned] as Received).message;
        if (match(message)) found.push(message);
      }
      return found.length >= count;
    };
    if (enough()) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`${found.length}/${count} matching lines within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (!enough()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(found);
      };
      this.waiters.add(check);
    });
  }

  /** CAP REQ, PASS, NICK as an anonymous viewer, then JOIN, waiting for each channel's end of names. */
  async signIn(channels: string[], caps = "twitch.tv/tags twitch.tv/commands"): Promise<void> {
    this.send(
      `CAP REQ :${caps}`,
      "PASS SCHMOOPIIE",
      `NICK justinfan${10_000 + Math.floor(Math.random() * 80_000)}`,
    );
    await this.waitFor((m) => m.command === "376");
    if (channels.length === 0) return;
    this.send(`JOIN ${channels.map((c) => `#${c}`).join(",")}`);
    for (const channel of channels)
      await this.waitFor((m) => m.command === "366" && m.params[1] === `#${channel}`);
  }

  close(): void {
    this.ws.close();
  }
}

/** A client text frame: clients must mask theirs (RFC 6455 §5.3). */
function maskedTextFrame(text: string): Uint8Array {
  const payload = new TextEncoder().encode(text);
  const header =
    payload.length < 126
      ? [0x81, 0x80 | payload.length]
      : [0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff];
  const mask = [0x12, 0x34, 0x56, 0x78];
  const out = new Uint8Array(header.length + 4 + payload.length);
  out.set(header, 0);
  out.set(mask, header.length);
  payload.forEach((byte, i) => {
    out[header.length + 4 + i] = byte ^ (mask[i % 4] as number);
  });
  return out;
}

/**
 * A chat client over a bare TCP socket that signs in, joins, then stops reading: the kernel's buffers fill,
 * then the server's, as with a viewer whose machine cannot keep up.
 */
export async function stalledClient(origin: string, channel: string): Promise<Socket> {
  const { hostname, port } = new URL(origin);
  const socket = connect({ host: hostname, port: Number(port) });
  let seen = "";
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!seen.includes(text)) return;
        socket.off("data", onData);
        resolve();
      };
      const onData = (chunk: Buffer) => {
        seen += chunk.toString("latin1");
        check();
      };
      socket.on("data", onData);
      socket.once("error", reject);
      check();
    });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  socket.write(
    `GET /irc HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  await waitFor("\r\n\r\n");
  if (!seen.startsWith("HTTP/1.1 101")) throw new Error(`no upgrade: ${seen.split("\r\n")[0]}`);
  socket.write(maskedTextFrame("CAP REQ :twitch.tv/tags twitch.tv/commands\r\nNICK justinfan4242\r\n"));
  socket.write(maskedTextFrame(`JOIN #${channel}\r\n`));
  await waitFor("End of /NAMES list");
  socket.pause();
  return socket;
}
