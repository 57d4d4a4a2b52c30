import { describe, expect, test } from "bun:test";
import { type Frontier, type PlaylistLike, SegmentIdentity, type SegmentLike } from "./segment-identity.ts";

const T0 = Date.parse("2026-12-06T20:00:00.000Z");
const D = 2;

/**
 * A window of broadcast segments [from, to] (2 s each, dated from T0) as one playback session lists them:
 * MEDIA-SEQUENCE = broadcast sequence − `base`, LIVE-SEQUENCE = `live(from)` (or absent).
 */
function window(
  from: number,
  to: number,
  opts: { base?: number; live?: ((n: number) => number) | null; dates?: boolean; shift?: number } = {},
): PlaylistLike<SegmentLike & { n: number }> {
  const base = opts.base ?? 0;
  const segments = [];
  for (let n = from; n <= to; n++) {
    segments.push({
      n,
      sequence: n - base,
      duration: D,
      programDateTime: opts.dates === false ? null : T0 + (n + (opts.shift ?? 0)) * D * 1000,
    });
  }
  const live = opts.live === undefined ? (n: number) => n : opts.live;
  return { mediaSequence: from - base, liveSequence: live ? live(from) : null, segments };
}

/** Broadcast numbers of the fresh segments, the positions given them and what was reported missed. */
function take(identity: SegmentIdentity, playlist: ReturnType<typeof window>) {
  const placement = identity.take(playlist);
  return {
    fresh: placement.fresh.map((p) => p.segment.n),
    positions: placement.fresh.map((p) => p.position),
    missed: placement.missed,
  };
}

describe("SegmentIdentity within one playback session (MEDIA-SEQUENCE)", () => {
  test.each([
    ["the first load takes the whole window", [window(10, 14)], [10, 11, 12, 13, 14]],
    ["later loads only what is new", [window(10, 14), window(12, 16)], [10, 11, 12, 13, 14, 15, 16]],
    [
      "a stale copy (the window a few segments back) repeats nothing",
      [window(10, 14), window(8, 12), window(11, 15)],
      [10, 11, 12, 13, 14, 15],
    ],
    [
      "LIVE-SEQUENCE that does not count ads changes nothing inside a session",
      // Segments 14–19 are ads: LIVE-SEQUENCE stays at 14 while MEDIA-SEQUENCE moves on.
      [
        window(10, 16, { live: (n) => Math.min(n, 14) }),
        window(17, 24, { live: () => 14 }),
        window(22, 28, { live: (n) => n - 6 }),
      ],
      [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28],
    ],
  ] as const)("%s", (_, loads, expected) => {
    const identity = new SegmentIdentity(null, "b1");
    const fresh = loads.flatMap((load) => take(identity, load).fresh);
    expect(fresh).toEqual([...expected]);
  });

  test("segments that left the window unseen are reported missed, by position", () => {
    const identity = new SegmentIdentity(null, "b1");
    take(identity, window(10, 12));
    expect(take(identity, window(20, 22)).missed).toEqual({ from: 13, to: 19 });
  });

  test("a MEDIA-SEQUENCE reset inside a session (dates moving on) is re-anchored on the dates", () => {
    const identity = new SegmentIdentity(null, "b1");
    take(identity, window(100, 104, { base: 0 }));
    // The same session starts numbering at 0 again, but the dates say these follow on from 104.
    expect(take(identity, window(103, 107, { base: 103 })).fresh).toEqual([105, 106, 107]);
  });
});

describe("SegmentIdentity across playback sessions (token refresh, restart, rejoin)", () => {
  const at = (n: number, live: number | null = n, broadcastId: string | null = "b1"): Frontier => ({
    position: n,
    date: T0 + n * D * 1000,
    live,
    broadcastId,
  });

  test.each([
    [
      "a new session (MEDIA-SEQUENCE from 0) continues exactly after the frontier, by date",
      at(104),
      window(98, 110, { base: 98 }),
      [105, 106, 107, 108, 109, 110],
      null,
    ],
    [
      "the same with LIVE-SEQUENCE counting content only (offset by 6 ads before the window)",
      at(104, 98),
      window(98, 110, { base: 98, live: (n) => n - 6 }),
      [105, 106, 107, 108, 109, 110],
      null,
    ],
    ["an ended playlist served again holds nothing new", at(110), window(96, 110, { base: 96 }), [], null],
    [
      "a window that moved past the frontier: what it lost is a gap, sized by dates and LIVE-SEQUENCE",
      at(100),
      window(105, 110, { base: 105 }),
      [105, 106, 107, 108, 109, 110],
      { from: 101, to: 104 },
    ],
    [
      "a stall (dates jump but LIVE-SEQUENCE is contiguous) is not a loss",
      at(100),
      window(101, 105, { base: 101, shift: 15 }),
      [101, 102, 103, 104, 105],
      null,
    ],
    [
      "without dates, LIVE-SEQUENCE decides",
      at(104),
      window(98, 108, { base: 98, dates: false }),
      [105, 106, 107, 108],
      null,
    ],
  ] as const)("%s", (_, frontier, playlist, fresh, missed) => {
    const identity = new SegmentIdentity(frontier, "b1");
    const result = take(identity, playlist);
    expect(result.fresh).toEqual([...fresh]);
    expect(result.missed).toEqual(missed);
    // Positions continue the recording's count.
    if (fresh.length) expect(result.positions[0]).toBe((missed?.to ?? frontier.position) + 1);
  });

  test("a new broadcast id makes every segment new, numbered after the frontier", () => {
    const identity = new SegmentIdentity(at(500), "b2");
    const result = take(identity, window(0, 3, { base: 0 }));
    expect(result.fresh).toEqual([0, 1, 2, 3]);
    expect(result.positions).toEqual([501, 502, 503, 504]);
    expect(result.missed).toBeNull();
  });

  test("a new broadcast first seen late: what it streamed before the window is a gap", () => {
    const identity = new SegmentIdentity(at(500), "b2");
    const result = take(identity, window(10, 12, { base: 10 }));
    expect(result.missed).toEqual({ from: 501, to: 510 });
    expect(result.positions).toEqual([511, 512, 513]);
  });

  test("a new broadcast without a broadcast id is still new (its dates are later), with no gap claimed", () => {
    const identity = new SegmentIdentity(at(500, 500, null), null);
    // Positions restart (LIVE-SEQUENCE from 0); the dates are much later.
    const result = take(identity, window(600, 603, { base: 600, live: (n) => n - 600 }));
    expect(result.fresh).toEqual([600, 601, 602, 603]);
    expect(result.missed).toBeNull();
  });

  test("peek says whether a load is new without moving the frontier", () => {
    const identity = new SegmentIdentity(at(110), "b1");
    expect(identity.peek(window(96, 110, { base: 96 }))).toBe(false);
    expect(identity.peek(window(100, 111, { base: 96 }))).toBe(true);
    expect(identity.frontier?.position).toBe(110);
  });

  test("nothing to go by (no dates, no LIVE-SEQUENCE): the window is taken and flagged as a guess", () => {
    const identity = new SegmentIdentity({ position: 7, date: null, live: null, broadcastId: null }, null);
    const placement = identity.take(window(0, 2, { dates: false, live: null }));
    expect(placement.fresh.map((p) => p.position)).toEqual([8, 9, 10]);
    expect(placement.guessed).toBe(true);
  });
});
