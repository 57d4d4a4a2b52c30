import { describe, expect, test } from "bun:test";
import { callsOf, strictFake } from "../../tests/fakes/strict.ts";
import { RECORD_EVERYTHING, savedSchedule } from "../../tests/support/schedule-rule.ts";
import type { Repository } from "../db/repository.ts";
import { NotFoundError } from "../domain/errors.ts";
import type { ServerSettings } from "../domain/ops.ts";
import type { Schedule } from "../domain/schedules.ts";
import type { Caller, Role } from "../domain/users.ts";
import {
  type ScheduleChangeListener,
  ScheduleService,
  type ScheduleServiceDeps,
} from "./schedules.service.ts";

// ScheduleService over strict fakes: the schedules and settings repositories, live detection, the log.

const who = (role: Role, id: string): Caller => ({ id, login: id, display_name: id, role, via: "session" });
const alice = who("admin", "200");
const bob = who("admin", "201");
const owner = who("owner", "300");
const MINE = savedSchedule({ id: 7, requested_by: alice.id });

function service(
  parts: {
    schedules?: Partial<Repository["schedules"]>;
    serverSettings?: Partial<Repository["serverSettings"]>;
    live?: Partial<ScheduleChangeListener>;
  },
  applyBudgetMs?: number,
) {
  const schedules = strictFake<Repository["schedules"]>("repo.schedules", parts.schedules);
  const serverSettings = strictFake<Repository["serverSettings"]>(
    "repo.serverSettings",
    parts.serverSettings,
  );
  const live = strictFake<ScheduleChangeListener>("live", parts.live);
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const log = strictFake<ScheduleServiceDeps["log"]>("log", {
    warn: ((fields: Record<string, unknown>, message: string) => warnings.push({ fields, message })) as never,
  });
  const deps: ScheduleServiceDeps = {
    repo: strictFake<ScheduleServiceDeps["repo"]>("repo", { schedules, serverSettings }),
    live,
    log,
    applyBudgetMs,
  };
  return { sut: new ScheduleService(deps), schedules, live, warnings };
}

describe("ScheduleService: a change reaches live detection", () => {
  test("create saves the caller's schedule, then waits for live detection before answering", async () => {
    const order: string[] = [];
    const { sut, schedules, live } = service({
      schedules: { create: async (input) => savedSchedule({ ...input, id: 8 }) },
      live: {
        scheduleChanged: async () => {
          await Bun.sleep(5);
          order.push("live detection done");
        },
      },
    });
    const created = await sut.create(alice, "123", RECORD_EVERYTHING);
    order.push("answered");
    expect(created).toMatchObject({ id: 8, broadcaster_id: "123", requested_by: alice.id });
    expect(callsOf(schedules)).toEqual([
      ["create", [{ ...RECORD_EVERYTHING, broadcaster_id: "123", requested_by: alice.id }]],
    ]);
    expect(callsOf(live)).toEqual([["scheduleChanged", [created]]]);
    expect(order).toEqual(["live detection done", "answered"]);
  });

  test("when live detection fails the schedule is still saved and the failure is logged with its reason", async () => {
    const { sut, warnings } = service({
      schedules: { create: async () => MINE },
      live: {
        scheduleChanged: async () => {
          throw new Error("cannot reach Helix (GET /streams): connection refused");
        },
      },
    });
    expect(await sut.create(alice, "123", RECORD_EVERYTHING)).toEqual(MINE);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toEqual({
      err: "cannot reach Helix (GET /streams): connection refused",
      schedule_id: 7,
    });
    expect(warnings[0]?.message).toContain("next go-live");
  });

  test("a slow Twitch does not hold the answer past the budget; the work goes on and its failure is still logged", async () => {
    let fail: (err: Error) => void = () => {};
    const { sut, warnings } = service(
      {
        schedules: { create: async () => MINE },
        live: { scheduleChanged: () => new Promise<void>((_, reject) => (fail = reject)) },
      },
      10,
    );
    const started = performance.now();
    expect(await sut.create(alice, "123", RECORD_EVERYTHING)).toEqual(MINE);
    expect(performance.now() - started).toBeLessThan(500);
    expect(warnings).toEqual([]);
    fail(new Error("Helix timed out"));
    await sut.idle();
    expect(warnings.map((w) => w.fields.err)).toEqual(["Helix timed out"]);
  });

  test("update and toggle apply the saved schedule; delete and the pause switch do not", async () => {
    const changed: Schedule[] = [];
    const { sut } = service({
      schedules: {
        getById: async () => MINE,
        update: async (id, rule) => savedSchedule({ ...rule, id, requested_by: alice.id }),
        setDisabled: async (id, disabled) => savedSchedule({ id, is_disabled: disabled }),
        delete: async () => true,
      },
      serverSettings: {
        update: async (patch) => ({ schedules_paused: patch.schedules_paused }) as ServerSettings,
      },
      live: { scheduleChanged: async (s) => void changed.push(s) },
    });
    await sut.update(alice, 7, { ...RECORD_EVERYTHING, quality: "480p" });
    expect((await sut.toggle(alice, 7)).is_disabled).toBe(true);
    expect(await sut.delete(alice, 7)).toEqual({ ok: true });
    expect(await sut.setPaused(true)).toEqual({ paused: true });
    expect(changed.map((s) => [s.quality, s.is_disabled])).toEqual([
      ["480p", false],
      ["source", true],
    ]);
  });
});

describe("ScheduleService: who sees which", () => {
  test("someone else's schedule is not found (never forbidden), and nothing is written", async () => {
    const { sut, schedules } = service({ schedules: { getById: async () => MINE } });
    for (const attempt of [
      () => sut.get(bob, 7),
      () => sut.update(bob, 7, RECORD_EVERYTHING),
      () => sut.toggle(bob, 7),
      () => sut.delete(bob, 7),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect((err as Error).message).toBe("no schedule 7");
    }
    expect(new Set(callsOf(schedules).map(([method]) => method))).toEqual(new Set(["getById"]));
  });

  test("an unknown id is not found alike; the owner sees anyone's", async () => {
    const { sut } = service({ schedules: { getById: async (id) => (id === 7 ? MINE : null) } });
    expect(await sut.get(owner, 7)).toEqual(MINE);
    expect(await sut.get(alice, 7)).toEqual(MINE);
    await expect(sut.get(owner, 8)).rejects.toThrow("no schedule 8");
  });

  test("lists: the owner's covers everyone, anyone else's their own", async () => {
    const { sut, schedules } = service({ schedules: { list: async () => ({ data: [MINE], total: 1 }) } });
    await sut.list(owner, { limit: 10, offset: 0 });
    await sut.list(alice, { limit: 10, offset: 20 });
    expect(await sut.mine(owner)).toEqual([MINE]);
    expect(callsOf(schedules)).toEqual([
      ["list", [{ limit: 10, offset: 0, requestedBy: null }]],
      ["list", [{ limit: 10, offset: 20, requestedBy: alice.id }]],
      ["list", [{ limit: 1000, offset: 0, requestedBy: owner.id }]],
    ]);
  });
});
