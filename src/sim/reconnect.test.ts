import { afterEach, describe, expect, test } from "bun:test";
import { playbackSim } from "../../tests/support/sim-playback.ts";
import { until } from "../../tests/support/until.ts";

// Quick reconnects run on the simulator's own timers, so these simulators' clocks run by themselves (warp).
const LADDER = ["160p30", "audio_only"];
const sims: ReturnType<typeof playbackSim>[] = [];
afterEach(async () => {
  for (const p of sims.splice(0)) await p.stop();
});
function sim(seed: number, options: { http?: boolean; warp: number }) {
  const p = playbackSim(seed, options);
  sims.push(p);
  return p;
}

const broadcastId = (master: string) => /BROADCAST-ID="(\d+)"/.exec(master)?.[1];

interface ChannelState {
  login: string;
  live: boolean;
  session: { stream_id: string; started_at: string; ended: { at: string } | null } | null;
  reconnect: { at: string; after_seconds: number } | null;
}

describe("/offline with reconnect_after_seconds: a new broadcast after a quick reconnect", () => {
  test("a new BROADCAST-ID, sequences from 0, stream.offline then stream.online, its own ledger", async () => {
    // Warp 20: a 2 s segment every 100 ms, the 20 s reconnect in 1 s.
    const p = sim(9, { http: true, warp: 20 });
    const events: string[] = [];
    p.ctx.state.onEvent((e) => events.push("session" in e ? `${e.type} ${e.session.stream_id}` : e.type));
    const channel = async () => {
      const state = (await (await p.call("/sim/state")).json()) as { channels: ChannelState[] };
      return state.channels.find((c) => c.login === "kitchen_lab") as ChannelState;
    };

    await p.control("/channels/kitchen_lab/live", { ladder: LADDER, window_segments: 100, title: "Bread" });
    const before = await until("the first broadcast's master", async () => {
      const m = await p.master("kitchen_lab");
      return m.status === 200 && m;
    });
    const oldPath = before.playlists.get("160p30") ?? "";
    expect((await p.mediaPlaylist(oldPath)).status).toBe(200);
    await p.control("/channels/kitchen_lab/update", { title: "Bread, part 2" });

    const offline = (await p.control("/channels/kitchen_lab/offline", {
      reconnect_after_seconds: 20,
    })) as unknown as ChannelState;
    expect(offline.live).toBe(false);
    expect(offline.reconnect?.after_seconds).toBe(20);
    const endedAt = Date.parse(offline.session?.ended?.at ?? "");
    expect(Date.parse(offline.reconnect?.at ?? "")).toBe(endedAt + 20_000);
    expect((await p.master("kitchen_lab")).status).toBe(404);

    const after = await until("the new broadcast's master", async () => {
      const m = await p.master("kitchen_lab");
      return m.status === 200 && m;
    });
    const oldId = broadcastId(before.text);
    const newId = broadcastId(after.text);
    expect(newId).toBeDefined();
    expect(newId).not.toBe(oldId);
    const playlist = (await p.mediaPlaylist(after.playlists.get("160p30") ?? "")).playlist;
    expect(playlist?.tags.get("#EXT-X-TWITCH-LIVE-SEQUENCE")).toBe("0");
    expect(playlist?.tags.get("#EXT-X-MEDIA-SEQUENCE")).toBe("0");
    expect(playlist?.tags.get("#EXT-X-TWITCH-ELAPSED-SECS")).toBe("0.000");

    const now = await channel();
    expect(now).toMatchObject({ live: true, reconnect: null, session: { stream_id: newId, ended: null } });
    expect(Date.parse(now.session?.started_at ?? "")).toBeGreaterThanOrEqual(endedAt + 20_000);
    // The same live options, the channel's current info.
    expect(now.session).toMatchObject({ ladder: LADDER, window_segments: 100 });
    expect(events).toEqual([
      `stream.online ${oldId}`,
      "channel.update",
      `stream.offline ${oldId}`,
      `stream.online ${newId}`,
    ]);
    const info = (await (await p.call("/sim/state")).json()) as {
      channels: { login: string; info: { title: string } }[];
    };
    expect(info.channels.find((c) => c.login === "kitchen_lab")?.info.title).toBe("Bread, part 2");

    // The ledger: each broadcast under its own stream id, the new one from sequence 0.
    const ledger = (await (await p.call("/sim/channels/kitchen_lab/segments")).json()) as {
      stream_id: string;
      segments: { stream_id: string; sequence: number }[];
    };
    expect(ledger.stream_id).toBe(newId as string);
    const fresh = ledger.segments.filter((s) => s.stream_id === newId).map((s) => s.sequence);
    expect(fresh[0]).toBe(0);
    expect(fresh).toEqual(fresh.map((_, i) => i));
    expect(ledger.segments.some((s) => s.stream_id === oldId)).toBe(true);
    // The old broadcast's playlist still ends the way it was promised.
    expect((await p.mediaPlaylist(oldPath)).playlist?.endlist).toBe(true);
  });

  test("a hand-made /live or /offline meanwhile, or stopping the simulator, cancels the reconnect", async () => {
    // Warp 50: the 60 s reconnects are due in 1.2 s, the 90 s one (the barrier) in 1.8 s.
    const p = sim(11, { warp: 50 });
    const other = sim(12, { warp: 50 });
    const onlines: string[] = [];
    for (const s of [p, other])
      s.ctx.state.onEvent(
        (e) =>
          e.type === "stream.online" && onlines.push(`${s === p ? "" : "other:"}${e.channel.user.login}`),
      );
    for (const login of ["kitchen_lab", "retro_arena", "speedrun_sam"]) {
      await p.control(`/channels/${login}/live`, { ladder: LADDER });
      await p.control(`/channels/${login}/offline`, {
        reconnect_after_seconds: login === "speedrun_sam" ? 90 : 60,
      });
    }
    await other.control("/channels/kitchen_lab/live", { ladder: LADDER });
    await other.control("/channels/kitchen_lab/offline", { reconnect_after_seconds: 60 });
    onlines.length = 0;

    // Live by hand, then offline again: the old reconnect must not bring it back.
    await p.control("/channels/kitchen_lab/live", { ladder: LADDER });
    await p.control("/channels/kitchen_lab/offline", {});
    const cancelled = (await p.control("/channels/retro_arena/offline", {})) as unknown as ChannelState;
    expect(cancelled).toMatchObject({ live: false, reconnect: null });
    await other.stop();
    expect(other.ctx.state.reconnects.get(other.ctx.state.requireChannel("kitchen_lab").user.id)).toBeNull();

    await until(
      "speedrun_sam's reconnect",
      async () => p.ctx.state.channelByLogin("speedrun_sam")?.session?.ended === null,
    );
    expect(onlines).toEqual(["kitchen_lab", "speedrun_sam"]);
    expect(p.ctx.state.liveSession(p.ctx.state.requireChannel("kitchen_lab"))).toBeNull();
    // A channel that is offline with nothing pending refuses /offline as before.
    const res = await p.call("/sim/channels/retro_arena/offline", { method: "POST", body: "{}" });
    expect(res.status).toBe(409);
  });

  test("/offline again while waiting re-times the reconnect from now and updates the end", async () => {
    const p = sim(13, { warp: 50 });
    await p.control("/channels/kitchen_lab/live", { ladder: LADDER });
    // Due in 72 s of real time: were it kept, the wait below would time out.
    await p.control("/channels/kitchen_lab/offline", { reconnect_after_seconds: 3600 });
    const asked = p.ctx.state.clock.now();
    const retimed = (await p.control("/channels/kitchen_lab/offline", {
      end: "frozen",
      reconnect_after_seconds: 5,
    })) as unknown as ChannelState & { session: { ended: { mode: string } } };
    expect(retimed.session?.ended.mode).toBe("frozen");
    expect(retimed.reconnect?.after_seconds).toBe(5);
    const due = Date.parse(retimed.reconnect?.at ?? "");
    expect(due).toBeGreaterThanOrEqual(asked + 5_000);
    expect(due).toBeLessThan(asked + 60_000);
    await until(
      "the re-timed reconnect",
      async () => p.ctx.state.liveSession(p.ctx.state.requireChannel("kitchen_lab")),
      5_000,
    );
  });
});
