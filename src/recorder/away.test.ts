import { describe, expect, test } from "bun:test";
import { type AwayInput, awayVerdict, nextCheckMs } from "./away.ts";
import { freshState } from "./resume-state.ts";

const settings = { maxRestartGapSeconds: 120, startTimeoutSeconds: 90, rejoinPollSeconds: 5 };
const part = { ...freshState(), parts: [{} as never] }.parts;
const base: AwayInput = {
  state: { parts: [], ended_at: null },
  settings,
  now: 1_000_000,
  startedAt: 1_000_000,
  lastProgressAt: 1_000_000,
  offline: false,
};

describe("awayVerdict", () => {
  test.each([
    ["not live yet: wait", {}, { kind: "wait", endedAt: null }],
    ["not live after the start timeout: never live", { now: 1_000_000 + 91_000 }, { kind: "never-live" }],
    [
      "told offline before anything: a 10-s grace only",
      { now: 1_011_000, offline: true },
      { kind: "never-live" },
    ],
    [
      "ended 60 s ago: wait for a comeback",
      { state: { parts: part, ended_at: 940_000 } },
      { kind: "wait", endedAt: 940_000 },
    ],
    [
      "ended 120 s ago: done, on time",
      { state: { parts: part, ended_at: 880_000 } },
      { kind: "done", endedAt: 880_000 },
    ],
    [
      "an end never seen counts from the last progress",
      { state: { parts: part, ended_at: null }, lastProgressAt: 870_000 },
      { kind: "done", endedAt: 870_000 },
    ],
  ] as const)("%s", (_, override, expected) => {
    expect(awayVerdict({ ...base, ...override } as AwayInput)).toEqual(expected);
  });
});

describe("nextCheckMs", () => {
  test.each([
    ["before the start: doubling from the last wait", { parts: [], ended_at: null }, 250, 500],
    ["before the start: at most the calm pace", { parts: [], ended_at: null }, 4000, 5000],
    ["after an end: the calm pace", { parts: part, ended_at: 990_000 }, 125, 5000],
    ["never past the end of the rejoin window", { parts: part, ended_at: 881_000 }, 125, 1010],
  ] as const)("%s", (_, state, previous, expected) => {
    expect(nextCheckMs({ state: state as AwayInput["state"], settings, now: 1_000_000 }, previous)).toBe(
      expected,
    );
  });
});
