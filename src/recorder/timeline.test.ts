import { describe, expect, test } from "bun:test";
import { emptyTimeline, placeSegment, type SegmentTimes, type TimelineState } from "./timeline.ts";

const seg = (video: number, audio = video + 0.01, duration = 2): SegmentTimes => ({
  video: { first: video, end: video + duration },
  audio: { first: audio, end: audio + duration },
});

function run(segments: [number, SegmentTimes][], start?: TimelineState) {
  let state = start ?? emptyTimeline();
  const offsets: number[] = [];
  for (const [sequence, times] of segments) {
    const placed = placeSegment(state, sequence, times);
    offsets.push(Number(placed.offset.toFixed(3)));
    state = placed.state;
  }
  return { offsets, state };
}

describe("placeSegment", () => {
  test("the first segment starts the part at zero", () => {
    expect(run([[10, seg(5000)]]).offsets).toEqual([-5000]);
  });

  test("a continuous source keeps its own timestamps", () => {
    expect(
      run([
        [10, seg(100)],
        [11, seg(102)],
        [12, seg(104)],
      ]).offsets,
    ).toEqual([-100, -100, -100]);
  });

  test("a skipped ad (a jump in sequence and time) is closed up", () => {
    // 15 ad segments (30 s) skipped between 11 and 27.
    const { offsets, state } = run([
      [10, seg(100)],
      [11, seg(102)],
      [27, seg(134)],
    ]);
    expect(offsets).toEqual([-100, -100, -130]);
    expect(state.partEnd.video).toBeCloseTo(6, 1);
  });

  test("a timestamp reset with consecutive sequences is closed up too", () => {
    expect(
      run([
        [10, seg(100)],
        [11, seg(0.5)],
      ]).offsets,
    ).toEqual([-100, 1.5]);
  });

  test("jitter within the tolerance is not a discontinuity", () => {
    expect(
      run([
        [10, seg(100)],
        [11, seg(102.1)],
      ]).offsets,
    ).toEqual([-100, -100]);
  });

  test("no stream overlaps itself when audio ran longer than video", () => {
    const { offsets, state } = run([
      [1, { video: { first: 0, end: 2 }, audio: { first: 0, end: 2.05 } }],
      [5, seg(50, 50)],
    ]);
    expect(offsets[1]).toBeCloseTo(-47.95, 3);
    expect(state.partEnd.video).toBeCloseTo(4.05, 3);
  });

  test("a resumed part continues after what the file already holds", () => {
    const { offsets } = run([[40, seg(900)]], emptyTimeline({ video: 60, audio: 60.02 }));
    expect(offsets[0]).toBeCloseTo(-839.99, 2);
  });

  test("audio-only segments", () => {
    const audio = (first: number): SegmentTimes => ({ video: null, audio: { first, end: first + 2 } });
    expect(
      run([
        [1, audio(10)],
        [2, audio(12)],
        [4, audio(16)],
      ]).offsets,
    ).toEqual([-10, -10, -12]);
  });
});
