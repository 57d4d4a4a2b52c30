import { expect, test } from "bun:test";
import { parseSignInSearch, signInErrorKind } from "./sign-in-errors";

test.each([
  ["not_whitelisted", "not_whitelisted"],
  ["access_denied", "access_denied"],
  ["state_mismatch", "state_mismatch"],
  ["missing_code", "missing_code"],
  ["twitch_unavailable", "twitch_unavailable"],
  ["exchange_failed", "exchange_failed"],
  ["server_error", "other"],
] as const)("%s is shown as %s", (code, kind) => {
  expect(signInErrorKind(code)).toBe(kind);
});

test.each([
  [{ error: "access_denied" }, { error: "access_denied" }],
  [{}, {}],
  [{ error: 42 }, {}],
  [{ error: "<script>" }, {}],
])("search %j parses to %j", (search, expected) => {
  expect(parseSignInSearch(search)).toEqual(expected);
});
