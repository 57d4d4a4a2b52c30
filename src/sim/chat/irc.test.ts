import { afterAll, describe, expect, test } from "bun:test";
import { manualClock, quietLog } from "../../../tests/support/sim.ts";
import { type RunningSimulator, startSimulator } from "../server.ts";
import { IrcTestClient } from "./test-clients.ts";

/** The IRC conversation over a real WebSocket: what a client of irc-ws.chat.twitch.tv sees. */

const sims: RunningSimulator[] = [];
function sim(chat: Parameters<typeof startSimulator>[0]["chat"] = {}) {
  const running = startSimulator({ log: quietLog, port: 0, seed: 5, clock: manualClock(), chat });
  sims.push(running);
  return { running, irc: `${running.url.replace("http", "ws")}/irc` };
}
afterAll(async () => {
  for (const running of sims) await running.stop();
});

const state = async (url: string) =>
  (
    (await (await fetch(`${url}/sim/state`)).json()) as {
      chat: { closed: { id: number; nick: string; reason: string }[] };
    }
  ).chat;

describe("chat over IRC at /irc", () => {
  const { running, irc } = sim();
  const kitchenId = running.ctx.state.requireChannel("kitchen_lab").user.id;

  test("CAP, anonymous NICK and JOIN get Twitch's replies, several lines to a frame", async () => {
    const client = await IrcTestClient.connect(irc);
    client.send("CAP REQ :twitch.tv/tags twitch.tv/commands", "PASS SCHMOOPIIE", "NICK justinfan12345");
    await client.waitFor((m) => m.command === "376");
    const raw = client.received.map((r) => r.raw);
    expect(raw).toEqual([
      ":tmi.twitch.tv CAP * ACK :twitch.tv/tags twitch.tv/commands",
      ":tmi.twitch.tv 001 justinfan12345 :Welcome, GLHF!",
      ":tmi.twitch.tv 002 justinfan12345 :Your host is tmi.twitch.tv",
      ":tmi.twitch.tv 003 justinfan12345 :This server is rather new",
      ":tmi.twitch.tv 004 justinfan12345 :-",
      ":tmi.twitch.tv 375 justinfan12345 :-",
      ":tmi.twitch.tv 372 justinfan12345 :You are in a wide open field!",
      ":tmi.twitch.tv 376 justinfan12345 :>",
    ]);
    // The client's three lines came in one frame, and so did the answers.
    expect(new Set(client.received.map((r) => r.frame)).size).toBe(1);

    client.send("JOIN #kitchen_lab");
    await client.waitFor((m) => m.command === "ROOMSTATE");
    expect(client.received.slice(8).map((r) => r.raw)).toEqual([
      ":justinfan12345!justinfan12345@justinfan12345.tmi.twitch.tv JOIN #kitchen_lab",
      ":justinfan12345.tmi.twitch.tv 353 justinfan12345 = #kitchen_lab :justinfan12345",
      ":justinfan12345.tmi.twitch.tv 366 justinfan12345 #kitchen_lab :End of /NAMES list",
      `@emote-only=0;followers-only=-1;r9k=0;room-id=${kitchenId};slow=0;subs-only=0 :tmi.twitch.tv ROOMSTATE #kitchen_lab`,
    ]);

    client.send("PART #kitchen_lab");
    const [part] = await client.waitFor((m) => m.command === "PART");
    expect(part?.params).toEqual(["#kitchen_lab"]);
    client.close();
  });

  test("JOIN #a,#b joins both; an unknown channel is joined silently, a suspended one answers a NOTICE", async () => {
    const suspend = await fetch(`${running.url}/sim/channels/retro_arena/chat`, {
      method: "POST",
      body: JSON.stringify({ suspended: true }),
    });
    expect(suspend.status).toBe(200);
    const client = await IrcTestClient.connect(irc);
    await client.signIn([]);
    client.send("JOIN #speedrun_sam,#no_such_channel_here,#retro_arena");
    await client.waitFor((m) => m.command === "NOTICE");
    await client.waitFor((m) => m.command === "366", 2);
    expect(client.messages("JOIN").map((m) => m.params[0])).toEqual([
      "#speedrun_sam",
      "#no_such_channel_here",
    ]);
    // Twitch has no room (so no ROOMSTATE) for a channel that does not exist.
    expect(client.messages("ROOMSTATE").map((m) => m.params[0])).toEqual(["#speedrun_sam"]);
    const notice = client.messages("NOTICE")[0];
    expect(notice?.tags["msg-id"]).toBe("msg_channel_suspended");
    expect(notice?.params).toEqual(["#retro_arena", "This channel does not exist or has been suspended."]);
    client.close();
  });

  test("without twitch.tv/tags lines carry no tags; without twitch.tv/commands no ROOMSTATE", async () => {
    const client = await IrcTestClient.connect(irc);
    await client.signIn(["kitchen_lab"], "twitch.tv/membership");
    expect(client.messages("ROOMSTATE")).toEqual([]);
    expect(client.received.every((r) => !r.raw.startsWith("@"))).toBe(true);
    client.send("CAP REQ :twitch.tv/tags twitch.tv/nonsense");
    const [nak] = await client.waitFor((m) => m.command === "CAP" && m.params[1] === "NAK");
    expect(nak?.params[2]).toBe("twitch.tv/tags twitch.tv/nonsense");
    client.close();
  });

  test("client PING, unknown commands, JOIN before NICK, and a NICK that is not anonymous", async () => {
    const client = await IrcTestClient.connect(irc);
    client.send("JOIN #kitchen_lab", "PING :hello there");
    await client.waitFor((m) => m.command === "PONG");
    expect(client.received.map((r) => r.raw)).toEqual([
      ":tmi.twitch.tv 451 * JOIN :You have not registered",
      ":tmi.twitch.tv PONG tmi.twitch.tv :hello there",
    ]);
    client.send("NICK justinfan77", "WHO #kitchen_lab");
    const [unknown] = await client.waitFor((m) => m.command === "421");
    expect(unknown?.params).toEqual(["justinfan77", "WHO", "Unknown command"]);
    client.close();

    const someone = await IrcTestClient.connect(irc);
    someone.send("PASS oauth:whatever", "NICK kitchen_lab");
    const [failed] = await someone.waitFor((m) => m.command === "NOTICE");
    expect(failed?.params).toEqual(["*", "Login authentication failed"]);
    await someone.closed;
    expect((await state(running.url)).closed.some((c) => c.reason === "auth_failed")).toBe(true);
  });

  test("the `irc` subprotocol is answered (tmi.js asks for it); a plain GET is told to upgrade", async () => {
    const client = await IrcTestClient.connect(irc, ["irc"]);
    expect(client.ws.protocol).toBe("irc");
    client.close();
    const plain = await fetch(`${running.url}/irc`);
    expect(plain.status).toBe(426);
    expect(await plain.text()).toContain("WebSocket");
  });
});

describe("the server's PING", () => {
  test("arrives every interval; a client that answers stays, one that never does is closed", async () => {
    const { running, irc } = sim({ ping_interval_ms: 40, pong_timeout_ms: 150 });
    const answering = await IrcTestClient.connect(irc);
    answering.ws.addEventListener("message", (event) => {
      if (String(event.data).startsWith("PING")) answering.send("PONG :tmi.twitch.tv");
    });
    await answering.signIn(["kitchen_lab"]);
    const silent = await IrcTestClient.connect(irc);
    await silent.signIn(["kitchen_lab"]);

    const closed = await silent.closed;
    expect(closed.code).toBe(1000);
    expect(silent.received.filter((r) => r.raw === "PING :tmi.twitch.tv").length).toBeGreaterThanOrEqual(1);
    // The answering client has seen more PINGs than fit in one deadline, and is still connected.
    await answering.waitFor((m) => m.command === "PING", 6);
    expect(answering.ws.readyState).toBe(WebSocket.OPEN);
    const closes = (await state(running.url)).closed;
    expect(closes.map((c) => c.reason)).toEqual(["ping_timeout"]);
    answering.close();
  });
});
