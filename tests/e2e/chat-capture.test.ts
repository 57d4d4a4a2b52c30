import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiWorld } from "../support/api.ts";
import { simulator } from "../support/recorder.ts";

// Chat end to end: the simulator's chat at 50 lines a second over IRC → the capture → the database →
// `chat.page`, through a RECONNECT (a handoff: no gap) and a dropped socket (a gap), checked against the
// simulator's ledger of what it sent and to how many sockets.
const sim = simulator({ warp: 1, seed: 41 });
afterAll(() => sim.stop());

const SEGMENT = 2;
/** Lines kept as they were sent, with Twitch's own id (CLEARCHAT and ROOMSTATE have none; CLEARMSG marks). */
const WITH_ID = new Set([
  "message",
  "action",
  "cheer",
  "reply",
  "sub",
  "resub",
  "subgift",
  "submysterygift",
  "giftpaidupgrade",
  "raid",
  "announcement",
  "bitsbadgetier",
  "viewermilestone",
]);

interface LedgerEntry {
  seq: number;
  id: string;
  kind: string;
  sent_at_ms: number;
  target_msg_id: string | null;
  delivered_to: number;
}

async function chatLedger(login: string): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  let since = 0;
  for (;;) {
    const res = await fetch(`${sim.url}/sim/channels/${login}/chat/ledger?since=${since}&limit=100000`);
    const page = (await res.json()) as { entries: LedgerEntry[]; next_since: number | null };
    entries.push(...page.entries);
    if (page.next_since === null) return entries;
    since = page.next_since;
  }
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(100);
  }
}

describe("chat capture against the simulator", () => {
  test("50 lines/s through a RECONNECT and a dropped socket: every line sent while joined stored once, at its time on the video; the outage a gap", async () => {
    const config = join(mkdtempSync(join(tmpdir(), "replayd-chat-")), "config.toml");
    writeFileSync(config, "[recorder]\nmax_restart_gap_seconds = 1\n");
    const w = await apiWorld("sqlite", { simUrl: sim.url, env: { CONFIG_FILE: config } });
    try {
      const owner = await w.user("owner");
      const viewer = await w.user("viewer");
      const login = "kitchen_lab";
      const channel = await w.as(owner).channel.syncFromTwitch({ login });
      await sim.control(`/channels/${login}/live`, {
        segment_seconds: SEGMENT,
        ladder: ["360p30"],
        window_segments: 30,
        bitrate_kbps: 300,
      });
      await sim.control(`/channels/${login}/chat`, { rate_per_second: 50 });
      const started = await w.as(owner).video.triggerDownload({
        broadcaster_id: channel?.broadcaster_id as string,
        quality: "360p",
      });
      const page = (offset: number) =>
        w.as(viewer).chat.page({ video_id: started.video_id, offset_seconds: offset, limit: 500 });
      // Lines are stored while it records (about a segment behind the live edge).
      await until(
        "the first stored lines",
        () => page(0),
        (p) => p.messages.length > 0,
      );

      const now = async () => (await sim.channel(login))?.session?.current_sequence ?? 0;
      await sim.until(login, (await now()) + 4);
      await sim.control("/faults", { irc_reconnect: true });
      await sim.until(login, (await now()) + 4);
      await sim.control("/faults", { irc_drop: true });
      await sim.until(login, (await now()) + 4);
      await sim.control(`/channels/${login}/chat`, { rate_per_second: 0 });
      await sim.control(`/channels/${login}/offline`, { end: "endlist" });
      const video = await until(
        "the finished video",
        () => w.as(viewer).video.getById({ id: started.video_id }),
        (v) => v.status === "DONE",
      );

      // Everything stored, page after page (a page may start again at its last offset: lines are by id).
      const stored = new Map<number, Awaited<ReturnType<typeof page>>["messages"][number]>();
      let offset: number | null = 0;
      while (offset !== null) {
        const next = await page(offset);
        const before = stored.size;
        for (const m of next.messages) stored.set(m.id, m);
        offset = stored.size === before ? null : next.next_offset_seconds;
      }
      const lines = [...stored.values()];
      const byMsgId = new Map(lines.map((m) => [m.msg_id, m]));
      expect(byMsgId.size).toBe(lines.length);

      const ledger = await chatLedger(login);
      const heard = ledger.filter((e) => e.delivered_to > 0);
      // Lines nobody heard while the recording was joined (chat ran before the recording started, too).
      const [firstHeard, lastHeard] = [heard[0]?.seq ?? 0, heard.at(-1)?.seq ?? 0];
      const missed = ledger.filter((e) => e.delivered_to === 0 && e.seq > firstHeard && e.seq < lastHeard);
      expect(missed.length).toBeGreaterThan(0); // the drop
      expect(heard.length).toBeGreaterThan(1000);
      // Every line with Twitch's id that reached the socket is stored, once; none that did not.
      const heardWithId = heard.filter((e) => WITH_ID.has(e.kind));
      expect(heardWithId.filter((e) => !byMsgId.has(e.id)).map((e) => e.id)).toEqual([]);
      expect(missed.filter((e) => byMsgId.has(e.id))).toEqual([]);
      const kept = lines.filter(
        (m) => m.kind !== "roomstate" && !["timeout", "ban", "clear"].includes(m.kind),
      );
      expect(kept.length).toBe(heardWithId.length);
      // Moderation came through: timeouts, bans and clears as lines; deletions mark their target.
      const heardModeration = heard.filter((e) => ["timeout", "ban", "clear"].includes(e.kind)).length;
      expect(lines.filter((m) => ["timeout", "ban", "clear"].includes(m.kind)).length).toBe(heardModeration);
      for (const deletion of heard.filter((e) => e.kind === "deletion")) {
        const target = byMsgId.get(deletion.target_msg_id ?? "");
        if (target) expect(target.deleted).toBe(true);
      }

      // At its time on the video: the first recorded segment began at the session's start + its sequence.
      const state = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
        channels: { login: string; session: { started_at: string } | null }[];
      };
      const startedAt = Date.parse(state.channels.find((c) => c.login === login)?.session?.started_at ?? "");
      const first = video.parts.find((p) => p.part_index === 1)?.start_media_seq ?? 0;
      const videoStart = startedAt + first * SEGMENT * 1000;
      const duration = video.parts.reduce((s, p) => s + (p.duration_seconds ?? 0), 0);
      let worst = 0;
      for (const e of heardWithId) {
        const line = byMsgId.get(e.id);
        const truth = Math.min(Math.max(0, (e.sent_at_ms - videoStart) / 1000), duration);
        worst = Math.max(worst, Math.abs((line?.offset_seconds ?? Number.NaN) - truth));
      }
      expect(worst).toBeLessThanOrEqual(SEGMENT);

      // The drop is a chat gap covering the lines nobody heard; the RECONNECT was handed over without one.
      const { gaps } = await w.as(viewer).chat.summary({ video_id: started.video_id });
      const drops = gaps.filter((g) => g.reason === "disconnected");
      expect(drops).toHaveLength(1);
      expect(gaps.filter((g) => g.reason === "reconnect")).toEqual([]);
      const [drop] = drops;
      const from = Date.parse(drop?.started_at ?? "");
      const to = Date.parse(drop?.ended_at ?? "");
      for (const e of missed) {
        expect(e.sent_at_ms).toBeGreaterThanOrEqual(from - 100);
        expect(e.sent_at_ms).toBeLessThanOrEqual(to + 100);
      }
    } finally {
      await w.dispose();
    }
  }, 180_000);
});
