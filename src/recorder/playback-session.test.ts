import { describe, expect, test } from "bun:test";
import { PlaybackError } from "../twitch/playback.client.ts";
import { openSession, type PlaybackApi, readableRefusal } from "./playback-session.ts";

const NO_ACCOUNT = "sub-only stream: set a service account that subscribes to it in System";
const NOT_SUBSCRIBED =
  "sub-only stream: the service account does not subscribe to it (change the account in System)";

describe("a sub-only refusal says what the owner can do", () => {
  const forbidden = (code: string | null) =>
    new PlaybackError("forbidden", `Twitch refuses playback of x: … (${code})`, code, 403);
  test.each([
    [
      "usher's unauthorized_entitlements, anonymous",
      forbidden("unauthorized_entitlements"),
      false,
      NO_ACCOUNT,
    ],
    ["subs_only_restricted, anonymous", forbidden("subs_only_restricted"), false, NO_ACCOUNT],
    ["subscriptions_restricted, anonymous", forbidden("subscriptions_restricted"), false, NO_ACCOUNT],
    [
      "unauthorized_entitlements, as the service account",
      forbidden("unauthorized_entitlements"),
      true,
      NOT_SUBSCRIBED,
    ],
  ])("%s", (_case, err, signedIn, message) => {
    const readable = readableRefusal(err, signedIn) as PlaybackError;
    expect(readable).toBeInstanceOf(PlaybackError);
    expect({ kind: readable.kind, message: readable.message, code: readable.code }).toEqual({
      kind: "forbidden",
      message,
      code: err.code,
    });
  });

  test.each([
    ["a geo-block", forbidden("content_geoblocked")],
    ["a forbidden answer without a code", forbidden(null)],
    ["an offline channel", new PlaybackError("offline", "not live", "unauthorized_entitlements")],
    ["a transient usher error", new PlaybackError("transient", "usher answered 503")],
    ["not a playback error", new Error("boom")],
  ])("%s is left as it is", (_case, err) => {
    expect(readableRefusal(err, false)).toBe(err);
  });
});

describe("openSession", () => {
  const api = (signedIn: boolean): PlaybackApi => ({
    accessToken: async () => ({ value: "{}", signature: "s", expiresAt: null, signedIn }),
    master: async () => {
      throw new PlaybackError("forbidden", "Twitch refuses playback", "unauthorized_entitlements", 403);
    },
  });
  const request = {
    login: "kitchen_lab",
    quality: "source" as const,
    policy: { forceH264: false, enableAv1: false, disableHevc: false },
  };

  test.each([
    [false, NO_ACCOUNT],
    [true, NOT_SUBSCRIBED],
  ])(
    "usher refusing a sub-only stream to a token signed in=%p fails with the readable reason",
    async (signedIn, message) => {
      await expect(openSession(api(signedIn), request)).rejects.toThrow(message);
    },
  );
});
