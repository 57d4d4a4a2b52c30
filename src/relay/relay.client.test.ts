import { afterEach, expect, test } from "bun:test";
import { Writable } from "node:stream";
import type { ServerWebSocket } from "bun";
import type { RelayCursorRepository } from "../db/repos/relay-cursors.repo.ts";
import { createLogger } from "../log/logger.ts";
import { RelayClient, refusedAsInvalid } from "./relay.client.ts";

// The client against a small relay speaking the protocol (a real WebSocket server on loopback) and a real
// local receiver; the cursor store is an in-memory stand-in for the relay_cursors table.
const log = createLogger({ level: "fatal", format: "json" });
const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0)) await step();
});

function memoryCursors(): RelayCursorRepository & { value: number } {
  return {
    value: 0,
    async get() {
      return this.value;
    },
    async advance(_relay, cursor) {
      this.value = Math.max(this.value, cursor);
    },
  };
}

function frame(cursor: number, n: number) {
  return JSON.stringify({
    id: `f${cursor}`,
    cursor,
    ts: Date.now(),
    headers: { "twitch-eventsub-message-type": "notification", "cf-ray": "x" },
    body: Buffer.from(JSON.stringify({ n })).toString("base64"),
    requires_response: false,
  });
}

const KEY = "k".repeat(43);

/**
 * A relay holding frames 1..3; records each connection's cursor and every dispatch_result. Like the real
 * one, it wants the subscribe key as a bearer before anything else (401 otherwise, upgrade or not).
 */
function fakeRelay(options: { answerPings: boolean; key?: string }) {
  const connections: string[] = [];
  const results: { id: string; status: number }[] = [];
  const requests: { url: string; authorization: string | null }[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req, srv) {
      requests.push({ url: req.url, authorization: req.headers.get("authorization") });
      if (req.headers.get("authorization") !== `Bearer ${options.key ?? KEY}`) {
        return new Response("subscribe key missing or wrong\n", { status: 401 });
      }
      connections.push(new URL(req.url).searchParams.get("cursor") ?? "");
      return srv.upgrade(req, { data: new URL(req.url).searchParams.get("cursor") ?? "0" })
        ? undefined
        : new Response("upgrade", { status: 426 });
    },
    websocket: {
      open(ws: ServerWebSocket<string>) {
        for (let c = Number(ws.data) + 1; c <= 3; c++) ws.send(frame(c, c));
      },
      message(ws, message) {
        if (message === "ping") {
          if (options.answerPings) ws.send("pong");
          return;
        }
        results.push(JSON.parse(String(message)));
      },
    },
  });
  cleanup.push(() => server.stop(true));
  return { url: `ws://127.0.0.1:${server.port}/u/t/subscribe`, connections, results, requests };
}

function receiver(statusFor: (n: number, attempt: number) => number) {
  const seen: { n: number; marker: string | null; cfRay: string | null }[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const { n } = (await req.json()) as { n: number };
      seen.push({ n, marker: req.headers.get("x-replayd-relay"), cfRay: req.headers.get("cf-ray") });
      return new Response(null, { status: statusFor(n, seen.filter((s) => s.n === n).length) });
    },
  });
  cleanup.push(() => server.stop(true));
  return { url: `http://127.0.0.1:${server.port}/api/v1/webhook/callback`, seen };
}

/** A client of `relay` replaying to `local`, started (and stopped after the test); quick backoff. */
function startClient(
  relay: { url: string },
  local: { url: string },
  options: Partial<ConstructorParameters<typeof RelayClient>[0]> = {},
) {
  const cursors = memoryCursors();
  const client = new RelayClient({
    subscribeUrl: relay.url,
    subscribeKey: KEY,
    localCallback: local.url,
    relayKey: "k",
    cursors,
    log,
    backoff: { initialMs: 50, maxMs: 1000, healthyMs: 10_000 },
    ...options,
  });
  client.start();
  cleanup.push(() => client.stop());
  return { client, cursors };
}

async function until(what: string, probe: () => boolean, timeoutMs = 5000) {
  const started = Date.now();
  while (!probe()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

test("a failed dispatch ends the session without moving the cursor; the event is replayed and the rest follow", async () => {
  const relay = fakeRelay({ answerPings: true });
  // Event 2 fails the first time (the receiver was briefly unable), then succeeds.
  const local = receiver((n, attempt) => (n === 2 && attempt === 1 ? 500 : 204));
  const { cursors } = startClient(relay, local);
  await until("event 3 taken", () => cursors.value === 3);
  expect(local.seen.map((s) => s.n)).toEqual([1, 2, 2, 3]);
  expect(relay.connections).toEqual(["", "1"]);
  expect(relay.results.map((r) => [r.id, r.status])).toEqual([
    ["f1", 204],
    ["f2", 500],
    ["f2", 204],
    ["f3", 204],
  ]);
  expect(local.seen.every((s) => s.marker === "1" && s.cfRay === null)).toBe(true);
});

test("the subscribe key travels as a bearer header on the upgrade, never in the URL", async () => {
  const relay = fakeRelay({ answerPings: true });
  const { cursors } = startClient(
    relay,
    receiver(() => 204),
  );
  await until("event 3 taken", () => cursors.value === 3);
  expect(relay.requests[0]?.authorization).toBe(`Bearer ${KEY}`);
  expect(relay.requests.some((r) => r.url.includes(KEY))).toBe(false);
});

test("a relay refusing the subscribe key is retried with backoff, and the log says which setting to check", async () => {
  const relay = fakeRelay({ answerPings: true, key: "another-key" });
  const lines: string[] = [];
  const logged = createLogger({
    level: "warn",
    format: "json",
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  startClient(
    relay,
    receiver(() => 204),
    { log: logged },
  );
  await until(
    "two refused attempts",
    () => lines.filter((l) => l.includes("RELAY_SUBSCRIBE_KEY")).length >= 2,
  );
  expect(relay.connections).toEqual([]);
  expect(lines.join("\n")).not.toContain(KEY);
});

test("a connection dropped while a frame is being replayed: that frame's cursor is stored before reconnecting, so it is not replayed twice", async () => {
  const relay = fakeRelay({ answerPings: true });
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const seen: number[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const { n } = (await req.json()) as { n: number };
      seen.push(n);
      if (n === 2 && seen.length === 2) await held;
      return new Response(null, { status: 204 });
    },
  });
  cleanup.push(() => server.stop(true));
  const local = { url: `http://127.0.0.1:${server.port}/api/v1/webhook/callback` };
  const { client, cursors } = startClient(relay, local);
  await until("event 2 being replayed", () => seen.includes(2));
  client.dropConnection();
  await until("the session to end", () => !client.connected);
  release();
  await until("event 3 taken", () => cursors.value === 3);
  expect(relay.connections).toEqual(["", "2"]);
  expect(seen).toEqual([1, 2, 3]);
});

test("a relay that stops answering pings is left within the heartbeat deadline", async () => {
  const relay = fakeRelay({ answerPings: false });
  const local = receiver(() => 204);
  const { client } = startClient(relay, local, { pingIntervalMs: 100, deadAfterMs: 300 });
  await client.ready;
  const connected = Date.now();
  await until("a second connection", () => relay.connections.length >= 2);
  // Silent from the start: noticed at the first ping tick after 300 ms, then 50 ms of backoff.
  expect(Date.now() - connected).toBeLessThan(800);
});

test("a frame the receiver refuses as invalid (a forged signature) is passed: the events behind it follow in the same session", async () => {
  const relay = fakeRelay({ answerPings: true });
  // Event 2 is refused (403, as a bad signature is): asking again would be refused again.
  const local = receiver((n) => (n === 2 ? 403 : 204));
  const { cursors } = startClient(relay, local);
  await until("event 3 taken", () => cursors.value === 3);
  expect(local.seen.map((s) => s.n)).toEqual([1, 2, 3]);
  expect(relay.connections).toEqual([""]);
});

test.each([
  [400, true],
  [403, true],
  [404, true],
  [408, false],
  [429, false],
  [500, false],
  [502, false],
  [204, false],
])("receiver answer %i refused as invalid: %p", (status, expected) => {
  expect(refusedAsInvalid(status)).toBe(expected);
});
