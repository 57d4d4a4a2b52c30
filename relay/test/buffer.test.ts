import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { RelayBuffer } from "../src/buffer.ts";
import { notification, subscribe, token } from "./support.ts";

const stubOf = (tok: string) => env.RELAY.get(env.RELAY.idFromName(tok));
const rows = (tok: string) =>
  runInDurableObject(stubOf(tok), (_: RelayBuffer, state) =>
    Number(state.storage.sql.exec("SELECT count(*) AS n FROM events").one().n),
  );
/** Moves the buffer's clock forward, as if that much time had passed. */
const advance = (tok: string, ms: number) =>
  runInDurableObject(stubOf(tok), (buffer: RelayBuffer) => {
    const base = buffer.now;
    buffer.now = () => base() + ms;
  });

describe("the 5-minute buffer", () => {
  it("events older than 5 minutes are not replayed; younger ones are", async () => {
    const tok = await token();
    await notification(tok, 1);
    await advance(tok, 4 * 60_000);
    await notification(tok, 2);
    await advance(tok, 61_000 + 1);
    const sub = await subscribe(tok);
    expect((await sub.frame(1)).cursor).toBe(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(sub.frames).toHaveLength(1);
  });

  it("the alarm prunes expired rows of a quiet token and is not rescheduled once empty", async () => {
    const tok = await token();
    await notification(tok, 1);
    await notification(tok, 2);
    expect(await rows(tok)).toBe(2);
    const alarm = await runInDurableObject(stubOf(tok), (_: RelayBuffer, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    await advance(tok, 5 * 60_000 + 1);
    expect(await runDurableObjectAlarm(stubOf(tok))).toBe(true);
    expect(await rows(tok)).toBe(0);
    const next = await runInDurableObject(stubOf(tok), (_: RelayBuffer, state) => state.storage.getAlarm());
    expect(next).toBeNull();
  });
});

describe("heartbeat", () => {
  it("'ping' is answered 'pong'; a silent subscriber is closed within the timeout, a pinging one is kept", async () => {
    const tok = await token();
    const silent = await subscribe(tok);
    const alive = await subscribe(tok);
    alive.socket.send("ping");
    await expect.poll(() => alive.texts.includes("pong")).toBe(true);
    const pinger = setInterval(() => alive.socket.send("ping"), 500);
    try {
      const started = Date.now();
      // HEARTBEAT_TIMEOUT_MS is 3000 in the test configuration; checks run every half timeout.
      expect(await silent.closed).toEqual({ code: 1011, reason: "heartbeat timeout" });
      expect(Date.now() - started).toBeLessThan(6000);
      expect(alive.socket.readyState).toBe(WebSocket.OPEN);
      await notification(tok, 1);
      expect((await alive.frame(1)).cursor).toBe(1);
    } finally {
      clearInterval(pinger);
    }
  });
});
