import { expect, test } from "bun:test";
import { type OutcomeFields, type VideoOutcome, videoOutcome } from "./video-outcome";

test.each<[Partial<OutcomeFields>, VideoOutcome]>([
  [{}, "done"],
  [{ completion_kind: "partial" }, "partial"],
  [{ completion_kind: "cancelled" }, "cancelled"],
  [{ status: "FAILED", completion_kind: "partial" }, "failed"],
  [{ status: "RUNNING" }, "recording"],
  [{ status: "PENDING" }, "pending"],
  [{ deleted_at: "2026-03-01T00:00:00.000Z", completion_kind: "cancelled" }, "removed"],
  [{ deleted_at: "2026-03-01T00:00:00.000Z", status: "FAILED" }, "removed"],
])("%p → %s", (fields, outcome) => {
  expect(videoOutcome({ status: "DONE", completion_kind: "complete", deleted_at: null, ...fields })).toBe(
    outcome,
  );
});
