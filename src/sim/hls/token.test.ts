import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { seal, unseal } from "./sealed.ts";
import { playbackTokenValue, readToken, signToken, tokenProblem } from "./token.ts";

const secret = new TextEncoder().encode("test-secret");
const NOW = 1_800_000_000;

function token(overrides: Partial<Parameters<typeof playbackTokenValue>[0]> = {}) {
  const value = playbackTokenValue({
    channel: "kitchen_lab",
    channelId: "100002",
    userId: null,
    entitlements: { subscriber: false, turbo: false, adFree: false },
    userIp: "127.0.0.1",
    expires: NOW + 60,
    restriction: null,
    deviceId: null,
    playerType: "embed",
    platform: "site",
    ...overrides,
  });
  return { value, signature: signToken(secret, value) };
}

describe("playback token", () => {
  test("the value is a JSON string with the fields clients read, and the signature is 40 hex", () => {
    const { value, signature } = token();
    expect(JSON.parse(value)).toMatchObject({
      channel: "kitchen_lab",
      channel_id: 100002,
      expires: NOW + 60,
      user_id: null,
      user_ip: "127.0.0.1",
      adblock: false,
      geoblock_reason: "",
      hide_ads: false,
      server_ads: true,
      show_ads: true,
      chansub: { restricted_bitrates: [] },
    });
    expect(signature).toMatch(/^[0-9a-f]{40}$/);
    expect(readToken(value)).toEqual({
      channel: "kitchen_lab",
      expires: NOW + 60,
      userId: null,
      subscriber: false,
      adFree: false,
    });
  });

  test("a geo-restricted channel's token names the reason; a signed-in viewer's carries their id", () => {
    expect(JSON.parse(token({ restriction: "geoblock" }).value).geoblock_reason).toBe("content_geoblocked");
    expect(JSON.parse(token({ userId: "100001" }).value).user_id).toBe(100001);
  });

  test.each([
    [
      "Turbo",
      { subscriber: false, turbo: true, adFree: true },
      { turbo: true, hide_ads: true, show_ads: false },
    ],
    [
      "a subscriber",
      { subscriber: true, turbo: false, adFree: true },
      { subscriber: true, hide_ads: true, server_ads: false },
    ],
    ["neither", { subscriber: false, turbo: false, adFree: false }, { turbo: false, hide_ads: false }],
  ])("%s: the token says so, and usher reads it back", (_case, entitlements, fields) => {
    const { value } = token({ userId: "100001", entitlements });
    expect(JSON.parse(value)).toMatchObject(fields);
    expect(readToken(value)).toMatchObject({
      userId: "100001",
      subscriber: entitlements.subscriber,
      adFree: entitlements.adFree,
    });
  });

  test("a sub-only channel's token is forbidden unless its viewer subscribes", () => {
    const forbidden = (subscriber: boolean) =>
      JSON.parse(
        token({
          restriction: "subscriber",
          userId: "100001",
          entitlements: { subscriber, turbo: false, adFree: subscriber },
        }).value,
      ).authorization.forbidden;
    expect(forbidden(false)).toBe(true);
    expect(forbidden(true)).toBe(false);
  });

  const good = token();
  test.each([
    ["a good token", { token: good.value, sig: good.signature }, null],
    ["an upper-case signature", { token: good.value, sig: good.signature.toUpperCase() }, null],
    ["no token", { token: undefined, sig: good.signature }, "token: missing"],
    ["no signature", { token: good.value, sig: "" }, "sig: missing"],
    ["a wrong signature", { token: good.value, sig: "0".repeat(40) }, "sig: does not match token"],
    [
      "an edited token",
      { token: good.value.replace("false", "true"), sig: good.signature },
      "sig: does not match",
    ],
    [
      "another channel",
      { ...sign(token({ channel: "retro_arena" }).value) },
      "issued for channel retro_arena",
    ],
    ["an expired token", { ...sign(token({ expires: NOW }).value) }, "token: expired"],
    ["signed garbage", { ...sign("not json") }, "token: not a playback token"],
  ])("usher's check of %s", (_name, given, problem) => {
    const result = tokenProblem({ secret, login: "kitchen_lab", nowSeconds: NOW, ...given });
    if (problem === null) expect(result).toBeNull();
    else expect(result).toContain(problem);
  });
});

function sign(value: string) {
  return { token: value, sig: signToken(secret, value) };
}

describe("sealed URL parts", () => {
  const schema = z.object({ s: z.string(), n: z.number() });

  test("round-trip through URL-safe text", () => {
    const blob = seal(secret, { s: "41234567890", n: 42 });
    expect(blob).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(unseal(secret, blob, schema)).toEqual({ s: "41234567890", n: 42 });
  });

  test.each([
    ["another secret", (b: string) => b, new TextEncoder().encode("other")],
    [
      "an edited payload",
      (b: string) =>
        Buffer.from(Buffer.from(b, "base64url").toString().replace("42", "43")).toString("base64url"),
      secret,
    ],
    ["not base64url", () => "a/b", secret],
    ["a payload of the wrong shape", () => seal(secret, { s: 1 }), secret],
  ])("refuse %s", (_name, mangle, key) => {
    expect(unseal(key, mangle(seal(secret, { s: "x", n: 42 })), schema)).toBeNull();
  });
});
