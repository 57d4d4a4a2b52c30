import { describe, expect, test } from "bun:test";
import { ChatTimeline, type Placement } from "./chat-timeline.ts";

const T0 = 1_700_000_000_000;
const seg = (i: number, extra: Partial<Placement> = {}): Placement => ({
  broadcastAtMs: T0 + i * 2000,
  seconds: 2,
  atSeconds: i * 2,
  recorded: true,
  ...extra,
});

/** Segments 0–2 recorded, 3–4 an ad (skipped at 6 s), 5–6 recorded (at 6 and 8 s). */
function withAd(): ChatTimeline {
  const t = new ChatTimeline();
  for (const i of [0, 1, 2]) t.add(seg(i));
  t.add(seg(3, { atSeconds: 6, recorded: false }));
  t.add(seg(4, { atSeconds: 6, recorded: false }));
  t.add(seg(5, { atSeconds: 6 }));
  t.add(seg(6, { atSeconds: 8 }));
  return t;
}

describe("ChatTimeline.offsetOf", () => {
  const cases: [string, number, number | null][] = [
    ["before the first segment: the start", T0 - 30_000, 0],
    ["the first instant", T0, 0],
    ["inside a recorded segment", T0 + 2500, 2.5],
    ["during the ad: the point it was skipped at", T0 + 7000, 6],
    ["during the ad's second segment", T0 + 9999, 6],
    ["after the ad: the content that follows", T0 + 10_500, 6.5],
    ["the last recorded instant", T0 + 13_999, 9.999],
    ["not reached yet", T0 + 14_000, null],
  ];
  for (const [name, at, offset] of cases) {
    test(name, () => {
      const got = withAd().offsetOf(at);
      if (offset === null) expect(got).toBeNull();
      else expect(got).toBeCloseTo(offset, 3);
    });
  }

  test("between two broadcasts (offline, not in the video): the point where the next part starts", () => {
    const t = new ChatTimeline();
    t.add(seg(0));
    t.add(seg(1));
    t.add({ broadcastAtMs: T0 + 600_000, seconds: 2, atSeconds: 4, recorded: true });
    expect(t.offsetOf(T0 + 300_000)).toBeCloseTo(4, 3);
    expect(t.offsetOf(T0 + 601_000)).toBeCloseTo(5, 3);
  });

  test("once the recording is over, a line past the end goes at the end; with nothing recorded, at 0", () => {
    expect(withAd().offsetOf(T0 + 60_000, true)).toBe(10);
    expect(new ChatTimeline().offsetOf(T0, true)).toBe(0);
    expect(new ChatTimeline().offsetOf(T0)).toBeNull();
  });

  test("a date sent back in time by a stale edge is taken as following on", () => {
    const t = new ChatTimeline();
    t.add(seg(0));
    t.add({ ...seg(1), broadcastAtMs: T0 - 5000 });
    expect(t.offsetOf(T0 + 1000)).toBeCloseTo(1, 3);
    expect(t.reachedMs).toBe(T0 + 4000);
  });
});

test("projectedOffsetOf: a line the recording has not reached goes past the end by how much later it is", () => {
  const t = withAd();
  expect(t.projectedOffsetOf(T0 + 16_000)).toBeCloseTo(12, 3);
  expect(new ChatTimeline().projectedOffsetOf(T0)).toBe(0);
});

test("forgetBefore keeps what later lines need and places them the same", () => {
  const t = withAd();
  const before = [T0 + 7000, T0 + 10_500, T0 + 13_000].map((at) => t.offsetOf(at));
  t.forgetBefore(T0 + 7000);
  expect([T0 + 7000, T0 + 10_500, T0 + 13_000].map((at) => t.offsetOf(at))).toEqual(before);
  expect(t.endSeconds).toBe(10);
});
