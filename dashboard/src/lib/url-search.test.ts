import { describe, expect, test } from "bun:test";
import { pickOne, withoutUndefined } from "./url-search";

describe("pickOne", () => {
  const sorts = ["newest", "oldest"] as const;
  test.each<[unknown, string | undefined]>([
    ["newest", "newest"],
    ["oldest", "oldest"],
    ["biggest", undefined],
    ["", undefined],
    ["NEWEST", undefined],
    [1, undefined],
    [undefined, undefined],
    [["newest"], undefined],
  ])("%p → %p", (value, expected) => {
    expect(pickOne(sorts, value)).toBe(expected as (typeof sorts)[number] | undefined);
  });
});

test("withoutUndefined drops only the undefined keys", () => {
  const search: { a?: number; b?: number; c?: string; d?: number } = { a: 1, b: undefined, c: "", d: 0 };
  expect(withoutUndefined(search)).toStrictEqual({ a: 1, c: "", d: 0 });
  expect(Object.keys(withoutUndefined({ a: undefined }))).toEqual([]);
});
