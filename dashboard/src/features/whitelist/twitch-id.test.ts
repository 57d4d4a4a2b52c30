import { expect, test } from "bun:test";
import { checkTwitchId } from "./twitch-id";

test.each<[string, ReturnType<typeof checkTwitchId>]>([
  ["123456", { ok: true, value: "123456" }],
  ["  141981764 ", { ok: true, value: "141981764" }],
  ["0", { ok: true, value: "0" }],
  ["", { ok: false, error: "required" }],
  ["   ", { ok: false, error: "required" }],
  ["twitchdev", { ok: false, error: "digits" }],
  ["123 456", { ok: false, error: "digits" }],
  ["-5", { ok: false, error: "digits" }],
  ["12.5", { ok: false, error: "digits" }],
  ["１２３", { ok: false, error: "digits" }],
  ["1".repeat(20), { ok: true, value: "1".repeat(20) }],
  ["1".repeat(21), { ok: false, error: "tooLong" }],
])("%j → %j", (raw, expected) => {
  expect(checkTwitchId(raw)).toEqual(expected);
});
