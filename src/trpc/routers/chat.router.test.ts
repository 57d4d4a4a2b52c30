import { describe, expect, test } from "bun:test";
import { callsOf, strictFake } from "../../../tests/fakes/strict.ts";
import { caller, failure, fakeApi } from "../../../tests/support/api-unit.ts";
import { NotFoundError } from "../../domain/errors.ts";
import type { ApiServices } from "../context.ts";

// The chat procedures over a strict fake of ChatService: the input checks and their messages, the one
// service call each makes. No database (src/chat/chat.service.test.ts has the behaviour).

type Chat = ApiServices["chat"];
const PAGE = { messages: [], next_offset_seconds: null };

function world(members: Partial<Chat> = {}) {
  const chat = strictFake<Chat>("chat", members);
  return { chat, api: fakeApi({ chat }).as(caller("viewer")) };
}

describe("chat procedures", () => {
  test("page: limit 100 and the player's offset by default; either direction", async () => {
    const { chat, api } = world({ page: async () => PAGE });
    expect(await api.chat.page({ video_id: 3, offset_seconds: 12.5 })).toEqual(PAGE);
    await api.chat.page({ video_id: 3, offset_seconds: 0, limit: 500, direction: "before" });
    expect(callsOf(chat)).toEqual([
      ["page", [3, { video_id: 3, offset_seconds: 12.5, limit: 100 }]],
      ["page", [3, { video_id: 3, offset_seconds: 0, limit: 500, direction: "before" }]],
    ]);
  });

  test.each([
    ["a limit over 500", { limit: 501 }, "limit"],
    ["a limit of 0", { limit: 0 }, "limit"],
    ["a negative offset", { offset_seconds: -1 }, "offset_seconds"],
    ["an unknown direction", { direction: "sideways" }, "direction"],
    ["an unknown field", { cursor: 1 }, "cursor"],
  ])("page with %s → BAD_REQUEST naming the field", async (_name, over, field) => {
    const { chat, api } = world();
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
    const err = await failure(api.chat.page({ video_id: 3, offset_seconds: 1, ...over } as any));
    expect([err.code, err.message]).toEqual(["BAD_REQUEST", expect.stringContaining(field)]);
    expect(callsOf(chat)).toEqual([]);
  });

  test("search: a trimmed query of 1 to 100 characters, keyset cursor passed through", async () => {
    const { chat, api } = world({ search: async () => ({ hits: [], next_cursor: null }) });
    await api.chat.search({ video_id: 3, query: "  gg ", cursor: { offset_ms: 5, id: 9 } });
    expect(callsOf(chat)).toEqual([["search", [3, "gg", { cursor: { offset_ms: 5, id: 9 }, limit: 50 }]]]);
    for (const query of ["   ", "x".repeat(101)]) {
      const err = await failure(api.chat.search({ video_id: 3, query }));
      expect([err.code, err.message.startsWith("query:")]).toEqual(["BAD_REQUEST", true]);
    }
  });

  test("a video the caller cannot see is NOT_FOUND", async () => {
    const { api } = world({
      summary: async () => {
        throw new NotFoundError("no video 3");
      },
    });
    const err = await failure(api.chat.summary({ video_id: 3 }));
    expect([err.code, err.message]).toEqual(["NOT_FOUND", "no video 3"]);
  });
});
