import { describe, expect, test } from "bun:test";
import { roleAtLeast, type Session, usableSession } from "./session";

const user: Session = {
  user_id: "41",
  login: "ada",
  display_name: "Ada",
  email: null,
  profile_image_url: "https://img/ada.png",
  role: "admin",
  via: "session",
};

describe("usableSession", () => {
  test.each<{ name: string; session: Session | null | undefined; expected: Session | null }>([
    { name: "signed in", session: user, expected: user },
    { name: "signed out", session: null, expected: null },
    { name: "no answer", session: undefined, expected: null },
    {
      name: "a role this dashboard does not know",
      session: { ...user, role: "root" as Session["role"] },
      expected: null,
    },
  ])("$name", ({ session, expected }) => {
    expect(usableSession(session)).toEqual(expected);
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
