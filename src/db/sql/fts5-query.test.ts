import { describe, expect, test } from "bun:test";
import { toFts5Query } from "./fts5-query.ts";

describe("toFts5Query (web-search syntax as FTS5)", () => {
  test.each([
    ["recording", '"recording"'],
    ["recording failed", '"recording" AND "failed"'],
    ['"segment fetch" failed', '"segment fetch" AND "failed"'],
    ["failed -auth", '"failed" NOT "auth"'],
    ['failed -"auth error"', '"failed" NOT "auth error"'],
    ["crash or failed", '("crash") OR ("failed")'],
    ["task crash OR failed", '("task" AND "crash") OR ("failed")'],
    ['say "hi', '"say" AND "hi"'],
    ['quote"inside', '"quote""inside"'],
    ["run_failed", '"run_failed"'],
    ["  spaced   out  ", '"spaced" AND "out"'],
  ])("%p → %s", (input, expected) => {
    expect(toFts5Query(input)).toBe(expected);
  });

  test.each([[""], ["   "], ["-auth"], ["or"], ["!!! ---"], ['""']])(
    "%p has nothing to search for",
    (input) => {
      expect(toFts5Query(input)).toBeNull();
    },
  );
});
