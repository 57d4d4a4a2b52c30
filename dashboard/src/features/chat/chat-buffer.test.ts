import { describe, expect, test } from "bun:test";
import { BUFFER_LIMITS, ChatBuffer, type PageAnswer, type PageRequest, type Timed } from "./chat-buffer";

// The buffer is driven the way the panel drives it: each tick asks what to fetch for the playhead, and the
// answers come from `page`, the server's paging rule (chat.repo.ts) over an array held here.

type Line = Timed;

/** `count` lines spread over `seconds` in bursts: several share each offset, so pages split bursts. */
function chat(count: number, seconds: number): Line[] {
  const lines: Line[] = [];
  for (let i = 0; i < count; i++) {
    const ms = Math.round((i * seconds * 1000) / count);
    lines.push({ id: i + 1, offset_seconds: (ms - (ms % 70)) / 1000 });
  }
  return lines.sort((a, b) => a.offset_seconds - b.offset_seconds || a.id - b.id);
}

function page(all: readonly Line[], req: PageRequest): PageAnswer<Line> {
  const after = req.direction === "after";
  const matching = after
    ? all.filter((l) => l.offset_seconds >= req.offset_seconds)
    : all.filter((l) => l.offset_seconds <= req.offset_seconds).reverse();
  const taken = matching.slice(0, req.limit);
  const next = matching[req.limit];
  return {
    messages: after ? taken : taken.reverse(),
    next_offset_seconds: next ? next.offset_seconds : null,
  };
}

/** Ticks until nothing more is asked; returns how many pages were fetched. */
function settle(buffer: ChatBuffer<Line>, all: readonly Line[], t: number, now = 0): number {
  let fetched = 0;
  for (let round = 0; round < 100; round++) {
    const requests = buffer.requests(t, now);
    if (requests.length === 0) return fetched;
    for (const r of requests) buffer.receive(r, page(all, r), now);
    fetched += requests.length;
  }
  throw new Error("the buffer kept asking");
}

const truth = (all: readonly Line[], t: number, max: number) =>
  all.filter((l) => l.offset_seconds <= t).slice(-max);

describe("ChatBuffer shows exactly the lines at or before the playhead", () => {
  const all = chat(30_000, 600); // 50 lines a second for 10 minutes

  test("playing through from the start, a second at a time", () => {
    const buffer = new ChatBuffer<Line>();
    let fetched = 0;
    for (let t = 0; t <= 600; t += 1) {
      fetched += settle(buffer, all, t);
      expect(buffer.visible(t, 200)).toEqual(truth(all, t, 200));
      // Never more than what is kept behind, a page of slack, and what is fetched ahead.
      expect(buffer.size).toBeLessThanOrEqual(BUFFER_LIMITS.keepBehind + 4 * BUFFER_LIMITS.after);
    }
    // About one page per 300 lines, not one per tick.
    expect(fetched).toBeLessThan(all.length / BUFFER_LIMITS.after + 5);
  });

  test.each([
    ["back a few seconds", 300, 295],
    ["back to the start", 300, 0],
    ["forward past what is loaded", 100, 450],
    ["forward within what is loaded", 100, 103],
    ["to the very end", 10, 600],
    ["between two lines sharing an offset", 200, all[10_007]?.offset_seconds ?? 0],
  ])("a seek %s", (_name, before, after) => {
    const buffer = new ChatBuffer<Line>();
    for (let t = Math.max(0, before - 5); t <= before; t++) settle(buffer, all, t);
    settle(buffer, all, after);
    expect(buffer.visible(after, 200)).toEqual(truth(all, after, 200));
    expect(buffer.loading).toBe(false);
    // And playback goes on from there.
    for (let t = after; t <= Math.min(600, after + 20); t += 0.5) {
      settle(buffer, all, t);
      expect(buffer.visible(t, 50)).toEqual(truth(all, t, 50));
    }
  });

  test("an answer for a load a seek abandoned is dropped", () => {
    const buffer = new ChatBuffer<Line>();
    const first = buffer.requests(100, 0);
    const second = buffer.requests(400, 0);
    for (const r of first) buffer.receive(r, page(all, r), 0);
    expect(buffer.loading).toBe(true);
    for (const r of second) buffer.receive(r, page(all, r), 0);
    expect(buffer.visible(400, 200)).toEqual(truth(all, 400, 200));
  });

  test("while a load is in flight, ticks inside it ask for nothing more", () => {
    const buffer = new ChatBuffer<Line>();
    expect(buffer.requests(50, 0).map((r) => r.direction)).toEqual(["before", "after"]);
    expect(buffer.requests(50.3, 0)).toEqual([]);
    expect(buffer.requests(51, 0)).toEqual([]);
  });

  test("a failed page is asked again after a pause, and says so meanwhile", () => {
    const buffer = new ChatBuffer<Line>();
    const [before, after] = buffer.requests(50, 0) as [PageRequest, PageRequest];
    buffer.receive(before, page(all, before), 0);
    buffer.failed(after, 0);
    expect(buffer.failing).toBe(true);
    expect(buffer.requests(50, 1000)).toEqual([]);
    const again = buffer.requests(50, BUFFER_LIMITS.retryMs);
    expect(again.map((r) => r.direction)).toEqual(["after"]);
    for (const r of again) buffer.receive(r, page(all, r), BUFFER_LIMITS.retryMs);
    expect(buffer.failing).toBe(false);
    expect(buffer.visible(50, 200)).toEqual(truth(all, 50, 200));
  });

  test("a video still recording asks again for lines past the end it knew", () => {
    const growing = chat(1000, 100);
    const buffer = new ChatBuffer<Line>();
    const known = growing.filter((l) => l.offset_seconds < 60);
    settle(buffer, known, 59);
    expect(buffer.requests(59, 1000, true)).toEqual([]);
    const later = buffer.requests(59.5, BUFFER_LIMITS.growingRecheckMs + 1, true);
    expect(later.length).toBe(1);
    for (const r of later) buffer.receive(r, page(growing, r), BUFFER_LIMITS.growingRecheckMs + 1);
    settle(buffer, growing, 90, BUFFER_LIMITS.growingRecheckMs + 1);
    expect(buffer.visible(90, 200)).toEqual(truth(growing, 90, 200));
  });

  test("a video without chat settles with nothing to show", () => {
    const buffer = new ChatBuffer<Line>();
    expect(settle(buffer, [], 10)).toBe(2);
    expect(buffer.visible(10, 200)).toEqual([]);
    expect(buffer.requests(500, 0)).toEqual([]);
  });
});
