import { expect, test } from "bun:test";
import {
  checkTokenName,
  DEFAULT_TOKEN_SCOPE,
  expiresInDays,
  isTokenExpiryChoice,
  isTokenScope,
  type TokenExpiryChoice,
  type TokenExpiryState,
  tokenExpiryState,
} from "./token-form";

test.each<[TokenExpiryChoice, number | null]>([
  ["7", 7],
  ["30", 30],
  ["90", 90],
  ["365", 365],
  ["never", null],
])("expiry choice %s → expires_in_days %p", (choice, days) => {
  expect(expiresInDays(choice)).toBe(days);
});

test.each<[string, boolean]>([
  ["30", true],
  ["never", true],
  ["31", false],
  ["", false],
])("is %j an expiry choice? %p", (value, expected) => {
  expect(isTokenExpiryChoice(value)).toBe(expected);
});

test.each<[string, ReturnType<typeof checkTokenName>]>([
  ["backup script", { ok: true, value: "backup script" }],
  ["  home assistant  ", { ok: true, value: "home assistant" }],
  ["", { ok: false, error: "required" }],
  ["   ", { ok: false, error: "required" }],
  ["x".repeat(64), { ok: true, value: "x".repeat(64) }],
  ["x".repeat(65), { ok: false, error: "tooLong" }],
])("name %j → %j", (raw, expected) => {
  expect(checkTokenName(raw)).toEqual(expected);
});

const now = Date.parse("2025-06-01T12:00:00Z");

test.each<[string | null, TokenExpiryState]>([
  [null, "never"],
  ["2025-05-31T12:00:00Z", "expired"],
  ["2025-06-01T12:00:00Z", "expired"],
  ["2025-06-02T12:00:00Z", "soon"],
  ["2025-06-08T12:00:00Z", "soon"],
  ["2025-06-08T12:00:01Z", "active"],
  ["2026-06-01T12:00:00Z", "active"],
  ["not a date", "never"],
])("expires_at %p → %s", (expiresAt, state) => {
  expect(tokenExpiryState(expiresAt, now)).toBe(state);
});

test.each([
  ["read", true],
  ["metrics", true],
  ["full", true],
  ["admin", false],
  ["", false],
])("is %p a token scope? %p", (value, expected) => {
  expect(isTokenScope(value)).toBe(expected);
});

test("the form starts on the least a token may do", () => {
  expect(DEFAULT_TOKEN_SCOPE).toBe("read");
});
