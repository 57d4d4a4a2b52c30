import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mintToken, subscribeKey } from "../../relay/src/mint.mjs";
import { createRepository } from "../../src/db/repository.ts";
import { RelayClient } from "../../src/relay/relay.client.ts";
import { resolveRelayUrls } from "../../src/relay/relay-urls.ts";
import { prepareDataFolder } from "../support/data-folder.ts";
import { freshDatabase } from "../support/databases.ts";
import { freePort } from "../support/ports.ts";
import { quiet, simulator } from "../support/recorder.ts";
import { type RelayDev, startRelayDev } from "../support/relay-dev.ts";
import { RECORD_EVERYTHING } from "../support/schedule-rule.ts";
import { type ServerProcess, spawnServer } from "../support/server-process.ts";
import { until } from "../support/until.ts";

// The relay Worker under `wrangler dev --local`, the simulator as Twitch, replayd in relay mode. The
// 5-minute expiry is tested in the Worker's own tests (relay/test/buffer.test.ts) with a movable clock.
const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
// The deployment secret the relay runs under; the install's token and subscribe key are minted from it.
const RELAY_SECRET = "e2e-relay-deployment-secret-0123456789";
let TOKEN = "";
let KEY = "";
let relay: RelayDev;
const sim = simulator({ warp: 1, seed: 77 });
const servers: ServerProcess[] = [];

beforeAll(async () => {
  TOKEN = await mintToken(RELAY_SECRET);
  KEY = await subscribeKey(RELAY_SECRET, TOKEN);
  relay = await startRelayDev({ RELAY_SECRET });
}, 90_000);
afterAll(async () => {
  for (const s of servers) await s.stop();
  await relay?.stop();
  await sim.stop();
});

interface SimState {
  users: { id: string; login: string }[];
  subscriptions: { type: string; status: string; transport: { callback?: string } }[];
}
/** Deliveries the relay accepted for our token, from wrangler's request log. */
const relayAccepted = () => relay.output().split(`POST /u/${TOKEN} 202`).length - 1;
const simState = async () => (await (await fetch(`${sim.url}/sim/state`)).json()) as SimState;

describe("relay mode against the simulator", () => {
  test("an intruder holding the ingest URL cannot subscribe, a made-up token cannot post; verification round-trips through the relay; go-live records; events sent while replayd is down arrive once after its restart", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "replayd-relay-"));
    const dbPath = join(cwd, "data", "replayd.db");
    await prepareDataFolder(
      sim.url,
      join(cwd, "data"),
      ["kitchen_lab", "speedrun_sam"],
      async (repo, ids) => {
        for (const login of ["kitchen_lab", "speedrun_sam"]) {
          await repo.schedules.create({
            ...RECORD_EVERYTHING,
            broadcaster_id: ids[login] as string,
            requested_by: ids.sim_viewer as string,
          });
        }
      },
    );

    const ingest = `${relay.url}/u/${TOKEN}`;
    // Whoever learns the ingest URL (it is in Twitch's callback) cannot subscribe with it: without the
    // subscribe key the relay refuses the WebSocket, so an intruder can neither read events nor answer
    // Twitch's verification challenges. It tries first, so it would be the oldest socket.
    const subscribeUrl = `${relay.url.replace("http", "ws")}/u/${TOKEN}/subscribe`;
    for (const authorization of [undefined, `Bearer ${TOKEN}`]) {
      const intruder = new WebSocket(subscribeUrl, {
        headers: authorization ? { authorization } : {},
      } as unknown as string[]);
      const outcome = await new Promise<string>((resolve) => {
        intruder.addEventListener("open", () => resolve("open"));
        intruder.addEventListener("error", () => resolve("refused"));
      });
      expect(outcome).toBe("refused");
      const plain = await fetch(subscribeUrl.replace("ws", "http"), {
        headers: authorization ? { authorization } : {},
      });
      expect(plain.status).toBe(401);
    }
    // A made-up token is refused at ingest: it has no buffer to fill.
    const madeUp = await fetch(`${relay.url}/u/made_up_token_0123456789abcdefghijklmnop`, {
      method: "POST",
      headers: { "twitch-eventsub-message-type": "notification" },
      body: "{}",
    });
    expect(madeUp.status).toBe(403);

    const start = async () => {
      const server = await spawnServer({
        cmd: [process.execPath, MAIN],
        cwd,
        env: {
          PORT: String(freePort()),
          SERVER_MODE: "relay",
          RELAY_INGEST_URL: ingest,
          RELAY_SUBSCRIBE_KEY: KEY,
          TWITCH_SIMULATOR_URL: sim.url,
          LOG_LEVEL: "debug",
        },
      });
      servers.push(server);
      return server;
    };
    let server = await start();
    expect(server.lines.join("\n")).not.toContain(TOKEN);
    expect(server.lines.join("\n")).not.toContain(KEY);

    // Twitch's verification challenges reached replayd through the relay and the echo went back.
    const subs = await until("enabled subscriptions through the relay", async () => {
      const enabled = (await simState()).subscriptions.filter((s) => s.status === "enabled");
      return enabled.length >= 4 ? enabled : null;
    });
    expect(new Set(subs.map((s) => s.transport.callback))).toEqual(new Set([ingest]));

    const videos = () => {
      const sqlite = new Database(dbPath, { readonly: true });
      try {
        return sqlite
          .query<{ login: string }, []>(
            "select c.broadcaster_login as login from videos v join channels c on c.broadcaster_id = v.broadcaster_id",
          )
          .all()
          .map((r) => r.login);
      } finally {
        sqlite.close();
      }
    };
    const notifications = () => {
      const sqlite = new Database(dbPath, { readonly: true });
      try {
        return sqlite
          .query<{ event_id: string; event_type: string }, []>(
            "select event_id, event_type from webhook_events where message_type = 'notification'",
          )
          .all();
      } finally {
        sqlite.close();
      }
    };

    // Anyone who learns the ingest URL can post to it: a forged notification (a made-up signature) reaches
    // replayd, which refuses it; it must not hold back the genuine events queued behind it.
    const forged = await fetch(ingest, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "twitch-eventsub-message-id": "forged-0001",
        "twitch-eventsub-message-type": "notification",
        "twitch-eventsub-message-timestamp": new Date().toISOString(),
        "twitch-eventsub-message-signature": `sha256=${"0".repeat(64)}`,
        "twitch-eventsub-subscription-type": "stream.online",
        "twitch-eventsub-subscription-version": "1",
      },
      body: JSON.stringify({ subscription: { type: "stream.online" }, event: { broadcaster_user_id: "1" } }),
    });
    expect(forged.status).toBe(202);
    await until("the forged frame refused and passed", async () =>
      server.lines.some((l) => l.includes("refused by the receiver")),
    );

    const liveAt = performance.now();
    await sim.control("/channels/kitchen_lab/live", { segment_seconds: 0.25, ladder: ["360p30"] });
    await until("a recording of kitchen_lab", async () => videos().includes("kitchen_lab"));
    const startedMs = Math.round(performance.now() - liveAt);
    console.log(`relay mode: go-live (after a forged frame) → recording started in ${startedMs} ms`);
    expect(startedMs).toBeLessThan(2000);

    // replayd goes away; Twitch keeps posting to the relay, which keeps the events.
    await server.stop();
    const before = notifications().length;
    const acceptedBefore = relayAccepted();
    await sim.control("/channels/speedrun_sam/live", { segment_seconds: 0.25, ladder: ["360p30"] });
    await sim.control("/channels/kitchen_lab/offline", { end: "endlist" });
    await until("the relay to hold both events", async () => relayAccepted() >= acceptedBefore + 2);
    expect(notifications()).toHaveLength(before);
    server = await start();
    await until("both buffered events delivered", async () => notifications().length >= before + 2);
    await until("a recording of speedrun_sam", async () => videos().includes("speedrun_sam"));
    const resumed = server.lines.find((l) => l.includes('"relay connected"')) ?? "";
    expect(JSON.parse(resumed).cursor).toBeGreaterThan(0);

    // Exactly once: one audited message per Twitch message id, one recording per go-live.
    await Bun.sleep(500);
    const all = notifications();
    expect(new Set(all.map((n) => n.event_id)).size).toBe(all.length);
    expect(videos().filter((l) => l === "speedrun_sam")).toHaveLength(1);
    expect(videos().filter((l) => l === "kitchen_lab")).toHaveLength(1);
    await sim.control("/channels/speedrun_sam/offline", { end: "endlist" });
  }, 120_000);
});

describe("the relay client against a relay that drops", () => {
  test("a dropped WebSocket and a relay restart lose nothing, each event is taken once, reconnects follow the backoff", async () => {
    const database = await freshDatabase("sqlite");
    const handle = await database.open();
    const repo = createRepository(handle);
    const received: number[] = [];
    const receiver = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(req) {
        if (req.headers.get("x-replayd-relay") !== "1") return new Response("no marker", { status: 400 });
        received.push(((await req.json()) as { n: number }).n);
        return new Response(null, { status: 204 });
      },
    });
    const token = await mintToken(RELAY_SECRET);
    const urls = resolveRelayUrls({
      ingest: `${relay.url}/u/${token}`,
      subscribe: "",
      local: "",
      subscribeKey: await subscribeKey(RELAY_SECRET, token),
    });
    const makeClient = () =>
      new RelayClient({
        subscribeUrl: urls.subscribe,
        subscribeKey: urls.subscribeKey,
        localCallback: `http://127.0.0.1:${receiver.port}/api/v1/webhook/callback`,
        relayKey: urls.key,
        cursors: repo.relayCursors,
        log: quiet,
        backoff: { initialMs: 200, maxMs: 5000, healthyMs: 1500 },
      });
    const post = (n: number) =>
      fetch(`${relay.url}/u/${token}`, {
        method: "POST",
        headers: { "Twitch-Eventsub-Message-Type": "notification" },
        body: JSON.stringify({ n }),
      });
    const client = makeClient();
    client.start();
    try {
      expect(await client.ready).toBe(true);
      let n = 0;
      let droppedAt = 0;
      // A stream of events, with the WebSocket dropped in the middle of it.
      for (; n < 20; n++) {
        if (n === 10) {
          client.dropConnection();
          droppedAt = Date.now();
        }
        expect((await post(n)).status).toBe(202);
      }
      await until("the second session", async () => client.sessions >= 2);
      const reconnectMs = Date.now() - droppedAt;
      console.log(`relay client: reconnected ${reconnectMs} ms after the drop (first backoff step 200 ms)`);
      expect(reconnectMs).toBeLessThan(1500);
      await until("20 events", async () => received.length >= 20);

      // The relay itself restarts (its buffer is durable); events posted meanwhile are kept.
      const restartAt = Date.now();
      await relay.restart();
      for (; n < 25; n++) expect((await post(n)).status).toBe(202);
      await until("25 events", async () => received.length >= 25);
      const sessions = client.sessions;
      expect(sessions).toBeGreaterThanOrEqual(3);
      console.log(`relay client: back ${Date.now() - restartAt} ms after the relay restart began`);

      // A healthy session (longer than healthyMs) resets the backoff: the next drop reconnects at once.
      await Bun.sleep(1600);
      const dropped = Date.now();
      client.dropConnection();
      await until("a reconnect after a healthy session", async () => client.sessions > sessions);
      expect(Date.now() - dropped).toBeLessThan(1000);
      for (; n < 30; n++) await post(n);
      await until("30 events", async () => received.length >= 30);
      await Bun.sleep(300);
      expect(received).toEqual(Array.from({ length: 30 }, (_, i) => i));
    } finally {
      await client.stop();
    }

    // A new client (replayd restarted) resumes after the stored cursor: nothing is replayed twice.
    const stored = await repo.relayCursors.get(urls.key);
    expect(stored).toBe(30);
    const again = makeClient();
    again.start();
    await again.ready;
    await post(30);
    await until("event 30", async () => received.length >= 31);
    await again.stop();
    expect(received).toEqual(Array.from({ length: 31 }, (_, i) => i));
    receiver.stop(true);
    await database.dispose();
  }, 120_000);
});
