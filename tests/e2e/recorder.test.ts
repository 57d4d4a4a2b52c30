import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { probe } from "../../src/media/ffprobe.ts";
import { frameLabels, runs } from "../support/frames.ts";
import { record, simulator } from "../support/recorder.ts";

// Recordings made from the simulator and checked from the output files themselves.
const sim = simulator({ warp: 2 });
afterAll(() => sim.stop());

async function decodeErrors(file: string): Promise<string> {
  const proc = Bun.spawn(["ffmpeg", "-nostdin", "-v", "error", "-i", file, "-f", "null", "-"], {
    stderr: "pipe",
  });
  const text = await new Response(proc.stderr).text();
  await proc.exited;
  return text.trim();
}

describe("recorder against the simulator", () => {
  test("a live stream with a midroll: every content segment once, in order, no ad frame, the ad on the timeline", async () => {
    const login = "kitchen_lab";
    await sim.control(`/channels/${login}/live`, {
      segment_seconds: 0.5,
      ladder: ["360p30", "160p30"],
      window_segments: 40,
      bitrate_kbps: 400,
    });
    const run = record(sim.url, login);
    await sim.until(login, 20);
    await sim.control(`/channels/${login}/ad`, { seconds: 5 });
    await sim.until(login, 70);
    await sim.control(`/channels/${login}/offline`, { end: "endlist" });
    const outcome = await run.done;
    expect(outcome.kind).toBe("finished");

    expect(run.journal.finished).toHaveLength(1);
    const part = run.journal.finished[0]?.part;
    const file = join(run.storageRoot, part?.key ?? "missing");
    expect(await decodeErrors(file)).toBe("");

    const ledger = await sim.ledger(login);
    const content = ledger.filter((s) => s.kind === "content" && s.listed).map((s) => s.sequence);
    const labels = runs(await frameLabels(file));
    expect(labels.filter((r) => r.label === "ad")).toEqual([]);
    // Pool entries repeat every N segments: the file's runs are the content sequences modulo N, in order.
    const poolSize = Math.max(...labels.map((r) => r.label as number)) + 1;
    expect(labels.map((r) => r.label)).toEqual(content.map((s) => s % poolSize));

    const info = await probe(file);
    expect(Math.abs(info.durationSeconds - content.length * 0.5)).toBeLessThan(0.5);
    const ads = outcome.state.ads;
    expect(ads).toHaveLength(1);
    expect((ads[0]?.to ?? 0) - (ads[0]?.from ?? 0) + 1).toBe(10);
    expect(ads[0]?.at_seconds).toBeGreaterThan(5);
  }, 120_000);
});
