import { describe, expect, test } from "bun:test";
import type { EndSettings, SessionEnd } from "../state.ts";
import { frozenAt, masterCached, type PlaylistAnswer, playlistAnswer, resolveEnd } from "./ending.ts";
import { testSession } from "./test-session.ts";

const AT = Date.UTC(2026, 0, 1, 1);
const ended = (end: Partial<SessionEnd>) =>
  testSession({
    ended: { at: AT, mode: "endlist", playlist_keep_seconds: null, master_cache_seconds: 0, ...end },
  });

describe("what an ended broadcast still serves", () => {
  test.each<[string, EndSettings, EndSettings, Omit<SessionEnd, "at">]>([
    [
      "nothing given: today's ENDLIST, forever, no cached master",
      {},
      {},
      {
        mode: "endlist",
        playlist_keep_seconds: null,
        master_cache_seconds: 0,
      },
    ],
    [
      "go-live defaults apply",
      { end: "frozen", playlist_keep_seconds: 30, master_cache_seconds: 10 },
      {},
      {
        mode: "frozen",
        playlist_keep_seconds: 30,
        master_cache_seconds: 10,
      },
    ],
    [
      "/offline values win",
      { end: "frozen", playlist_keep_seconds: 30 },
      { end: "404", master_cache_seconds: 5 },
      {
        mode: "404",
        playlist_keep_seconds: 30,
        master_cache_seconds: 5,
      },
    ],
    [
      "an explicit null at /offline keeps the playlist forever",
      { playlist_keep_seconds: 30 },
      {
        playlist_keep_seconds: null,
      },
      { mode: "endlist", playlist_keep_seconds: null, master_cache_seconds: 0 },
    ],
  ])("%s", (_case, defaults, given, expected) => {
    expect(resolveEnd(AT, defaults, given)).toEqual({ at: AT, ...expected });
  });

  test.each<[Partial<SessionEnd> | null, number, PlaylistAnswer]>([
    [null, 0, "live"],
    [{ mode: "endlist" }, 86_400_000, "endlist"],
    [{ mode: "frozen" }, 86_400_000, "frozen"],
    [{ mode: "404" }, 0, "404"],
    [{ mode: "403" }, 0, "403"],
    [{ mode: "endlist", playlist_keep_seconds: 20 }, 19_999, "endlist"],
    [{ mode: "endlist", playlist_keep_seconds: 20 }, 20_000, "404"],
    [{ mode: "frozen", playlist_keep_seconds: 20 }, 19_999, "frozen"],
    [{ mode: "frozen", playlist_keep_seconds: 0 }, 0, "404"],
    [{ mode: "403", playlist_keep_seconds: 20 }, 0, "403"],
  ])("ended %p, %i ms later, a playlist reload answers %s", (end, afterMs, answer) => {
    const session = end ? ended(end) : testSession();
    expect(playlistAnswer(session, AT + afterMs)).toBe(answer);
  });

  test.each([
    [0, 0, false],
    [30, 0, true],
    [30, 29_999, true],
    [30, 30_000, false],
  ])(
    "master_cache_seconds %i: usher answers from cache %i ms after the end: %p",
    (seconds, afterMs, cached) => {
      expect(masterCached(ended({ master_cache_seconds: seconds }), AT + afterMs)).toBe(cached);
    },
  );

  test("a live session has no cached master", () => {
    expect(masterCached(testSession(), AT)).toBe(false);
  });

  test("a frozen playlist is dated at the end, or at a later playback session's start", () => {
    expect(frozenAt(ended({ mode: "frozen" }), AT - 60_000)).toBe(AT);
    expect(frozenAt(ended({ mode: "frozen" }), AT + 5_000)).toBe(AT + 5_000);
  });
});
