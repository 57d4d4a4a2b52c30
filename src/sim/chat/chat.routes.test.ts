import { describe, expect, test } from "bun:test";
import { manualClock, quietLog } from "../../../tests/support/sim.ts";
import { createSimulator } from "../server.ts";
import type { LedgerEntry } from "./ledger.ts";

/** The chat control routes over the simulator's app (no sockets: the ledger says what would be sent). */

function sim(options: { seed?: number; rate?: number } = {}) {
  const clock = manualClock();
  const simulator = createSimulator({
    log: quietLog,
    seed: options.seed ?? 4,
    clock,
    chat: { rate_per_second: options.rate ?? 0 },
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await simulator.app.request(`/sim${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read answers of several shapes
    return { status: res.status, json: (await res.json()) as any };
  };
  const ledger = async (login: string, query = "") =>
    (await call("GET", `/channels/${login}/chat/ledger${query}`)).json as {
      total: number;
      entries: LedgerEntry[];
      next_since: number | null;
    };
  return { simulator, clock, call, ledger };
}

describe("POST /sim/channels/{login}/chat", () => {
  test.each([
    [{ rate_per_second: -1 }, "rate_per_second"],
    [{ rate_per_second: "fast" }, "rate_per_second"],
    [{ kinds: ["message", "shouting"] }, "kinds"],
    [{ kinds: [] }, "kinds"],
    [{ kinds: { message: 0 } }, "kinds"],
    [{ rate: 5 }, "rate"],
  ])("refuses %j, naming the field", async (body, field) => {
    const { call, simulator } = sim();
    const res = await call("POST", "/channels/kitchen_lab/chat", body);
    expect(res.status).toBe(400);
    expect(res.json.error).toContain(field);
    simulator.close();
  });

  test("an unknown channel is a 404", async () => {
    const { call, simulator } = sim();
    expect((await call("POST", "/channels/nobody_at_all/chat", { rate_per_second: 1 })).status).toBe(404);
    expect((await call("GET", "/channels/nobody_at_all/chat/ledger")).status).toBe(404);
    simulator.close();
  });

  test("chat runs only while the channel is live, at the rate asked, retuned from the moment it changes", async () => {
    const { call, clock, ledger, simulator } = sim();
    await call("POST", "/channels/kitchen_lab/chat", { rate_per_second: 10 });
    clock.advance(5_000);
    expect((await ledger("kitchen_lab")).total).toBe(0);

    const liveAt = clock.now();
    await call("POST", "/channels/kitchen_lab/live", {});
    clock.advance(10_000);
    expect((await ledger("kitchen_lab")).total).toBe(100);
    await call("POST", "/channels/kitchen_lab/chat", { rate_per_second: 20, kinds: { message: 1, sub: 3 } });
    clock.advance(10_000);
    await call("POST", "/channels/kitchen_lab/offline", {});
    const endAt = clock.now();
    clock.advance(10_000);

    const book = await ledger("kitchen_lab");
    expect(book.total).toBe(300);
    // Nobody was connected: each line was sent to no socket.
    expect(book.entries.every((e) => e.delivered_to === 0)).toBe(true);
    expect(book.entries.every((e) => e.sent_at_ms > liveAt && e.sent_at_ms <= endAt)).toBe(true);
    expect(new Set(book.entries.slice(100).map((e) => e.kind))).toEqual(new Set(["message", "sub"]));
    const view = (await call("GET", "/channels/kitchen_lab/chat")).json;
    expect(view).toMatchObject({ rate_per_second: 20, default_rate: false, live: false, sent: 300 });
    simulator.close();
  });

  test("the default rate applies to every live channel; the mix is mostly viewers talking", async () => {
    const { call, clock, ledger, simulator } = sim({ rate: 25 });
    await call("POST", "/channels/speedrun_sam/live", {});
    await call("POST", "/channels/retro_arena/live", {});
    clock.advance(40_000);
    for (const login of ["speedrun_sam", "retro_arena"]) {
      const book = await ledger(login);
      expect(book.total).toBe(1000);
      const talk = book.entries.filter((e) => ["message", "reply", "action", "cheer"].includes(e.kind));
      expect(talk.length / book.total).toBeGreaterThan(0.8);
      expect(new Set(book.entries.map((e) => e.kind)).size).toBeGreaterThan(5);
    }
    expect((await ledger("kitchen_lab")).total).toBe(0);
    const state = (await call("GET", "/state")).json.chat;
    expect(state.channels.find((c: { login: string }) => c.login === "speedrun_sam")).toMatchObject({
      rate_per_second: 25,
      default_rate: true,
      live: true,
      sent: 1000,
      listeners: 0,
    });
    simulator.close();
  });

  test("the ledger pages with ?since= and limit", async () => {
    const { call, clock, ledger, simulator } = sim();
    await call("POST", "/channels/kitchen_lab/live", {});
    await call("POST", "/channels/kitchen_lab/chat", { rate_per_second: 10 });
    clock.advance(2_500);
    const first = await ledger("kitchen_lab", "?limit=10");
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(first.next_since).toBe(10);
    const rest = await ledger("kitchen_lab", `?since=${first.next_since}&limit=100`);
    expect(rest.entries.map((e) => e.seq)).toEqual([
      11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
    ]);
    expect(rest.next_since).toBeNull();
    expect((await call("GET", "/channels/kitchen_lab/chat/ledger?since=-1")).status).toBe(400);
    simulator.close();
  });

  test("the same seed says the same things, however the time is cut; another seed other things", async () => {
    const run = async (seed: number, split = false) => {
      const { call, clock, ledger, simulator } = sim({ seed });
      await call("POST", "/channels/kitchen_lab/live", {});
      await call("POST", "/channels/kitchen_lab/chat", { rate_per_second: 30 });
      clock.advance(3_000);
      if (split) await ledger("kitchen_lab");
      clock.advance(7_000);
      const book = await ledger("kitchen_lab");
      simulator.close();
      return book.entries.map(({ id, kind, user_login, text }) => ({ id, kind, user_login, text }));
    };
    const a = await run(11);
    expect(a).toHaveLength(300);
    expect(await run(11, true)).toEqual(a);
    expect((await run(12))[0]).not.toEqual(a[0]);
  });
});
