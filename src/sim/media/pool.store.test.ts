import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { averageColour, decodeErrors, probePackets, stepSpread } from "../../../tests/support/media-probe.ts";
import { testSession, testVariant } from "../hls/test-session.ts";
import { PoolStore } from "./pool.store.ts";
import { type Pool, servePoolSegment } from "./pool.ts";
import { poolSpecFor } from "./pool-spec.ts";

// A private cache folder, so this file really renders (other tests share the default one).
const dir = mkdtempSync(join(tmpdir(), "replayd-pool-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const D = 0.5;
const session = testSession({ ladder: ["160p30", "audio_only"], segment_seconds: D });
const tsSpec = poolSpecFor(testVariant(session, "160p30"), "content", D);
const adSpec = poolSpecFor(testVariant(session, "160p30"), "ad", D);
const fmp4Spec = poolSpecFor(testVariant({ ...session, format: "fmp4" }, "160p30"), "content", D);

function joined(pool: Pool, from: number, count: number): Uint8Array {
  const parts = Array.from({ length: count }, (_, k) => servePoolSegment(pool, from + k, from + k + 1));
  return new Uint8Array(Buffer.concat([...(pool.init ? [pool.init] : []), ...parts]));
}

describe("media pool store (real ffmpeg)", () => {
  test("renders a pool once: concurrent requests share the render, a new store loads it from disk", async () => {
    const store = new PoolStore(dir);
    const [a, b] = await Promise.all([store.get(tsSpec), store.get(tsSpec)]);
    expect(a).toBe(b);
    expect(a.entries).toHaveLength(tsSpec.entries);
    expect(store.describe().pools[0]).toMatchObject({ state: "ready", source: "render" });

    const again = new PoolStore(dir);
    const loaded = await again.get(tsSpec);
    expect(again.describe().pools[0]).toMatchObject({ state: "ready", source: "disk" });
    expect(loaded.bytes).toBe(a.bytes);
    expect(again.ready(tsSpec)).toBe(loaded);
  }, 60_000);

  test("MPEG-TS segments served across the pool's wrap have exactly continuous timestamps", async () => {
    const pool = await new PoolStore(dir).get(tsSpec);
    const n = pool.entries.length;
    const first = 3 * n - 3; // the third loop's last three entries, then the fourth loop's first three
    const bytes = joined(pool, first, 6);
    const packets = await probePackets(bytes);
    const video = packets.filter((p) => p.stream === "video");
    const audio = packets.filter((p) => p.stream === "audio").map((p) => p.pts);
    expect(video[0]?.pts).toBeCloseTo(10 + first * D, 6);
    expect(video.filter((p) => p.keyframe).map((p) => p.pts)).toEqual(
      Array.from({ length: 6 }, (_, k) => 10 + (first + k) * D),
    );
    expect(stepSpread(video.map((p) => p.pts)).spread).toBeLessThan(1e-5);
    expect(stepSpread(audio)).toMatchObject({ step: expect.closeTo(1024 / 48_000, 5) });
    expect(stepSpread(audio).spread).toBeLessThan(1e-5);
    expect(await decodeErrors(bytes)).toBe("");
  }, 60_000);

  test("fMP4 fragments behind their init segment decode cleanly and continue across the wrap", async () => {
    const pool = await new PoolStore(dir).get(fmp4Spec);
    const first = pool.entries.length - 2;
    const bytes = joined(pool, first, 4);
    const video = (await probePackets(bytes)).filter((p) => p.stream === "video");
    expect(video[0]?.pts).toBeCloseTo(10 + first * D, 6);
    expect(stepSpread(video.map((p) => p.pts)).spread).toBeLessThan(1e-5);
    expect(await decodeErrors(bytes)).toBe("");
  }, 60_000);

  test("an ad looks unmistakably different from content: solid magenta", async () => {
    const store = new PoolStore(dir);
    const [content, ad] = await Promise.all([store.get(tsSpec), store.get(adSpec)]);
    const [r, g, b] = await averageColour(servePoolSegment(ad, 0, 1));
    expect(r).toBeGreaterThan(150);
    expect(b).toBeGreaterThan(150);
    expect(g).toBeLessThan(100);
    const [cr, , cb] = await averageColour(servePoolSegment(content, 5, 6));
    expect(cr).toBeLessThan(100);
    expect(cb).toBeLessThan(120);
  }, 60_000);
});
