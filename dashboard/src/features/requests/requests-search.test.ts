import { expect, test } from "bun:test";
import { parseRequestsSearch, requestsInput, requestsPageCount } from "./requests-search";

test.each<[Record<string, unknown>, { page?: number }]>([
  [{}, {}],
  [{ page: 1 }, {}],
  [{ page: 3 }, { page: 3 }],
  [{ page: "4" }, { page: 4 }],
  [{ page: 0 }, {}],
  [{ page: 2.5 }, {}],
  [{ page: "x" }, {}],
])("%p → %p", (raw, expected) => {
  expect(parseRequestsSearch(raw)).toEqual(expected);
});

test("pages are offsets of 50", () => {
  expect(requestsInput({})).toEqual({ limit: 50, offset: 0 });
  expect(requestsInput({ page: 3 })).toEqual({ limit: 50, offset: 100 });
  expect([0, 1, 50, 51, 120].map(requestsPageCount)).toEqual([1, 1, 1, 2, 3]);
});
