import { describe, expect, test } from "bun:test";
import { callsOf, strictFake } from "../../../tests/fakes/strict.ts";
import { caller, failure, fakeApi } from "../../../tests/support/api-unit.ts";
import type { ApiServices } from "../context.ts";

// eventsub.unsubscribe over a strict fake: only a subscription id reaches the service (and Twitch's URL).

type EventSub = ApiServices["eventsub"];

describe("eventsub.unsubscribe input", () => {
  test.each([
    ["a lone surrogate", "\ud800"],
    ["a path", "../../users"],
    ["a query", "abc?x=1"],
    ["empty", ""],
  ])("%s is a 400 naming the id, and Twitch is not asked", async (_name, id) => {
    const eventsub = strictFake<EventSub>("eventsub", {});
    const err = await failure(fakeApi({ eventsub }).as(caller("owner")).eventsub.unsubscribe({ id }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toContain("id");
    expect(callsOf(eventsub)).toEqual([]);
  });

  test("a subscription id (a UUID) goes to the service", async () => {
    const eventsub = strictFake<EventSub>("eventsub", { unsubscribe: async () => ({ ok: true }) });
    const id = "f1c2d3e4-0000-4000-8000-123456789abc";
    expect(await fakeApi({ eventsub }).as(caller("owner")).eventsub.unsubscribe({ id })).toEqual({
      ok: true,
    });
    expect(callsOf(eventsub)).toEqual([["unsubscribe", [id, "manual"]]]);
  });
});
