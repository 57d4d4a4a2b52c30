import { describe, expect, test } from "bun:test";
import { checkLogin, type LoginCheck } from "./login";

describe("checkLogin", () => {
  test.each<[string, LoginCheck]>([
    ["kitchen_lab", { ok: true, login: "kitchen_lab" }],
    ["  Kitchen_Lab ", { ok: true, login: "kitchen_lab" }],
    ["@KitchenLab", { ok: true, login: "kitchenlab" }],
    ["twitch.tv/kitchen_lab", { ok: true, login: "kitchen_lab" }],
    ["https://www.twitch.tv/Kitchen_Lab/videos?filter=all", { ok: true, login: "kitchen_lab" }],
    ["https://m.twitch.tv/abcd", { ok: true, login: "abcd" }],
    ["x".repeat(25), { ok: true, login: "x".repeat(25) }],
    ["", { ok: false, error: "required" }],
    ["   ", { ok: false, error: "required" }],
    ["@", { ok: false, error: "required" }],
    ["https://twitch.tv/", { ok: false, error: "required" }],
    ["abc", { ok: false, error: "length" }],
    ["x".repeat(26), { ok: false, error: "length" }],
    ["kitchen lab", { ok: false, error: "characters" }],
    ["kitchen-lab", { ok: false, error: "characters" }],
    ["émile_tv", { ok: false, error: "characters" }],
    ["https://example.com/kitchen_lab", { ok: false, error: "characters" }],
  ])("%j", (raw, expected) => {
    expect(checkLogin(raw)).toEqual(expected);
  });
});
