import { describe, expect, test } from "bun:test";
import { contentSecurityPolicy } from "./security-headers.ts";

describe("the dashboard's Content-Security-Policy", () => {
  const directive = (policy: string, name: string) =>
    policy
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `));
  test.each([
    ["Twitch (https)", [], "img-src 'self' data: blob: https:"],
    [
      "the simulator (http on loopback)",
      ["http://127.0.0.1:8090"],
      "img-src 'self' data: blob: https: http://127.0.0.1:8090",
    ],
  ])("images from %s", (_name, origins, expected) => {
    expect(directive(contentSecurityPolicy(origins), "img-src")).toBe(expected);
  });
  test("scripts only from the server itself, never inline", () => {
    expect(directive(contentSecurityPolicy(), "script-src")).toBe("script-src 'self'");
  });
});
