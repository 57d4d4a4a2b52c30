import { describe, expect, test } from "bun:test";
import { callsOf, strictFake } from "../../../tests/fakes/strict.ts";
import { caller, failure, fakeApi } from "../../../tests/support/api-unit.ts";
import type { ApiServices } from "../context.ts";

// The request procedures over a strict fake of the watch service: the caller goes to the service (which
// decides whose requests they see), pages are bounded, and nobody signed out gets anything.

describe("videorequest procedures", () => {
  test("list passes the caller and the page (50 by default); over 100 is refused naming the field", async () => {
    const watch = strictFake<ApiServices["watch"]>("watch", {
      requestsFor: async () => ({ total: 0, data: [] }),
    });
    const api = fakeApi({ watch });
    const viewer = caller("viewer");
    const admin = caller("admin");
    expect(await api.as(viewer).videorequest.list()).toEqual({ total: 0, data: [] });
    await api.as(admin).videorequest.list({ limit: 10, offset: 20 });
    const tooMany = await failure(api.as(viewer).videorequest.list({ limit: 101, offset: 0 }));
    expect([tooMany.code, tooMany.message.startsWith("limit:")]).toEqual(["BAD_REQUEST", true]);
    expect((await failure(api.as(null).videorequest.list())).code).toBe("UNAUTHORIZED");
    expect(callsOf(watch)).toEqual([
      ["requestsFor", [viewer, { limit: 50, offset: 0 }]],
      ["requestsFor", [admin, { limit: 10, offset: 20 }]],
    ]);
  });
});
