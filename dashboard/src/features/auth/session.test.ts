import { describe, expect, test } from "bun:test";
import { parseSessionResponse, roleAtLeast, type Session } from "./session";

const user: Session = {
  user_id: "41",
  login: "ada",
  display_name: "Ada",
  profile_image_url: "https://img/ada.png",
  role: "admin",
};

describe("parseSessionResponse", () => {
  test.each([
    { name: "signed in", status: 200, body: { result: { data: user } }, expected: user },
    {
      name: "no avatar",
      status: 200,
      body: { result: { data: { ...user, profile_image_url: undefined } } },
      expected: { ...user, profile_image_url: null },
    },
    { name: "signed out (null)", status: 200, body: { result: { data: null } }, expected: null },
    { name: "signed out (401)", status: 401, body: { error: {} }, expected: null },
    { name: "no auth procedure on the server (404)", status: 404, body: { error: {} }, expected: null },
    {
      name: "unknown role",
      status: 200,
      body: { result: { data: { ...user, role: "root" } } },
      expected: null,
    },
  ] as { name: string; status: number; body: unknown; expected: Session | null }[])(
    "$name",
    ({ status, body, expected }) => {
      expect(parseSessionResponse(status, body)).toEqual(expected);
    },
  );

  test("a server error is an error, not a sign-out", () => {
    expect(() => parseSessionResponse(500, null)).toThrow("HTTP 500");
  });
});

test.each([
  ["viewer", "viewer", true],
  ["viewer", "admin", false],
  ["admin", "admin", true],
  ["owner", "admin", true],
  ["admin", "owner", false],
] as const)("%s at least %s: %p", (role, min, expected) => {
  expect(roleAtLeast(role, min)).toBe(expected);
});
