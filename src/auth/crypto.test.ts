import { describe, expect, test } from "bun:test";
import { DecryptionError, newApiToken, newSessionId, sha256Hex, TokenCipher } from "./crypto.ts";

const SECRET = "s".repeat(40);
const TOKENS = JSON.stringify({ access_token: "twitch-access-123", refresh_token: "twitch-refresh-456" });

describe("TokenCipher", () => {
  test("round-trips, and the stored value shows nothing of the plaintext", () => {
    const cipher = new TokenCipher(SECRET);
    const stored = cipher.encrypt(TOKENS, "session-a");
    expect(stored).toStartWith("v1.");
    expect(stored).not.toContain("twitch-access-123");
    expect(Buffer.from(stored.slice(3), "base64url").toString("latin1")).not.toContain("twitch-access");
    expect(cipher.decrypt(stored, "session-a")).toBe(TOKENS);
  });

  test("two encryptions of one value differ (a fresh nonce each time)", () => {
    const cipher = new TokenCipher(SECRET);
    expect(cipher.encrypt(TOKENS)).not.toBe(cipher.encrypt(TOKENS));
  });

  const stored = new TokenCipher(SECRET).encrypt(TOKENS, "session-a");
  test.each([
    ["another SESSION_SECRET", new TokenCipher("t".repeat(40)), stored, "session-a"],
    ["another session's row", new TokenCipher(SECRET), stored, "session-b"],
    [
      "an altered byte",
      new TokenCipher(SECRET),
      `${stored.slice(0, 10)}${stored[10] === "A" ? "B" : "A"}${stored.slice(11)}`,
      "session-a",
    ],
    ["a truncated value", new TokenCipher(SECRET), stored.slice(0, 20), "session-a"],
    ["an unknown format", new TokenCipher(SECRET), `v9.${stored.slice(3)}`, "session-a"],
  ])("refuses %s", (_, cipher, value, context) => {
    expect(() => cipher.decrypt(value, context)).toThrow(DecryptionError);
  });
});

describe("secrets", () => {
  test("session ids are 32 random bytes in hex, and stored as their SHA-256", () => {
    const id = newSessionId();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(newSessionId()).not.toBe(id);
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  test("API tokens carry a recognisable prefix and 256 bits", () => {
    const token = newApiToken();
    expect(token).toMatch(/^rpd_[A-Za-z0-9_-]{43}$/);
  });
});
