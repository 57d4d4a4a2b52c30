import { describe, expect, test } from "bun:test";
import type { Caller } from "../../domain/users.ts";
import { metricsRefusal } from "./metrics-access.ts";

type Who = Pick<Caller, "via" | "scope" | "role"> | null;

describe("metricsRefusal", () => {
  test.each<[string, Who, 401 | 403 | null, string]>([
    ["nobody", null, 401, "needs an API token"],
    ["the owner's session cookie", { via: "session", role: "owner" }, 401, "needs an API token"],
    [
      "the owner's read token",
      { via: "token", scope: "read", role: "owner" },
      403,
      "metrics (or full) scope",
    ],
    ["the owner's metrics token", { via: "token", scope: "metrics", role: "owner" }, null, ""],
    ["the owner's full token", { via: "token", scope: "full", role: "owner" }, null, ""],
    [
      "an admin's metrics token",
      { via: "token", scope: "metrics", role: "admin" },
      403,
      "token of the owner",
    ],
    ["a viewer's full token", { via: "token", scope: "full", role: "viewer" }, 403, "token of the owner"],
  ])("%s", (_, caller, status, words) => {
    const refusal = metricsRefusal(caller);
    expect(refusal?.status ?? null).toBe(status);
    expect(refusal?.message ?? "").toContain(words);
  });
});
