import { describe, expect, test } from "bun:test";
import { playbackSim } from "../../tests/support/sim-playback.ts";
import { apiWorld } from "./api-world.ts";
import type { SimContext } from "./context.ts";

// Viewer accounts in the simulator: Turbo, subscriptions and sub-only channels, set through the control API
// and seen by a client through GQL, usher and the media playlists.

const LADDER = ["160p30", "audio_only"];

/** GQL headers signing `login` in with a user token the simulator issued. */
function as(ctx: SimContext, login: string): Record<string, string> {
  const user = ctx.state.requireUser(login);
  return { Authorization: `OAuth ${apiWorld(ctx).tokens.issueUser("replayd", user.id, []).access.value}` };
}

async function state(p: ReturnType<typeof playbackSim>) {
  return (await (await p.call("/sim/state")).json()) as {
    users: { login: string; turbo: boolean; subscriptions: string[] }[];
    channels: { login: string; sub_only: boolean }[];
  };
}

describe("viewer-account switches", () => {
  test("Turbo, a subscription and sub-only are set and undone, and /sim/state shows them", async () => {
    const p = playbackSim();
    expect(await p.control("/users/sim_viewer/turbo", { turbo: true })).toMatchObject({
      login: "sim_viewer",
      turbo: true,
    });
    expect(await p.control("/users/sim_viewer/subscriptions", { channel: "kitchen_lab" })).toMatchObject({
      subscriptions: ["kitchen_lab"],
    });
    expect(await p.control("/channels/kitchen_lab/sub-only", { sub_only: true })).toEqual({
      login: "kitchen_lab",
      sub_only: true,
    });
    const on = await state(p);
    const kitchenId = p.ctx.state.requireUser("kitchen_lab").id;
    expect(on.users.find((u) => u.login === "sim_viewer")).toMatchObject({
      turbo: true,
      subscriptions: [kitchenId],
    });
    expect(on.channels.find((c) => c.login === "kitchen_lab")?.sub_only).toBe(true);

    await p.control("/users/sim_viewer/turbo", { turbo: false });
    await p.control("/users/sim_viewer/subscriptions", { channel: "kitchen_lab", subscribed: false });
    await p.control("/channels/kitchen_lab/sub-only", { sub_only: false });
    const off = await state(p);
    expect(off.users.find((u) => u.login === "sim_viewer")).toMatchObject({
      turbo: false,
      subscriptions: [],
    });
    expect(off.channels.find((c) => c.login === "kitchen_lab")?.sub_only).toBe(false);
  });

  test("POST /sim/users takes turbo and subscribes_to", async () => {
    const p = playbackSim();
    const res = await p.call("/sim/users", {
      method: "POST",
      body: JSON.stringify({ login: "sub_fan", turbo: true, subscribes_to: ["kitchen_lab", "code_garden"] }),
    });
    expect(res.status).toBe(201);
    const fan = p.ctx.state.requireUser("sub_fan");
    expect(fan.turbo).toBe(true);
    expect(fan.subscriptions).toEqual([
      p.ctx.state.requireUser("kitchen_lab").id,
      p.ctx.state.requireUser("code_garden").id,
    ]);
  });

  test.each([
    ["/users/sim_viewer/turbo", { turbo: "yes" }, 400, "turbo: "],
    ["/users/sim_viewer/turbo", {}, 400, "turbo: "],
    ["/users/nobody_here/turbo", { turbo: true }, 404, "no user nobody_here"],
    ["/users/sim_viewer/subscriptions", { channel: "nobody_here" }, 404, "no channel nobody_here"],
    ["/users/sim_viewer/subscriptions", {}, 400, "channel: "],
    ["/channels/kitchen_lab/sub-only", { sub_only: 1 }, 400, "sub_only: "],
    ["/channels/kitchen_lab/sub-only", { sub_only: true, extra: 1 }, 400, "body: "],
    ["/users", { login: "another_fan", subscribes_to: ["nobody_here"] }, 404, "no channel nobody_here"],
  ])("POST %s %j is a %i naming the problem", async (path, body, status, error) => {
    const p = playbackSim();
    const res = await p.call(`/sim${path}`, { method: "POST", body: JSON.stringify(body) });
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toStartWith(error);
    // A refused creation creates nobody.
    expect(p.ctx.state.userByLogin("another_fan")).toBeUndefined();
  });
});

describe("what a viewer's account changes about playback", () => {
  /** kitchen_lab live with a 4 s midroll at segments 5–6, and the 160p playlist as `viewer` sees it. */
  async function midroll(p: ReturnType<typeof playbackSim>, viewer: string | null) {
    await p.control("/channels/kitchen_lab/live", { ladder: LADDER, window_segments: 12 });
    p.clock.advance(10_000);
    await p.control("/channels/kitchen_lab/ad", { seconds: 4 });
    p.clock.advance(10_000);
    const t = await p.token("kitchen_lab", viewer ? as(p.ctx, viewer) : {});
    const m = await p.master("kitchen_lab", { token: t.value, sig: t.signature });
    const path = m.playlists.get("160p30") ?? "";
    return (await p.mediaPlaylist(path)).playlist;
  }

  test.each([
    ["anonymous", null, null, 2],
    ["signed in, no Turbo", "sim_viewer", null, 2],
    ["Turbo", "sim_viewer", "turbo", 0],
    ["a subscriber of the channel", "sim_viewer", "subscriber", 0],
    ["a subscriber of another channel", "sim_viewer", "other", 2],
  ])("%s (viewer %p, account %p) sees %i ad segments", async (_case, viewer, account, ads) => {
    const p = playbackSim();
    if (account === "turbo") await p.control("/users/sim_viewer/turbo", { turbo: true });
    if (account === "subscriber")
      await p.control("/users/sim_viewer/subscriptions", { channel: "kitchen_lab" });
    if (account === "other") await p.control("/users/sim_viewer/subscriptions", { channel: "code_garden" });
    const playlist = await midroll(p, viewer);
    const titles = playlist?.segments.map((s) => s.title) ?? [];
    expect(titles).toHaveLength(10);
    expect(titles.filter((t) => t.startsWith("Amazon|"))).toHaveLength(ads);
    const stitched = playlist?.segments.some((s) =>
      s.dateranges.some((d) => d.includes("twitch-stitched-ad")),
    );
    expect(stitched).toBe(ads > 0);
  });

  test("a Turbo viewer fetches live content where the break is; the ledger lists it as content", async () => {
    const p = playbackSim();
    await p.control("/users/sim_viewer/turbo", { turbo: true });
    const playlist = await midroll(p, "sim_viewer");
    // Sequences 0–9 listed; 5 and 6 are the break for everyone else.
    const inBreak = playlist?.segments[5];
    expect(inBreak?.title).toBe("live");
    const res = await p.call(inBreak?.path ?? "");
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const ledger = (await (await p.call("/sim/channels/kitchen_lab/segments")).json()) as {
      segments: { sequence: number; kind: string; fetches: number }[];
    };
    expect(ledger.segments.filter((s) => s.kind === "ad")).toEqual([]);
    expect(ledger.segments.find((s) => s.sequence === 5)).toMatchObject({ kind: "content", fetches: 1 });
  }, 30_000);
});
