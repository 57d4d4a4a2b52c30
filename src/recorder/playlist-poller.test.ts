import { afterAll, describe, expect, test } from "bun:test";
import { type NewSegments, PlaylistPoller } from "./playlist-poller.ts";

// A loopback server answering each playlist load from a script: a list of bodies or statuses, one per load.
type Answer = string | number;
let answers: Answer[] = [];
let loads = 0;
const server = Bun.serve({
  port: 0,
  hostname: "127.0.0.1",
  fetch() {
    const answer = answers[Math.min(loads++, answers.length - 1)] as Answer;
    return typeof answer === "number" ? new Response("", { status: answer }) : new Response(answer);
  },
});
afterAll(() => server.stop(true));
const URL_ = `http://127.0.0.1:${server.port}/v1/playlist/x.m3u8`;

const T0 = Date.parse("2026-10-01T20:00:00.000Z");
/** A playlist listing sequences [from, to], 0.25-s segments, optionally with LIVE-SEQUENCE = live(from). */
function playlist(
  from: number,
  to: number,
  opts: { end?: boolean; live?: (s: number) => number; ads?: number[] } = {},
) {
  const lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:1", `#EXT-X-MEDIA-SEQUENCE:${from}`];
  if (opts.live) lines.push(`#EXT-X-TWITCH-LIVE-SEQUENCE:${opts.live(from)}`);
  for (let s = from; s <= to; s++) {
    const position = opts.live ? opts.live(s) : s;
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(T0 + position * 250).toISOString()}`);
    lines.push(`#EXTINF:0.250,${opts.ads?.includes(s) ? "Amazon|123" : "live"}`, `seg${position}.ts`);
  }
  if (opts.end) lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}

async function poll(script: Answer[], options: { offline?: boolean; after?: number } = {}) {
  answers = script;
  loads = 0;
  const batches: NewSegments[] = [];
  const reloads: number[] = [];
  const poller = new PlaylistPoller({
    url: () => URL_,
    onSegments: (batch) => {
      batches.push(batch);
    },
    onReload: (lagMs) => reloads.push(lagMs),
    channelOffline: () => options.offline ?? false,
    frontier:
      options.after === undefined
        ? null
        : { position: options.after, date: T0 + options.after * 250, live: null, broadcastId: null },
  });
  const end = await poller.run();
  return {
    end,
    sequences: batches.flatMap((b) => b.segments.map((s) => s.sequence)),
    ads: batches.flatMap((b) => b.segments.filter((s) => s.ad).map((s) => s.sequence)),
    missed: batches.map((b) => b.missed).filter(Boolean),
    reloads,
  };
}

describe("PlaylistPoller", () => {
  test("the first load takes the whole window, later loads only what is new, ENDLIST ends", async () => {
    const result = await poll([playlist(10, 14), playlist(12, 16), playlist(15, 18, { end: true })]);
    expect(result.sequences).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18]);
    expect(result.end).toEqual({ kind: "endlist" });
    expect(result.missed).toEqual([]);
  });

  test("segments that left the window unseen are reported as missed", async () => {
    const result = await poll([playlist(10, 12), playlist(20, 22, { end: true })]);
    expect(result.missed).toEqual([{ from: 13, to: 19 }]);
    expect(result.sequences).toEqual([10, 11, 12, 20, 21, 22]);
  });

  test("ads are marked, not dropped: the recorder decides what to skip and records where", async () => {
    const result = await poll([playlist(1, 6, { ads: [3, 4], end: true })]);
    expect(result.ads).toEqual([3, 4]);
  });

  test("a MEDIA-SEQUENCE restart inside a session is re-anchored on the dates", async () => {
    const result = await poll([
      playlist(100, 103, { live: (s) => s + 5000 }),
      // MEDIA-SEQUENCE starts over while the dates carry on: the same segments are recognised.
      playlist(0, 5, { live: (s) => s + 5102, end: true }),
    ]);
    expect(result.sequences).toEqual([5100, 5101, 5102, 5103, 5104, 5105, 5106, 5107]);
  });

  test("without LIVE-SEQUENCE, a restart is re-anchored on program date-times", async () => {
    const restarted = playlist(0, 5, { live: (s) => s + 102, end: true }).replace(
      /#EXT-X-TWITCH-LIVE-SEQUENCE:.*\n/,
      "",
    );
    const result = await poll([playlist(100, 103), restarted]);
    expect(result.sequences).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
  });

  test("a resumed poller skips what was already handled", async () => {
    expect((await poll([playlist(10, 15, { end: true })], { after: 12 })).sequences).toEqual([13, 14, 15]);
  });

  test("a 404 blip while the channel is live does not end the recording", async () => {
    const result = await poll([playlist(1, 2), 404, playlist(2, 4, { end: true })]);
    expect(result.end).toEqual({ kind: "endlist" });
    expect(result.sequences).toEqual([1, 2, 3, 4]);
  });

  test("repeated 404s end it as gone; once offline, the first 404 does", async () => {
    expect((await poll([playlist(1, 2), 404, 404, 404, 404])).end).toEqual({ kind: "gone", status: 404 });
    const offline = await poll([playlist(1, 2), 404], { offline: true });
    expect(offline.end).toEqual({ kind: "gone", status: 404 });
  });

  test("403 asks for a new token while live, and means the end once offline", async () => {
    expect((await poll([playlist(1, 2), 403])).end).toEqual({ kind: "auth", status: 403 });
    expect((await poll([playlist(1, 2), 403], { offline: true })).end).toEqual({ kind: "gone", status: 403 });
  });

  test("a playlist that stops moving without ENDLIST ends as frozen, sooner once the channel is offline", async () => {
    const started = Date.now();
    // The same window again and again: an ended broadcast's last window, still served by the edge.
    const frozen = await poll([playlist(1, 4), playlist(1, 4)], { offline: true });
    expect(frozen.end).toEqual({ kind: "frozen" });
    expect(frozen.sequences).toEqual([1, 2, 3, 4]);
    // Target duration 1 s, offline: frozen after 4 s without anything new (not the 30 s of a live channel).
    expect(Date.now() - started).toBeGreaterThanOrEqual(4000);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  test("hasNew tells a comeback from the ended window served again", async () => {
    answers = [playlist(10, 15, { end: true })];
    loads = 0;
    const frontier = { position: 15, date: T0 + 15 * 250, live: null, broadcastId: null };
    const again = new PlaylistPoller({ url: () => URL_, onSegments: () => {}, frontier });
    expect(await again.hasNew()).toBe(false);
    answers = [playlist(12, 17)];
    loads = 0;
    expect(await again.hasNew()).toBe(true);
    expect(again.frontier?.position).toBe(15);
  });

  test("5xx blips are retried", async () => {
    const result = await poll([playlist(1, 2), 503, 502, playlist(2, 3, { end: true })]);
    expect(result.sequences).toEqual([1, 2, 3]);
    // Each playlist answered reports how late it came after it was due (the metrics' reload lag); errors do not.
    expect(result.reloads).toHaveLength(2);
    for (const lag of result.reloads) expect(lag).toBeGreaterThanOrEqual(0);
    for (const lag of result.reloads) expect(lag).toBeLessThan(2000);
  });
});
