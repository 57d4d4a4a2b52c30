import { expect, test } from "bun:test";
import { type RunningRecording, withRunning } from "./running-totals.ts";

const totals = { total: 3, total_size: 1_000, total_duration_seconds: 600 };
const running = (
  bytes: number,
  seconds: number,
  stored_bytes: number | null = null,
  stored_seconds: number | null = null,
): RunningRecording => ({ bytes, seconds, stored_bytes, stored_seconds });

test.each([
  ["nothing running", [], 1_000, 600],
  ["a first part still open: all of it counts", [running(500, 60)], 1_500, 660],
  ["a second part open: only what the row lacks", [running(900, 360, 700, 300)], 1_200, 660],
  ["between parts (the row holds it all)", [running(700, 300, 700, 300)], 1_000, 600],
  ["a report older than the row never subtracts", [running(600, 250, 700, 300)], 1_000, 600],
  ["two at once", [running(500, 60), running(900, 360, 700, 300)], 1_700, 720],
] as const)("%s", (_name, recordings, size, seconds) => {
  expect(withRunning(totals, recordings)).toEqual({
    total: 3,
    total_size: size,
    total_duration_seconds: seconds,
  });
});
