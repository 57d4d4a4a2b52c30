import { describe, expect, test } from "bun:test";
import { type ChallengeMethod, s256Challenge, verifierMatches } from "./pkce.ts";

// The example of RFC 7636 appendix B.
const RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

describe("PKCE", () => {
  test("the S256 challenge of the RFC example", () => {
    expect(s256Challenge(RFC_VERIFIER)).toBe(RFC_CHALLENGE);
  });

  test.each<[string, string, string, ChallengeMethod, boolean]>([
    ["the RFC pair", RFC_VERIFIER, RFC_CHALLENGE, "S256", true],
    ["another verifier", `${RFC_VERIFIER.slice(0, -1)}N`, RFC_CHALLENGE, "S256", false],
    ["the challenge itself as verifier", RFC_CHALLENGE, RFC_CHALLENGE, "S256", false],
    ["a plain pair", RFC_VERIFIER, RFC_VERIFIER, "plain", true],
    ["a too-short verifier", "short", s256Challenge("short"), "S256", false],
    [
      "a verifier with a forbidden character",
      `${RFC_VERIFIER}+`,
      s256Challenge(`${RFC_VERIFIER}+`),
      "S256",
      false,
    ],
  ])("%s", (_name, verifier, challenge, method, expected) => {
    expect(verifierMatches(verifier, challenge, method)).toBe(expected);
  });
});
