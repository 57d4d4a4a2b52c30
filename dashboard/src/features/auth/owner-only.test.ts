import { expect, test } from "bun:test";
import { isOwnerOnly, OWNER_ONLY } from "./owner-only";

test.each<[string, unknown, boolean]>([
  ["the guard's marker", OWNER_ONLY, true],
  ["a copy of it", { reason: "owner-only" }, true],
  ["a plain 404 (no data)", undefined, false],
  ["null", null, false],
  ["another reason", { reason: "missing" }, false],
  ["a string", "owner-only", false],
])("%s → %p", (_name, data, expected) => {
  expect(isOwnerOnly(data)).toBe(expected);
});
