import { describe, expect, test } from "bun:test";
import { Parser } from "m3u8-parser";
import { eventPlaylist, type PlaylistPart, targetDuration } from "./event-playlist.ts";

/** Read back by an independent parser, as players do. */
function parse(text: string) {
  const parser = new Parser();
  parser.push(text);
  parser.end();
  return parser.manifest as {
    targetDuration: number;
    playlistType?: string;
    endList?: boolean;
    segments: {
      uri: string;
      duration: number;
      discontinuity?: boolean;
      byterange?: { length: number; offset: number };
      map?: { uri: string; byterange?: { length: number; offset: number } };
    }[];
  };
}

const part = (n: number, durations: number[], initLength = 900): PlaylistPart => {
  let offset = initLength;
  return {
    uri: `parts/${n}/stream`,
    initLength,
    fragments: durations.map((duration) => {
      const fragment = { offset, length: 1000 + Math.round(duration * 100), duration };
      offset += fragment.length;
      return fragment;
    }),
  };
};

describe("the HLS playlist of a recording", () => {
  test("a part being recorded: its fragments as byte ranges after its init, open-ended", () => {
    const text = eventPlaylist([part(1, [2, 2.002, 1.998])], false);
    const manifest = parse(text);
    expect(manifest.playlistType).toBe("EVENT");
    expect(manifest.endList).toBeFalsy();
    expect(text).not.toContain("#EXT-X-ENDLIST");
    expect(manifest.targetDuration).toBe(2);
    expect(manifest.segments.map((s) => [s.uri, s.duration, s.byterange])).toEqual([
      ["parts/1/stream", 2, { length: 1200, offset: 900 }],
      ["parts/1/stream", 2.002, { length: 1200, offset: 2100 }],
      ["parts/1/stream", 1.998, { length: 1200, offset: 3300 }],
    ]);
    expect(manifest.segments[0]?.map).toEqual({
      uri: "parts/1/stream",
      byterange: { length: 900, offset: 0 },
    });
  });

  test("parts follow one another with a discontinuity and their own init; a finished video ends", () => {
    const text = eventPlaylist([part(1, [2, 2]), part(2, [], 800), part(3, [4.4], 700)], true);
    const manifest = parse(text);
    expect(manifest.endList).toBe(true);
    expect(manifest.playlistType).toBe("EVENT");
    expect(manifest.segments.map((s) => [s.uri, s.discontinuity ?? false, s.map?.byterange?.length])).toEqual(
      [
        ["parts/1/stream", false, 900],
        ["parts/1/stream", false, 900],
        // Part 2 has no complete fragment: not listed, so no empty period.
        ["parts/3/stream", true, 700],
      ],
    );
    expect(manifest.targetDuration).toBe(4);
    expect(text.match(/#EXT-X-DISCONTINUITY\n/g)?.length).toBe(1);
  });

  test("nothing recorded yet: a valid playlist without segments", () => {
    const manifest = parse(eventPlaylist([part(1, [])], false));
    expect(manifest.segments).toEqual([]);
    expect(manifest.targetDuration).toBe(1);
  });

  test.each([
    [[2, 2, 2], 2],
    [[2.49, 1], 2],
    [[2.5], 3],
    [[0.4], 1],
    [[6.006, 2], 6],
  ])(
    "fragments of %p seconds: target duration %p (each EXTINF rounds to at most it)",
    (durations, target) => {
      expect(targetDuration([part(1, durations)])).toBe(target);
    },
  );
});
