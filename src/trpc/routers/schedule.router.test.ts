import { describe, expect, test } from "bun:test";
import { callsOf, strictFake } from "../../../tests/fakes/strict.ts";
import { caller, failure, fakeApi } from "../../../tests/support/api-unit.ts";
import { RECORD_EVERYTHING, savedSchedule } from "../../../tests/support/schedule-rule.ts";
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { ScheduleInput } from "../../domain/schedules.ts";
import type { ApiServices } from "../context.ts";

// The schedule procedures over a strict fake of ScheduleService: who may call what, the input checks and
// their messages, the one service call each makes, and what comes back. No database.

type Schedules = ApiServices["schedules"];

const SCHEDULE = savedSchedule({ quality: "720p" });
/** The rule `{ quality: "720p" }` becomes once zod fills in the defaults. */
const RULE_720P: ScheduleInput = { ...RECORD_EVERYTHING, quality: "720p" };

function world(members: Partial<Schedules> = {}) {
  const schedules = strictFake<Schedules>("schedules", members);
  // A change that went through is said in the event log, with who made it (the audit middleware).
  const activity = strictFake<ApiServices["activity"]>("activity", { changed: async () => {} });
  return { schedules, activity, api: fakeApi({ schedules, activity }) };
}

describe("schedule procedures: roles", () => {
  test("nobody signed in is UNAUTHORIZED, even to read", async () => {
    const { api, schedules } = world();
    expect((await failure(api.as(null).schedule.list())).code).toBe("UNAUTHORIZED");
    expect((await failure(api.as(null).schedule.pauseState())).code).toBe("UNAUTHORIZED");
    expect(callsOf(schedules)).toEqual([]);
  });

  test("a viewer reads but every change is FORBIDDEN, naming the role it needs, before the service", async () => {
    const { api, schedules } = world({ list: async () => ({ data: [SCHEDULE], total: 1 }) });
    const viewer = caller("viewer");
    expect(await api.as(viewer).schedule.list()).toEqual({ data: [SCHEDULE], total: 1 });
    for (const change of [
      () => api.as(viewer).schedule.create({ broadcaster_id: "123", rule: { quality: "720p" } }),
      () => api.as(viewer).schedule.update({ id: 7, rule: {} }),
      () => api.as(viewer).schedule.toggle({ id: 7 }),
      () => api.as(viewer).schedule.delete({ id: 7 }),
      () => api.as(viewer).schedule.setPaused({ paused: true }),
    ]) {
      const err = await failure(change());
      expect([err.code, err.message]).toEqual(["FORBIDDEN", "this needs the admin role"]);
    }
    expect(callsOf(schedules).map(([method]) => method)).toEqual(["list"]);
  });
});

describe("schedule procedures: input", () => {
  test.each([
    [
      "an enabled filter without a value",
      { has_categories: true },
      "rule.category_ids: pick a category, or turn the filter off",
    ],
    ["a viewer filter without a count", { has_min_viewers: true }, "rule.min_viewers: set a viewer count"],
    [
      "retention without hours",
      { is_delete_rediff: true },
      "rule.time_before_delete: say after how many hours",
    ],
    ["a quality that does not exist", { quality: "4k" }, "rule.quality"],
    ["an unknown field", { colour: "red" }, "colour"],
    [
      "too many categories",
      { has_categories: true, category_ids: Array(101).fill("1") },
      "rule.category_ids",
    ],
  ])("create with %s → BAD_REQUEST naming the field, the service untouched", async (_name, over, field) => {
    const { api, schedules } = world();
    const err = await failure(
      // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
      api.as(caller("admin")).schedule.create({ broadcaster_id: "123", rule: over as any }),
    );
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toContain(field);
    expect(callsOf(schedules)).toEqual([]);
  });

  test("ids are checked: a channel id is digits, a schedule id is a positive integer", async () => {
    const { api } = world();
    const admin = caller("admin");
    const channel = await failure(api.as(admin).schedule.create({ broadcaster_id: "chan", rule: {} }));
    expect([channel.code, channel.message]).toEqual([
      "BAD_REQUEST",
      "broadcaster_id: expected a Twitch id (digits)",
    ]);
    const id = await failure(api.as(admin).schedule.toggle({ id: 0 }));
    expect([id.code, id.message.startsWith("id:")]).toEqual(["BAD_REQUEST", true]);
  });
});

describe("schedule procedures: one service call each", () => {
  test("chat capture defaults to on; a rule may turn it off", async () => {
    const { api, schedules } = world({ create: async () => SCHEDULE, update: async () => SCHEDULE });
    const admin = caller("admin");
    await api.as(admin).schedule.create({ broadcaster_id: "123", rule: {} });
    await api.as(admin).schedule.update({ id: 7, rule: { record_chat: false } });
    expect(callsOf(schedules).map(([, args]) => (args.at(-1) as ScheduleInput).record_chat)).toEqual([
      true,
      false,
    ]);
    const err = await failure(
      // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed input
      api.as(admin).schedule.create({ broadcaster_id: "123", rule: { record_chat: "yes" } as any }),
    );
    expect([err.code, err.message.startsWith("rule.record_chat:")]).toEqual(["BAD_REQUEST", true]);
  });

  test("create passes the caller, the channel and the rule with its defaults, and answers the schedule", async () => {
    const { api, schedules } = world({ create: async () => SCHEDULE });
    const admin = caller("admin");
    expect(await api.as(admin).schedule.create({ broadcaster_id: "123", rule: { quality: "720p" } })).toEqual(
      SCHEDULE,
    );
    expect(callsOf(schedules)).toEqual([["create", [admin, "123", RULE_720P]]]);
  });

  test("update, toggle, delete and getById pass the caller, so the service decides what they may see", async () => {
    const { api, schedules } = world({
      update: async () => SCHEDULE,
      toggle: async () => ({ ...SCHEDULE, is_disabled: true }),
      delete: async () => ({ ok: true }),
      get: async () => SCHEDULE,
    });
    const admin = caller("admin");
    await api.as(admin).schedule.update({ id: 7, rule: { quality: "720p" } });
    expect((await api.as(admin).schedule.toggle({ id: 7 })).is_disabled).toBe(true);
    expect(await api.as(admin).schedule.delete({ id: 7 })).toEqual({ ok: true });
    expect(await api.as(caller("viewer")).schedule.getById({ id: 7 })).toEqual(SCHEDULE);
    expect(callsOf(schedules)).toEqual([
      ["update", [admin, 7, RULE_720P]],
      ["toggle", [admin, 7]],
      ["delete", [admin, 7]],
      ["get", [caller("viewer"), 7]],
    ]);
  });

  test("list pages default to 50 from 0; mine, pauseState and setPaused answer what the service does", async () => {
    const { api, schedules, activity } = world({
      list: async () => ({ data: [], total: 0 }),
      mine: async () => [SCHEDULE],
      pauseState: async () => ({ paused: false }),
      setPaused: async (paused) => ({ paused }),
    });
    const owner = caller("owner");
    expect(await api.as(owner).schedule.list()).toEqual({ data: [], total: 0 });
    expect(await api.as(owner).schedule.mine()).toEqual([SCHEDULE]);
    expect(await api.as(owner).schedule.pauseState()).toEqual({ paused: false });
    expect(await api.as(owner).schedule.setPaused({ paused: true })).toEqual({ paused: true });
    expect(callsOf(schedules)).toEqual([
      ["list", [owner, { limit: 50, offset: 0 }]],
      ["mine", [owner]],
      ["pauseState", []],
      ["setPaused", [true]],
    ]);
    // Only the change is audited, with who made it.
    expect(callsOf(activity)).toEqual([
      [
        "changed",
        [
          owner,
          {
            domain: "schedule",
            what: "paused every schedule",
            procedure: "schedule.setPaused",
            values: { paused: true },
          },
        ],
      ],
    ]);
  });

  test("the service's errors keep their meaning: not found → NOT_FOUND, a duplicate → CONFLICT, with its words", async () => {
    const { api } = world({
      get: async () => {
        throw new NotFoundError("no schedule 9");
      },
      create: async () => {
        throw new ConflictError("you already have a schedule for this channel");
      },
    });
    const missing = await failure(api.as(caller("admin")).schedule.getById({ id: 9 }));
    expect([missing.code, missing.message]).toEqual(["NOT_FOUND", "no schedule 9"]);
    const duplicate = await failure(
      api.as(caller("admin")).schedule.create({ broadcaster_id: "123", rule: {} }),
    );
    expect([duplicate.code, duplicate.message]).toEqual([
      "CONFLICT",
      "you already have a schedule for this channel",
    ]);
  });

  test("a procedure reaching for a service it does not use fails loudly", async () => {
    const api = fakeApi({});
    const err = await failure(api.as(caller("owner")).schedule.pauseState());
    expect(err.code).toBe("INTERNAL_SERVER_ERROR");
    expect((err.cause as Error).message).toContain("services.schedules is not part of this fake");
  });
});
