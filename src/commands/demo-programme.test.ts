import { expect, test } from "bun:test";
import { configSchema } from "../config/schema.ts";
import { firstFinishedAfter, PROGRAMME } from "./demo-programme.ts";

test("with the default rejoin window, the demo has a finished recording within its first five minutes", () => {
  const rejoin = configSchema.parse({}).recorder.max_restart_gap_seconds;
  // A few seconds to finish the part and notice the end come on top: keep a minute of margin.
  expect(firstFinishedAfter(PROGRAMME, rejoin)).toBeLessThanOrEqual(240);
});

test.each([
  [
    "no channel stays away long enough: never",
    [{ login: "a", startAfter: 0, liveSeconds: 60, offlineSeconds: 30 }],
    120,
    Number.POSITIVE_INFINITY,
  ],
  [
    "the earliest end of a channel that stays away counts",
    [
      { login: "a", startAfter: 0, liveSeconds: 300, offlineSeconds: 200 },
      { login: "b", startAfter: 20, liveSeconds: 60, offlineSeconds: 200 },
    ],
    120,
    200,
  ],
] as const)("%s", (_, programme, rejoin, expected) => {
  expect(firstFinishedAfter(programme, rejoin)).toBe(expected);
});
