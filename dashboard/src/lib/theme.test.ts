import { expect, test } from "bun:test";
import { resolveTheme } from "./theme";

test.each([
  { stored: "dark", system: false, expected: "dark" },
  { stored: "light", system: true, expected: "light" },
  { stored: null, system: true, expected: "dark" },
  { stored: null, system: false, expected: "light" },
  { stored: "purple", system: true, expected: "dark" },
] as const)("stored $stored with system dark=$system gives $expected", ({ stored, system, expected }) => {
  expect(resolveTheme(stored, system)).toBe(expected);
});
