import { expect, test } from "bun:test";
import type { Repository } from "../db/repository.ts";
import type { NewEventLog } from "../domain/ops.ts";
import { ActivityService } from "./activity.service.ts";

// Who changed what: the sentence in English, and what it names in data (the dashboard's words come from
// the procedure and those values); the caller and the procedure cannot be overwritten by a value.

test("a change is written with who made it, the procedure, and the values its words name", async () => {
  const entries: NewEventLog[] = [];
  const activity = new ActivityService({
    repo: {} as Pick<Repository, "eventLogs" | "fetchLogs">,
    events: { write: async (entry) => void entries.push(entry) },
  });
  const owner = { id: "owner-1", login: "ada" };
  await activity.changed(owner, {
    domain: "schedule",
    what: "changed schedule #3",
    procedure: "schedule.update",
    values: { schedule_id: 3, by: "someone else" },
  });
  await activity.changed(owner, {
    domain: "settings",
    what: "changed the playback cache",
    procedure: "system.updatePlaybackCacheConfig",
  });
  expect(entries).toEqual([
    {
      domain: "schedule",
      event_type: "changed",
      severity: "info",
      message: "ada changed schedule #3",
      actor_user_id: "owner-1",
      data: { schedule_id: 3, by: "ada", procedure: "schedule.update" },
    },
    {
      domain: "settings",
      event_type: "changed",
      severity: "info",
      message: "ada changed the playback cache",
      actor_user_id: "owner-1",
      data: { by: "ada", procedure: "system.updatePlaybackCacheConfig" },
    },
  ]);
});
