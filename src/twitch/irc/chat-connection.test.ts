import { afterEach, expect, test } from "bun:test";
import { join } from "node:path";
import { FakeClock } from "../../../tests/fakes/clock.ts";
import { IrcTestServer } from "../../../tests/support/irc-server.ts";
import { createLogger } from "../../log/logger.ts";
import { ChatConnection, type ChatConnectionOptions, type ChatDownReason } from "./chat-connection.ts";
import type { IrcMessage } from "./message.ts";

// The connection against a real WebSocket IRC server on loopback (tests/support/irc-server.ts). Time rules
// run on the real clock with short limits, except where a FakeClock makes a limit exact (the JOIN rate).
const log = createLogger({ level: "fatal", format: "json" });
const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Seen {
  messages: { login: string; message: IrcMessage; at: number }[];
  downs: { logins: string[]; reason: ChatDownReason; at: number }[];
  ups: { logins: string[]; at: number }[];
}

async function world(
  serverOptions: ConstructorParameters<typeof IrcTestServer>[0] = {},
  options: Partial<ChatConnectionOptions> = {},
) {
  const server = new IrcTestServer(serverOptions);
  cleanup.push(() => server.stop());
  const seen: Seen = { messages: [], downs: [], ups: [] };
  const connection = new ChatConnection({
    url: server.url,
    log,
    events: {
      onMessage: (login, line, at) => seen.messages.push({ login, message: line.parse() as IrcMessage, at }),
      onDown: (logins, reason, at) => seen.downs.push({ logins: [...logins].sort(), reason, at }),
      onUp: (logins, at) => seen.ups.push({ logins: [...logins].sort(), at }),
    },
    handoffGraceMs: 100,
    backoff: { initialMs: 20, maxMs: 200, healthyMs: 60_000 },
    ...options,
  });
  cleanup.push(() => connection.close());
  return { server, seen, connection };
}

const ids = (seen: Seen) =>
  seen.messages.filter((m) => m.message.command === "PRIVMSG").map((m) => m.message.tags.id);

test("logs in anonymously, joins a channel and hands its lines over with the channel's login", async () => {
  const { server, seen, connection } = await world();
  connection.join("Dallas");
  await server.until("the channel read", () => seen.ups.length === 1);
  const client = server.client();
  expect(client.lines.slice(0, 4)).toEqual([
    "CAP REQ :twitch.tv/tags twitch.tv/commands",
    "PASS SCHMOOPIIE",
    expect.stringMatching(/^NICK justinfan\d+$/),
    "JOIN #dallas",
  ]);
  expect(seen.ups[0]?.logins).toEqual(["dallas"]);
  server.privmsg("dallas", "m1", "hello");
  server.send(client, `@login=viewer;target-msg-id=m1;tmi-sent-ts=1 :tmi.twitch.tv CLEARMSG #dallas :hello`);
  await server.until("both lines", () => seen.messages.length === 3);
  expect(seen.messages.map((m) => [m.login, m.message.command])).toEqual([
    ["dallas", "ROOMSTATE"],
    ["dallas", "PRIVMSG"],
    ["dallas", "CLEARMSG"],
  ]);
  expect(connection.upChannels()).toEqual(["dallas"]);
});

test("answers the server's PING, and PINGs a silent server that answers without dropping it", async () => {
  const { server, seen, connection } = await world({}, { idleMs: 60, pongTimeoutMs: 200 });
  connection.join("dallas");
  await server.until("joined", () => seen.ups.length === 1);
  const client = server.client();
  server.send(client, "PING :tmi.twitch.tv");
  await server.until("our PONG", () => client.lines.includes("PONG :tmi.twitch.tv"));
  await server.until(
    "three PINGs of ours",
    () => client.lines.filter((l) => l === "PING :replayd").length >= 3,
  );
  expect(seen.downs).toEqual([]);
  expect(server.clients).toHaveLength(1);
});

test("a socket that stops answering is declared dead from when it was last heard, and replaced", async () => {
  const { server, seen, connection } = await world(
    { answerPings: false },
    { idleMs: 50, pongTimeoutMs: 100 },
  );
  connection.join("dallas");
  await server.until("joined", () => seen.ups.length === 1);
  const lastHeard = seen.messages.at(-1)?.at ?? 0;
  await server.until("a second socket", () => server.clients.length === 2 && seen.ups.length === 2, 3000);
  expect(server.client(1).lines).toContain("PING :replayd");
  expect(seen.downs).toEqual([{ logins: ["dallas"], reason: "disconnected", at: expect.any(Number) }]);
  // The outage starts when the socket was last heard (the ROOMSTATE after JOIN), not when it was given up.
  expect(seen.downs[0]?.at).toBeGreaterThanOrEqual(lastHeard);
  expect(seen.downs[0]?.at).toBeLessThan(lastHeard + 50);
  expect(server.client(1).open).toBe(false);
});

test("joins many channels in batched JOIN lines, never more than 20 channels per 10 seconds", async () => {
  const clock = new FakeClock(Date.now());
  const { server, seen, connection } = await world({}, { clock });
  const logins = Array.from({ length: 45 }, (_, i) => `channel_${String(i).padStart(2, "0")}`);
  for (const login of logins) connection.join(login);
  await server.until("the first 20 joined", () => seen.ups.flatMap((u) => u.logins).length === 20);
  const client = server.client();
  expect(client.joins.map((j) => j.channels.length)).toEqual([20]);
  expect(clock.waits()).toContain(10_000);
  await clock.advance(9_999);
  expect(client.joins).toHaveLength(1);
  await clock.advance(1);
  await server.until("20 more", () => client.joins.length === 2);
  await clock.advance(10_000);
  await server.until("the last 5", () => seen.ups.flatMap((u) => u.logins).length === 45);
  expect(client.joins.map((j) => j.channels.length)).toEqual([20, 20, 5]);
  expect(client.joins.flatMap((j) => j.channels).sort()).toEqual(logins);
  // One frame of JOIN echoes from the server is one onUp.
  expect(seen.ups.map((u) => u.logins.length)).toEqual([20, 20, 5]);
});

test("RECONNECT: a new socket joins everything before the old one closes; no gap, nothing lost or doubled", async () => {
  const { server, seen, connection } = await world();
  connection.join("dallas");
  connection.join("ronni");
  await server.until("joined", () => seen.ups.length === 1);
  const old = server.client(1);
  const sent = new Set<string>();
  let n = 0;
  let twice = 0;
  const say = () => {
    for (const channel of ["dallas", "ronni"]) {
      const id = `m${++n}`;
      const to = server.privmsg(channel, id, `line ${n}`);
      if (to.length > 0) sent.add(id);
      if (to.length === 2) twice++;
    }
  };
  for (let i = 0; i < 5; i++) say();
  server.reconnect(old);
  // Chat keeps flowing on whichever sockets are in the channel, until the old one is gone for a while.
  const flow = setInterval(say, 2);
  await server.until("the old socket closed by the client", () => old.closedBy === "client");
  await Bun.sleep(30);
  clearInterval(flow);
  await server.until("every line received", () => ids(seen).length >= sent.size);
  const received = ids(seen);
  expect(new Set(received).size).toBe(received.length);
  expect(new Set(received)).toEqual(sent);
  expect(server.clients).toHaveLength(2);
  expect(server.client(2).channels).toEqual(new Set(["dallas", "ronni"]));
  expect(seen.downs).toEqual([]);
  expect(seen.ups).toHaveLength(1);
  // Both sockets carried the channels at once: some lines really were sent twice.
  expect(twice).toBeGreaterThan(0);
});

test("RECONNECT whose old socket goes before the new one is up: the outage is a 'reconnect' gap", async () => {
  const { server, seen, connection } = await world({ welcome: false });
  connection.join("dallas");
  await server.until("the first socket", () => server.clients[0]?.nick != null);
  server.welcome(server.client(1));
  await server.until("joined", () => seen.ups.length === 1);
  server.reconnect(server.client(1));
  await server.until("the second socket logged in", () => server.clients[1]?.nick != null);
  server.drop(server.client(1));
  await server.until("the gap starts", () => seen.downs.length === 1);
  expect(seen.downs[0]).toMatchObject({ logins: ["dallas"], reason: "reconnect" });
  server.welcome(server.client(2));
  await server.until("read again", () => seen.ups.length === 2);
  expect(seen.ups[1]?.logins).toEqual(["dallas"]);
  expect(seen.ups[1]?.at).toBeGreaterThanOrEqual(seen.downs[0]?.at ?? Number.POSITIVE_INFINITY);
  expect(server.clients).toHaveLength(2);
});

test("a dropped socket: one onDown, retries backing off while refused, every channel joined again, one onUp", async () => {
  const { server, seen, connection } = await world({}, { random: () => 1 });
  connection.join("dallas");
  connection.join("ronni");
  await server.until("joined", () => seen.ups.length === 1);
  server.refuse = true;
  server.drop(server.client(1));
  await server.until("four refused attempts", () => server.refusals.length === 4);
  server.refuse = false;
  await server.until("read again", () => seen.ups.length === 2);
  expect(seen.downs).toEqual([
    { logins: ["dallas", "ronni"], reason: "disconnected", at: expect.any(Number) },
  ]);
  expect(seen.ups[1]?.logins).toEqual(["dallas", "ronni"]);
  expect(server.client(2).joins.map((j) => j.channels)).toEqual([["dallas", "ronni"]]);
  // Waits of 20, 40, 80, 160 then 200 ms (random() = 1 takes each ceiling): the gaps between attempts grow.
  const attempts = [...server.refusals, server.connections.at(-1) ?? 0];
  const gaps = attempts.slice(1).map((at, i) => at - (attempts[i] as number));
  expect(gaps.map((g, i) => g >= ([40, 80, 160, 200][i] ?? 0) * 0.9)).toEqual([true, true, true, true]);
});

test("a NOTICE refusing a channel is handed over and that channel is not retried on the socket", async () => {
  const { server, seen, connection } = await world({ suspended: ["banned"] });
  connection.join("banned");
  connection.join("dallas");
  await server.until("the notice", () => seen.messages.some((m) => m.message.command === "NOTICE"));
  await server.until("dallas read", () => seen.ups.length === 1);
  const notice = seen.messages.find((m) => m.message.command === "NOTICE");
  expect(notice?.login).toBe("banned");
  expect(notice?.message.tags["msg-id"]).toBe("msg_channel_suspended");
  expect(connection.upChannels()).toEqual(["dallas"]);
});

test("a handler that throws is logged; the connection keeps reading", async () => {
  const server = new IrcTestServer();
  cleanup.push(() => server.stop());
  const got: string[] = [];
  const connection = new ChatConnection({
    url: server.url,
    log,
    events: {
      onMessage: (_login, message) => {
        got.push(message.tag("id") ?? message.command);
        if (message.tag("id") === "boom") throw new Error("handler bug");
      },
      onDown: () => {},
      onUp: () => {},
    },
  });
  cleanup.push(() => connection.close());
  connection.join("dallas");
  await server.until("joined", () => server.clients[0]?.channels.has("dallas") === true);
  server.privmsg("dallas", "boom", "a");
  server.privmsg("dallas", "after", "b");
  await server.until("the line after", () => got.includes("after"));
  expect(server.clients).toHaveLength(1);
});

test("parting stops a channel's lines without an onDown", async () => {
  const { server, seen, connection } = await world();
  connection.join("dallas");
  connection.join("ronni");
  await server.until("joined", () => seen.ups.length === 1);
  connection.part("dallas");
  const client = server.client();
  await server.until("parted on the server", () => !client.channels.has("dallas"));
  // A line of the parted channel still in flight is dropped; the other channel's lines still come.
  server.send(client, `@id=late :v!v@v.tmi.twitch.tv PRIVMSG #dallas :late`);
  server.privmsg("ronni", "kept", "x");
  await server.until("the other channel's line", () => ids(seen).includes("kept"));
  expect(ids(seen)).toEqual(["kept"]);
  expect(seen.downs).toEqual([]);
  expect(connection.upChannels()).toEqual(["ronni"]);
});

test("close() cancels every timer it set and closes the socket", async () => {
  const clock = new FakeClock(Date.now());
  const { server, seen, connection } = await world({}, { clock });
  connection.join("dallas");
  await server.until("joined", () => seen.ups.length === 1);
  expect(clock.pending().length).toBeGreaterThan(0);
  await connection.close();
  expect(clock.pending()).toEqual([]);
  await server.until("the server sees the close", () => !server.client().open);
  expect(server.client().closedBy).toBe("client");
});

test("a process that closes its connection exits on its own", async () => {
  const server = new IrcTestServer();
  cleanup.push(() => server.stop());
  const script = join(import.meta.dir, "../../../tests/support/irc-close-exit.ts");
  const child = Bun.spawn([process.execPath, script, server.url], { stdout: "pipe", stderr: "inherit" });
  const timer = setTimeout(() => child.kill(), 10_000);
  const code = await child.exited;
  clearTimeout(timer);
  expect(await new Response(child.stdout).text()).toBe("closed\n");
  expect(code).toBe(0);
});

test("with no channel left the socket closes, without an outage; the next join opens another", async () => {
  const { server, seen, connection } = await world();
  connection.join("dallas");
  await server.until("joined", () => server.clients[0]?.channels.has("dallas") === true);
  connection.part("dallas");
  await server.until("the socket closed by us", () => server.clients[0]?.closedBy === "client");
  expect(seen.downs).toEqual([]);
  connection.join("austin");
  await server.until("a new socket joined", () => server.clients[1]?.channels.has("austin") === true);
  expect(server.clients).toHaveLength(2);
  expect(seen.ups.map((u) => u.logins)).toEqual([["dallas"], ["austin"]]);
});
