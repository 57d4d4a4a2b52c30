import { describe, expect, test } from "bun:test";
import { contentRange, parseRange, type RangeDecision, unsatisfiedRange } from "./range.ts";

const whole: RangeDecision = { kind: "whole" };
const unsatisfiable: RangeDecision = { kind: "unsatisfiable" };
const partial = (start: number, end: number): RangeDecision => ({ kind: "partial", range: { start, end } });

describe("parseRange against a 1000-byte object", () => {
  const cases: [string, string | null, RangeDecision][] = [
    ["no header", null, whole],
    ["empty header", "", whole],
    ["a closed range", "bytes=0-99", partial(0, 99)],
    ["one byte", "bytes=5-5", partial(5, 5)],
    ["the last byte exactly", "bytes=999-999", partial(999, 999)],
    ["an end past the size is clamped", "bytes=900-5000", partial(900, 999)],
    ["an open range", "bytes=500-", partial(500, 999)],
    ["from zero, open (a player's first request)", "bytes=0-", partial(0, 999)],
    ["a suffix range", "bytes=-500", partial(500, 999)],
    ["a suffix longer than the object", "bytes=-5000", partial(0, 999)],
    ["spaces and upper-case unit", " BYTES = 10 - 19 ", partial(10, 19)],
    ["overlapping ranges join into one span", "bytes=0-99,50-199", partial(0, 199)],
    ["touching ranges join, in any order", "bytes=100-199,0-99", partial(0, 199)],
    ["ranges with a gap: the whole object", "bytes=0-9,20-29", whole],
    ["an unsatisfiable range among good ones is dropped", "bytes=0-9,5000-6000", partial(0, 9)],
    ["empty list elements are allowed", "bytes=,0-9,", partial(0, 9)],
    ["start past the end", "bytes=1000-", unsatisfiable],
    ["start far past the end", "bytes=99999999999999999999-", unsatisfiable],
    ["zero-length suffix", "bytes=-0", unsatisfiable],
    ["every range past the end", "bytes=1000-1001,2000-", unsatisfiable],
    ["malformed: end before start", "bytes=10-5", whole],
    ["malformed: another unit", "items=0-5", whole],
    ["malformed: no dash", "bytes=10", whole],
    ["malformed: letters", "bytes=a-b", whole],
    ["malformed: negative numbers", "bytes=-5-10", whole],
    ["malformed: nothing after the unit", "bytes=", whole],
    ["malformed: only commas", "bytes=,,", whole],
    ["malformed: a fraction", "bytes=1.5-3", whole],
    ["malformed anywhere spoils the header", "bytes=0-9,x", whole],
  ];
  test.each(cases)("%s (%p)", (_name, header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });
});

describe("parseRange against an empty object", () => {
  test.each(["bytes=0-", "bytes=-1", "bytes=0-0"])("%p is unsatisfiable", (header) => {
    expect(parseRange(header, 0)).toEqual(unsatisfiable);
  });
  test("no header: the (empty) whole", () => expect(parseRange(null, 0)).toEqual(whole));
});

test("Content-Range values", () => {
  expect(contentRange({ start: 0, end: 99 }, 1000)).toBe("bytes 0-99/1000");
  expect(unsatisfiedRange(1000)).toBe("bytes */1000");
});
