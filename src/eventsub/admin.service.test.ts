import { describe, expect, test } from "bun:test";
import { callsOf, strictFake } from "../../tests/fakes/strict.ts";
import type { Repository } from "../db/repository.ts";
import { PreconditionError } from "../domain/errors.ts";
import { EventSubAdmin, type EventSubAdminDeps } from "./admin.service.ts";

// The owner's EventSub actions over strict fakes: they need the running mode's EventSub manager.

type Manager = NonNullable<ReturnType<EventSubAdminDeps["manager"]>>;

function admin(manager: Manager | null, runningMode: EventSubAdminDeps["runningMode"] = "poll") {
  const eventsub = strictFake<Repository["eventsub"]>("repo.eventsub", { latestSnapshot: async () => null });
  const repo = strictFake<EventSubAdminDeps["repo"]>("repo", { eventsub });
  return new EventSubAdmin({ repo, manager: () => manager, runningMode });
}

describe("EventSubAdmin", () => {
  test("without EventSub, snapshot and (un)subscribe are refused naming the running mode and the fix", async () => {
    for (const [mode, shown] of [
      ["poll", "poll"],
      [null, "not chosen"],
    ] as const) {
      const sut = admin(null, mode);
      for (const action of [
        () => sut.takeSnapshot(),
        () => sut.subscribeChannel("1"),
        () => sut.unsubscribe("s", "manual"),
      ]) {
        const err = await action().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(PreconditionError);
        expect((err as Error).message).toBe(
          `the running mode (${shown}) does not use EventSub: choose direct or relay, then restart`,
        );
      }
    }
  });

  test("subscribing a channel asks for its online and offline events", async () => {
    const manager = strictFake<Manager>("manager", { subscribe: async () => {} });
    expect(await admin(manager, "direct").subscribeChannel("123")).toEqual({ ok: true });
    expect(callsOf(manager)).toEqual([
      ["subscribe", ["123", "stream.online", "1"]],
      ["subscribe", ["123", "stream.offline", "1"]],
    ]);
  });
});
