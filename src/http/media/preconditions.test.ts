import { describe, expect, test } from "bun:test";
import { isNotModified, rangeStillValid, strongEtag, type Validators } from "./preconditions.ts";

const modified = new Date("2026-11-28T12:00:00.000Z");
const object: Validators = { etag: '"3e8-abc"', lastModified: modified };
const http = (date: Date) => date.toUTCString();

describe("isNotModified", () => {
  const cases: [string, Record<string, string>, boolean][] = [
    ["no conditions", {}, false],
    ["the same tag", { "if-none-match": '"3e8-abc"' }, true],
    ["the same tag, weak", { "if-none-match": 'W/"3e8-abc"' }, true],
    ["one of several tags", { "if-none-match": '"x", "3e8-abc"' }, true],
    ["any tag", { "if-none-match": "*" }, true],
    ["another tag", { "if-none-match": '"3e8-abd"' }, false],
    ["the same date", { "if-modified-since": http(modified) }, true],
    ["a later date", { "if-modified-since": http(new Date(modified.getTime() + 60_000)) }, true],
    ["an earlier date", { "if-modified-since": http(new Date(modified.getTime() - 1000)) }, false],
    ["a date that is not one", { "if-modified-since": "yesterday-ish" }, false],
    [
      "If-None-Match wins over the date",
      { "if-none-match": '"other"', "if-modified-since": http(modified) },
      false,
    ],
  ];
  test.each(cases)("%s", (_name, headers, expected) => {
    expect(isNotModified(new Headers(headers), object)).toBe(expected);
  });
  test("a date condition without a known modification time never matches", () => {
    const headers = new Headers({ "if-modified-since": http(modified) });
    expect(isNotModified(headers, { etag: '"x"', lastModified: null })).toBe(false);
  });
});

describe("rangeStillValid (If-Range)", () => {
  const cases: [string, string | null, boolean][] = [
    ["no If-Range", null, true],
    ["the same tag", '"3e8-abc"', true],
    ["another tag (the file changed)", '"3e8-abd"', false],
    ["a weak tag never matches", 'W/"3e8-abc"', false],
    ["the exact Last-Modified date", http(modified), true],
    ["milliseconds do not count", http(new Date(modified.getTime() + 400)), true],
    ["a later date", http(new Date(modified.getTime() + 5000)), false],
    ["an earlier date", http(new Date(modified.getTime() - 5000)), false],
    ["garbage", "not a date", false],
  ];
  test.each(cases)("%s", (_name, ifRange, expected) => {
    expect(rangeStillValid(ifRange, object)).toBe(expected);
  });
});

test("strongEtag writes numbers in hex inside quotes", () => {
  expect(strongEtag(1000, 1_764_331_200_123.7)).toBe(`"3e8-${(1_764_331_200_123).toString(16)}"`);
});
