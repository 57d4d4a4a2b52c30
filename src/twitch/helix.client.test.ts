import { afterAll, describe, expect, test } from "bun:test";
import { quiet } from "../../tests/support/recorder.ts";
import { startSimulator } from "../sim/server.ts";
import { twitchEndpoints } from "./endpoints.ts";
import { type HelixCall, HelixClient } from "./helix.client.ts";

// Helix as the simulator serves it (a real HTTP server on loopback).
const sim = startSimulator({ log: quiet, port: 0, seed: 3 });
afterAll(() => sim.stop());
const endpoints = twitchEndpoints({
  client_id: "",
  client_secret: "",
  simulator_url: sim.url,
  helix_url: "",
  oauth_url: "",
  gql_url: "",
  usher_url: "",
});
const control = (path: string, body: unknown = {}) =>
  fetch(`${sim.url}/sim${path}`, { method: "POST", body: JSON.stringify(body) });

function client(calls: HelixCall[] = []) {
  return new HelixClient({
    endpoints,
    clientId: "replayd-test",
    clientSecret: "secret",
    onCall: (c) => calls.push(c),
  });
}

describe("HelixClient against the simulator", () => {
  test("users by login, then live streams of those users: offline ones are absent", async () => {
    const helix = client();
    const users = await helix.users({ logins: ["kitchen_lab", "speedrun_sam"] });
    expect(users.map((u) => u.login).sort()).toEqual(["kitchen_lab", "speedrun_sam"]);
    await control("/channels/kitchen_lab/live", { title: "Live now", segment_seconds: 2 });
    const streams = await helix.streams(users.map((u) => u.id));
    expect(streams.map((s) => [s.user_login, s.title])).toEqual([["kitchen_lab", "Live now"]]);
    await control("/channels/kitchen_lab/offline");
  });

  test("more than 100 channels are asked in batches", async () => {
    const calls: HelixCall[] = [];
    const ids = Array.from({ length: 230 }, (_, i) => String(900_000 + i));
    expect(await client(calls).streams(ids)).toEqual([]);
    expect(calls.filter((c) => c.fetchType === "GET /streams")).toHaveLength(3);
  });

  test("the app token is fetched once and reused", async () => {
    const calls: HelixCall[] = [];
    const helix = client(calls);
    await helix.games(["509658"]);
    await helix.games(["27471"]);
    expect(calls.map((c) => c.fetchType)).toEqual(["GET /games", "GET /games"]);
  });

  test("429s are waited out (Ratelimit-Reset) and the call succeeds", async () => {
    await control("/faults", { helix_429_rate: 0.5 });
    try {
      const calls: HelixCall[] = [];
      const games = await client(calls).games(["509658"]);
      expect(games[0]?.name).toBe("Just Chatting");
    } finally {
      await control("/faults", { helix_429_rate: 0 });
    }
  }, 30_000);

  test("EventSub subscriptions: create (Twitch verifies), list with totals, delete, duplicate is refused", async () => {
    const helix = client();
    const [user] = await helix.users({ logins: ["night_owl_music"] });
    // A receiver that passes Twitch's verification by echoing the challenge.
    const receiver = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      fetch: async (req) => {
        const body = (await req.json()) as { challenge?: string };
        return new Response(body.challenge ?? "", { headers: { "Content-Type": "text/plain" } });
      },
    });
    const callback = `http://127.0.0.1:${receiver.port}/api/v1/webhook/callback`;
    const sub = await helix.subscribe({
      type: "stream.online",
      version: "1",
      condition: { broadcaster_user_id: user?.id ?? "" },
      callback,
      secret: "a-secret-of-20-chars",
    });
    expect(sub.status).toBe("webhook_callback_verification_pending");
    await expect(
      helix.subscribe({
        type: "stream.online",
        version: "1",
        condition: { broadcaster_user_id: user?.id ?? "" },
        callback,
        secret: "a-secret-of-20-chars",
      }),
    ).rejects.toThrow(/exists already/);
    const listed = await helix.subscriptions();
    expect(listed.data.some((s) => s.id === sub.id)).toBe(true);
    expect(listed.maxTotalCost).toBeGreaterThan(0);
    await helix.unsubscribe(sub.id);
    await helix.unsubscribe(sub.id);
    expect((await helix.subscriptions()).data.some((s) => s.id === sub.id)).toBe(false);
    receiver.stop(true);
  });

  test("wrong credentials are a clear error naming the settings", async () => {
    const strict = startSimulator({ log: quiet, port: 0, seed: 4, clientId: "right", clientSecret: "right" });
    try {
      const endpointsStrict = { ...endpoints, helix: `${strict.url}/helix`, oauth: `${strict.url}/oauth2` };
      const helix = new HelixClient({ endpoints: endpointsStrict, clientId: "wrong", clientSecret: "wrong" });
      await expect(helix.games(["1"])).rejects.toThrow(/TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET/);
    } finally {
      await strict.stop();
    }
  });
});
