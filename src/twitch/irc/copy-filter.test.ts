import { expect, test } from "bun:test";
import { CopyFilter } from "./copy-filter.ts";

test("off, nothing is a copy; during an overlap the second sighting is; after it, off again", () => {
  const filter = new CopyFilter();
  expect([filter.isCopy("a", 0), filter.isCopy("a", 1)]).toEqual([false, false]);
  filter.start();
  expect([filter.isCopy("a", 2), filter.isCopy("b", 3), filter.isCopy("a", 4)]).toEqual([false, false, true]);
  filter.stopAt(100);
  expect(filter.isCopy("b", 99)).toBe(true);
  expect([filter.isCopy("b", 100), filter.isCopy("b", 101)]).toEqual([false, false]);
});

test("holds at most its capacity, forgetting the oldest first", () => {
  const filter = new CopyFilter(3);
  filter.start();
  for (const key of ["a", "b", "c", "d"]) filter.isCopy(key, 0);
  expect(filter.isCopy("a", 0)).toBe(false);
  expect(filter.isCopy("d", 0)).toBe(true);
});
