import { describe, expect, test } from "bun:test";
import { createLogger } from "../log/logger.ts";
import { FIXTURE_CHANNELS, FIXTURE_VIEWER } from "./fixture.ts";
import { createSimulator } from "./server.ts";
import type { SimEvent } from "./state.ts";

const log = createLogger({ level: "fatal", format: "json" });

function sim() {
  const simulator = createSimulator({ log, seed: 42 });
  const events: SimEvent["type"][] = [];
  simulator.ctx.state.onEvent((e) => events.push(e.type));
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await simulator.app.request(path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return { simulator, events, call };
}

describe("simulator control API", () => {
  test("GET /sim/state shows the fixture: channels and a viewer who follows them all", async () => {
    const { call } = sim();
    const { json } = await call("GET", "/sim/state");
    const channels = json.channels as { login: string; live: boolean }[];
    expect(channels.map((c) => c.login)).toEqual([FIXTURE_VIEWER, ...FIXTURE_CHANNELS.map((c) => c.login)]);
    expect(channels.every((c) => !c.live)).toBe(true);
    const viewer = (json.users as { login: string; follows: unknown[] }[]).find(
      (u) => u.login === FIXTURE_VIEWER,
    );
    expect(viewer?.follows).toHaveLength(FIXTURE_CHANNELS.length);
    expect(json.seed).toBe(42);
  });

  test("a channel goes live and offline, announcing each change", async () => {
    const { call, events } = sim();
    const live = await call("POST", "/sim/channels/kitchen_lab/live", {
      title: "Bread",
      category_id: "26936",
    });
    expect(live.status).toBe(200);
    expect(live.json).toMatchObject({ live: true, info: { title: "Bread", category_name: "Music" } });
    expect((await call("POST", "/sim/channels/kitchen_lab/update", { title: "Cake" })).json).toMatchObject({
      info: { title: "Cake" },
    });
    const offline = await call("POST", "/sim/channels/kitchen_lab/offline", { end: "404" });
    expect(offline.json).toMatchObject({ live: false, session: { ended: { mode: "404" } } });
    expect(events).toEqual(["stream.online", "channel.update", "stream.offline"]);
  });

  test("POST /sim/users creates a channel and answers its id and login", async () => {
    const { call } = sim();
    const created = await call("POST", "/sim/users", { login: "New_Streamer", follows: ["kitchen_lab"] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ login: "new_streamer" });
    expect(typeof created.json.id).toBe("string");
    expect((await call("POST", "/sim/users", { login: "new_streamer" })).status).toBe(409);
  });

  test.each([
    ["/sim/channels/kitchen_lab/live", { ladder: ["huge"] }, /^ladder\.0: /],
    ["/sim/channels/kitchen_lab/live", { codec: "vp9" }, /^codec: /],
    ["/sim/channels/kitchen_lab/ad", { seconds: 30 }, /kitchen_lab is not live/],
    ["/sim/channels/nobody/live", {}, /no channel nobody/],
    ["/sim/faults", { segment_error_rate: 2 }, /^segment_error_rate: /],
    ["/sim/faults", { no_such_switch: true }, /no_such_switch/],
    ["/sim/faults", { playlist_stale_rate: 1.5 }, /^playlist_stale_rate: /],
    ["/sim/channels/kitchen_lab/live", { live_sequence: "ads" }, /^live_sequence: /],
    ["/sim/channels/kitchen_lab/live", { end: "gone" }, /^end: /],
    ["/sim/channels/kitchen_lab/live", { playlist_keep_seconds: -1 }, /^playlist_keep_seconds: /],
    ["/sim/channels/kitchen_lab/offline", { end: "gone" }, /^end: /],
    ["/sim/channels/kitchen_lab/offline", { master_cache_seconds: -5 }, /^master_cache_seconds: /],
    ["/sim/channels/kitchen_lab/offline", { reconnect_after_seconds: "soon" }, /^reconnect_after_seconds: /],
    ["/sim/channels/kitchen_lab/offline", { reconnect: 5 }, /reconnect/],
    ["/sim/channels/kitchen_lab/offline", {}, /kitchen_lab is not live/],
  ])("POST %s %p is refused with a message naming the problem", async (path, body, message) => {
    const { call } = sim();
    const { status, json } = await call("POST", path, body);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(String(json.error)).toMatch(message);
  });

  test("an ad break starts at the next segment and covers the asked duration", async () => {
    const { call } = sim();
    await call("POST", "/sim/channels/kitchen_lab/live", { segment_seconds: 2 });
    const ad = await call("POST", "/sim/channels/kitchen_lab/ad", { seconds: 30 });
    expect(ad.json).toMatchObject({ start_sequence: 0, segments: 15, roll: "preroll" });
  });

  test("fault switches merge and show in the state", async () => {
    const { call } = sim();
    await call("POST", "/sim/faults", { segment_error_rate: 0.1 });
    const { json } = await call("POST", "/sim/faults", { integrity_required: true });
    expect(json).toMatchObject({ segment_error_rate: 0.1, integrity_required: true, playlist_error_rate: 0 });
    expect((await call("GET", "/sim/state")).json.faults).toEqual(json);
  });
});
