import { describe, expect, test } from "bun:test";
import { flowOutcome, parseFlowSearch, tokenExpired } from "./outcome";
import { startServiceAccountSignIn } from "./start-sign-in";

describe("the service account flow's outcome in the address", () => {
  test.each([
    [{}, { kind: "none" }],
    [{ service_account: "set" }, { kind: "set" }],
    [{ service_account: "yes" }, { kind: "none" }],
    [
      { service_account_error: "access_denied" },
      { kind: "error", error: "access_denied", code: "access_denied" },
    ],
    [{ service_account_error: "owner_only" }, { kind: "error", error: "owner_only", code: "owner_only" }],
    [{ service_account_error: "weird_thing" }, { kind: "error", error: "other", code: "weird_thing" }],
    [{ service_account_error: "<script>" }, { kind: "none" }],
    [{ service_account_error: "x".repeat(65) }, { kind: "none" }],
    [
      { service_account: "set", service_account_error: "state_mismatch" },
      { kind: "error", error: "state_mismatch", code: "state_mismatch" },
    ],
  ])("%j → %j", (search, outcome) => {
    expect(flowOutcome(parseFlowSearch(search))).toEqual(outcome as never);
  });

  test("an expired access token is told apart from one still good", () => {
    const now = Date.parse("2026-11-28T12:00:00Z");
    expect(tokenExpired("2026-11-28T11:59:59Z", now)).toBe(true);
    expect(tokenExpired("2026-11-28T12:00:00Z", now)).toBe(true);
    expect(tokenExpired("2026-11-28T12:00:01Z", now)).toBe(false);
  });
});

describe("starting the flow", () => {
  const answer = (status: number, body: unknown) =>
    (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

  test("answers the authorize URL the server gives", async () => {
    expect(await startServiceAccountSignIn(answer(200, { authorize_url: "https://id.twitch.tv/x" }))).toBe(
      "https://id.twitch.tv/x",
    );
  });

  test.each([
    [
      412,
      { error: { code: "PRECONDITION_FAILED", message: "set by TWITCH_SERVICE_ACCOUNT_REFRESH_TOKEN" } },
      "set by TWITCH_SERVICE_ACCOUNT_REFRESH_TOKEN",
    ],
    [
      403,
      { error: { code: "FORBIDDEN", message: "this needs the owner role" } },
      "this needs the owner role",
    ],
    [502, "not json at all", "HTTP 502"],
  ])("a %i is an error with the server's message", async (status, body, message) => {
    await expect(startServiceAccountSignIn(answer(status, body))).rejects.toThrow(message);
  });
});
