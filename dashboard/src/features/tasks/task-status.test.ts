import { describe, expect, test } from "bun:test";
import {
  applyTaskEvent,
  endsRun,
  intervalParts,
  nextRun,
  type TaskRow,
  type TaskStatusEvent,
  type TaskSummary,
  taskSchedule,
  taskSummary,
} from "./task-status";

const task = (patch: Partial<TaskRow> = {}): TaskRow => ({
  name: "session_cleanup",
  interval_seconds: 3600,
  is_enabled: true,
  last_run_at: "2024-05-01T10:00:00.000Z",
  last_duration_ms: 12,
  last_status: "success",
  last_error: null,
  next_run_at: "2024-05-01T11:00:00.000Z",
  ...patch,
});

const event = (patch: Partial<TaskStatusEvent>): TaskStatusEvent => ({
  name: "session_cleanup",
  status: "running",
  duration_ms: null,
  error: null,
  next_run_at: null,
  at: "2024-05-01T10:30:00.000Z",
  ...patch,
});

describe("applyTaskEvent", () => {
  test.each<{ name: string; before: TaskRow; event: TaskStatusEvent; after: Partial<TaskRow> }>([
    {
      name: "a run starts",
      before: task({ last_status: "failed", last_error: "boom" }),
      event: event({ status: "running" }),
      after: {
        last_status: "running",
        last_run_at: "2024-05-01T10:30:00.000Z",
        last_error: null,
        next_run_at: null,
      },
    },
    {
      name: "a run succeeds",
      before: task({ last_status: "running" }),
      event: event({ status: "success", duration_ms: 40, next_run_at: "2024-05-01T11:30:00.000Z" }),
      after: {
        last_status: "success",
        last_duration_ms: 40,
        next_run_at: "2024-05-01T11:30:00.000Z",
        last_error: null,
      },
    },
    {
      name: "a run fails with its error",
      before: task({ last_status: "running" }),
      event: event({
        status: "failed",
        duration_ms: 5,
        error: "timed out",
        next_run_at: "2024-05-01T11:30:00.000Z",
      }),
      after: {
        last_status: "failed",
        last_error: "timed out",
        last_duration_ms: 5,
        next_run_at: "2024-05-01T11:30:00.000Z",
      },
    },
    {
      name: "a skipped run keeps the last duration when none is given",
      before: task({ last_status: "running", last_duration_ms: 77 }),
      event: event({ status: "skipped", duration_ms: null }),
      after: { last_status: "skipped", last_duration_ms: 77, next_run_at: null },
    },
    {
      name: "another task's event changes nothing",
      before: task(),
      event: event({ name: "other", status: "failed", error: "x" }),
      after: {},
    },
  ])("$name", ({ before, event: e, after }) => {
    const other = task({ name: "untouched" });
    const [changed, unchanged] = applyTaskEvent([before, other], e);
    expect(changed).toEqual({ ...before, ...after });
    expect(unchanged).toBe(other);
  });
});

test.each<[TaskStatusEvent["status"], boolean]>([
  ["running", false],
  ["pending", false],
  ["success", true],
  ["failed", true],
  ["skipped", true],
])("endsRun(%s) = %p", (status, ends) => {
  expect(endsRun(event({ status }))).toBe(ends);
});

test.each<[number, ReturnType<typeof taskSchedule>]>([
  [0, { kind: "manual" }],
  [600, { kind: "interval", seconds: 600 }],
])("taskSchedule(%p)", (seconds, expected) => {
  expect(taskSchedule({ interval_seconds: seconds })).toEqual(expected);
});

test.each<[number, ReturnType<typeof intervalParts>]>([
  [45, { value: 45, unit: "second" }],
  [90, { value: 90, unit: "second" }],
  [600, { value: 10, unit: "minute" }],
  [3600, { value: 1, unit: "hour" }],
  [5400, { value: 90, unit: "minute" }],
  [21_600, { value: 6, unit: "hour" }],
  [86_400, { value: 1, unit: "day" }],
  [604_800, { value: 7, unit: "day" }],
])("intervalParts(%p)", (seconds, expected) => {
  expect(intervalParts(seconds)).toEqual(expected);
});

describe("nextRun", () => {
  const now = Date.parse("2024-05-01T10:30:00.000Z");
  test.each<[string, TaskRow, ReturnType<typeof nextRun>]>([
    ["running now", task({ last_status: "running" }), { kind: "running" }],
    ["paused", task({ is_enabled: false }), { kind: "paused" }],
    ["manual only", task({ interval_seconds: 0, next_run_at: null }), { kind: "manual" }],
    [
      "manual with a run asked for",
      task({ interval_seconds: 0, next_run_at: "2024-05-01T10:00:00.000Z" }),
      { kind: "due" },
    ],
    ["no time yet: due", task({ next_run_at: null }), { kind: "due" }],
    ["in the past: due", task({ next_run_at: "2024-05-01T10:29:00.000Z" }), { kind: "due" }],
    ["later", task(), { kind: "at", iso: "2024-05-01T11:00:00.000Z" }],
  ])("%s", (_name, t, expected) => {
    expect(nextRun(t, now)).toEqual(expected);
  });
});

describe("taskSummary", () => {
  const row = (name: string, last_status: TaskRow["last_status"], is_enabled = true) => ({
    name,
    last_status,
    is_enabled,
  });
  test.each<[string, ReturnType<typeof row>[], TaskSummary]>([
    ["no tasks", [], { total: 0, failed: [], running: [], paused: 0 }],
    [
      "all well",
      [row("a", "success"), row("b", "skipped"), row("c", "pending")],
      { total: 3, failed: [], running: [], paused: 0 },
    ],
    [
      "a failure, a run and a pause",
      [row("a", "failed"), row("b", "running"), row("c", "success", false), row("d", "failed", false)],
      { total: 4, failed: ["a", "d"], running: ["b"], paused: 2 },
    ],
  ])("%s", (_name, tasks, expected) => {
    expect(taskSummary(tasks)).toEqual(expected);
  });
});
