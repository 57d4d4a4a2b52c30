import { expect, test } from "bun:test";
import { checkMaxPercent } from "./cache-form";

test.each<[string, ReturnType<typeof checkMaxPercent>]>([
  ["10", { ok: true, value: 10 }],
  [" 1 ", { ok: true, value: 1 }],
  ["100", { ok: true, value: 100 }],
  ["007", { ok: true, value: 7 }],
  ["", { ok: false, error: "required" }],
  ["0", { ok: false, error: "range" }],
  ["101", { ok: false, error: "range" }],
  ["12.5", { ok: false, error: "range" }],
  ["-3", { ok: false, error: "range" }],
  ["ten", { ok: false, error: "range" }],
  ["1e2", { ok: false, error: "range" }],
])("%j → %j", (raw, expected) => {
  expect(checkMaxPercent(raw)).toEqual(expected);
});
