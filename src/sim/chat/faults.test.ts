import { afterAll, describe, expect, test } from "bun:test";
import { manualClock, quietLog } from "../../../tests/support/sim.ts";
import { type RunningSimulator, startSimulator } from "../server.ts";
import type { LedgerEntry } from "./ledger.ts";
import { IrcTestClient, stalledClient } from "./test-clients.ts";

/** Chat faults: RECONNECT before maintenance, sockets dropped, slow consumers cut off. */

const sims: RunningSimulator[] = [];
async function sim() {
  const clock = manualClock();
  const running = startSimulator({
    log: quietLog,
    port: 0,
    seed: 21,
    clock,
    chat: { reconnect_close_ms: 50 },
  });
  sims.push(running);
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${running.url}/sim${path}`, { method: "POST", body: JSON.stringify(body) });
    return (await res.json()) as Record<string, unknown>;
  };
  const ledger = async (since = 0) =>
    (
      (await (await fetch(`${running.url}/sim/channels/kitchen_lab/chat/ledger?since=${since}`)).json()) as {
        entries: LedgerEntry[];
      }
    ).entries;
  const closes = async () =>
    (
      (await (await fetch(`${running.url}/sim/state`)).json()) as { chat: { closed: { reason: string }[] } }
    ).chat.closed.map((c) => c.reason);
  await post("/channels/kitchen_lab/live", {});
  return { running, clock, post, ledger, closes, irc: `${running.url.replace("http", "ws")}/irc` };
}
afterAll(async () => {
  for (const running of sims) await running.stop();
});

const chatLines = (client: IrcTestClient) => client.messages("PRIVMSG");

describe("chat faults", () => {
  test("irc_reconnect: every socket gets RECONNECT, then is closed; the switch is not kept", async () => {
    const { post, closes, irc, running } = await sim();
    const clients = [await IrcTestClient.connect(irc), await IrcTestClient.connect(irc)];
    await clients[0]?.signIn(["kitchen_lab"]);
    await clients[1]?.signIn([]);
    // Without twitch.tv/commands: no RECONNECT line, only the close.
    const plain = await IrcTestClient.connect(irc);
    await plain.signIn(["kitchen_lab"], "twitch.tv/tags");
    const answer = await post("/faults", { irc_reconnect: true });
    expect(answer.irc_actions).toEqual({ reconnected: 3, dropped: 0 });
    for (const client of clients) {
      const closed = await client.closed;
      expect(client.received.at(-1)?.raw).toBe(":tmi.twitch.tv RECONNECT");
      expect(closed.code).toBe(1000);
    }
    await plain.closed;
    expect(plain.messages("RECONNECT")).toEqual([]);
    expect(await closes()).toEqual(["reconnect", "reconnect", "reconnect"]);
    const state = (await (await fetch(`${running.url}/sim/state`)).json()) as {
      faults: Record<string, unknown>;
    };
    expect(Object.keys(state.faults)).not.toContain("irc_reconnect");
  });

  test("irc_drop: sockets are cut without a word; lines meanwhile reach nobody; a new socket gets the rest", async () => {
    const { post, ledger, closes, irc, clock } = await sim();
    await post("/channels/kitchen_lab/chat", { rate_per_second: 10, kinds: ["message"] });
    const first = await IrcTestClient.connect(irc);
    await first.signIn(["kitchen_lab"]);
    clock.advance(2_000);
    await first.waitFor((m) => m.command === "PRIVMSG", (await ledger()).length);

    expect((await post("/faults", { irc_drop: true })).irc_actions).toEqual({ reconnected: 0, dropped: 1 });
    const closed = await first.closed;
    // No close frame: the client sees an abnormal closure.
    expect(closed.code).toBe(1006);
    expect(first.received.some((r) => r.raw.includes("RECONNECT"))).toBe(false);
    clock.advance(1_000);
    const during = await ledger(20);
    expect(during).toHaveLength(10);
    expect(during.every((e) => e.delivered_to === 0)).toBe(true);

    const second = await IrcTestClient.connect(irc);
    await second.signIn(["kitchen_lab"]);
    clock.advance(1_000);
    const after = await ledger(30);
    expect(after.every((e) => e.delivered_to === 1)).toBe(true);
    const got = await second.waitFor((m) => m.command === "PRIVMSG", 10);
    expect(got.map((m) => m.tags.id)).toEqual(after.map((e) => e.id));
    expect(chatLines(first)).toHaveLength(20);
    expect(await closes()).toEqual(["drop"]);
    second.close();
  });

  test("a socket that stops reading is dropped past irc_slow_consumer_bytes; one that reads keeps everything", async () => {
    const { running, post, ledger, closes, irc, clock } = await sim();
    await post("/faults", { irc_slow_consumer_bytes: 64 * 1024 });
    await post("/channels/kitchen_lab/chat", { rate_per_second: 200 });
    const reader = await IrcTestClient.connect(irc);
    await reader.signIn(["kitchen_lab"]);
    const stalled = await stalledClient(running.url, "kitchen_lab");
    try {
      // Rounds of ~50 KB: the reader drains each before the next; the stalled socket's backlog grows.
      let sent: LedgerEntry[] = [];
      for (let round = 0; round < 400 && !(await closes()).includes("slow_consumer"); round++) {
        clock.advance(500);
        sent = sent.concat(await ledger(sent.at(-1)?.seq ?? 0));
        await reader.waitFor((m) => CHAT.has(m.command), sent.length + 1);
      }
      expect(await closes()).toEqual(["slow_consumer"]);
      // Before the cut both sockets were handed each line, after it only the reader; it has them all.
      const handed = sent.map((e) => e.delivered_to);
      expect(handed[0]).toBe(2);
      expect(handed.at(-1)).toBe(1);
      expect(handed.indexOf(1)).toBe(handed.lastIndexOf(2) + 1);
      clock.advance(500);
      sent = sent.concat(await ledger(sent.at(-1)?.seq ?? 0));
      const got = await reader.waitFor((m) => CHAT.has(m.command), sent.length + 1);
      expect(got.length).toBe(sent.length + 1);
      expect(reader.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      stalled.destroy();
      reader.close();
    }
  });
});

const CHAT = new Set(["PRIVMSG", "USERNOTICE", "CLEARCHAT", "CLEARMSG", "ROOMSTATE"]);
