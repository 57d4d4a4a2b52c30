import { describe, expect, test } from "bun:test";
import { HelixError } from "./errors.ts";
import { decodeCursor, encodeCursor, paginate } from "./pagination.ts";

const letters = "abcdefghij".split("");

describe("Helix pagination", () => {
  test.each([
    ["first page", { first: 3 }, ["a", "b", "c"], true],
    ["everything fits", { first: 20 }, letters, false],
    ["exactly the length", { first: 10 }, letters, false],
    ["after the second page", { first: 3, after: encodeCursor({ s: 3, e: 6 }) }, ["g", "h", "i"], true],
    ["after the last full page", { first: 3, after: encodeCursor({ s: 6, e: 9 }) }, ["j"], false],
    ["before the third page", { first: 3, before: encodeCursor({ s: 6, e: 9 }) }, ["d", "e", "f"], true],
    ["before near the start", { first: 3, before: encodeCursor({ s: 2, e: 5 }) }, ["a", "b", "c"], true],
    ["after past the end", { first: 3, after: encodeCursor({ s: 10, e: 12 }) }, [], false],
  ])("%s", (_name, request, items, more) => {
    const page = paginate(letters, request);
    expect(page.items).toEqual(items);
    expect("cursor" in page.pagination).toBe(more);
  });

  test("walking the cursors visits every item once, in order", () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = paginate(letters, { first: 4, after });
      seen.push(...page.items);
      after = page.pagination.cursor;
      pages++;
    } while (after);
    expect(seen).toEqual(letters);
    expect(pages).toBe(3);
  });

  test("a cursor goes back with before to the page it came after", () => {
    const second = paginate(letters, { first: 4, after: paginate(letters, { first: 4 }).pagination.cursor });
    const back = paginate(letters, { first: 4, before: second.pagination.cursor });
    expect(back.items).toEqual(["a", "b", "c", "d"]);
  });

  test.each([
    ["garbage", "not-a-cursor"],
    ["negative start", encodeCursor({ s: -1, e: 2 })],
    ["end before start", encodeCursor({ s: 5, e: 2 })],
  ])("a %s cursor is a 400 naming the parameter", (_name, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
    expect(() => paginate(letters, { first: 3, after: cursor })).toThrow(
      new HelixError(400, "after: invalid cursor"),
    );
  });

  test("after and before together are refused", () => {
    const cursor = encodeCursor({ s: 0, e: 3 });
    expect(() => paginate(letters, { first: 3, after: cursor, before: cursor })).toThrow(HelixError);
  });
});
