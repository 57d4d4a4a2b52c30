import { describe, expect, test } from "bun:test";
import { ProgressTally, type ProgressTotals } from "./progress-tally.ts";

type Step =
  | { started: boolean }
  | { report: ProgressTotals; adds: ProgressTotals }
  | { finished: true; size: number };

const cases: [string, Step[]][] = [
  [
    "a recording started here counts from zero",
    [
      { started: false },
      { report: { bytes: 100, missed: 0 }, adds: { bytes: 100, missed: 0 } },
      { report: { bytes: 250, missed: 2 }, adds: { bytes: 150, missed: 2 } },
    ],
  ],
  [
    "a resumed recording's first report is a baseline (the previous process wrote it)",
    [
      { started: true },
      { report: { bytes: 5000, missed: 3 }, adds: { bytes: 0, missed: 0 } },
      { report: { bytes: 5400, missed: 3 }, adds: { bytes: 400, missed: 0 } },
    ],
  ],
  [
    "totals that go back add nothing, and are not counted again when they come back",
    [
      { started: false },
      { report: { bytes: 300, missed: 1 }, adds: { bytes: 300, missed: 1 } },
      { report: { bytes: 200, missed: 1 }, adds: { bytes: 0, missed: 0 } },
      { report: { bytes: 350, missed: 1 }, adds: { bytes: 50, missed: 0 } },
    ],
  ],
  [
    "a report of a recording never seen starting is a baseline",
    [{ report: { bytes: 900, missed: 0 }, adds: { bytes: 0, missed: 0 } }],
  ],
  [
    "a finished recording is forgotten",
    [
      { started: false },
      { report: { bytes: 1, missed: 0 }, adds: { bytes: 1, missed: 0 } },
      { finished: true, size: 0 },
    ],
  ],
];

describe("ProgressTally", () => {
  test.each(cases)("%s", (_, steps) => {
    const tally = new ProgressTally();
    for (const step of steps) {
      if ("started" in step) tally.started("job", step.started);
      else if ("report" in step) expect(tally.progressed("job", step.report)).toEqual(step.adds);
      else {
        tally.finished("job");
        expect(tally.size).toBe(step.size);
      }
    }
  });

  test("recordings are tallied apart", () => {
    const tally = new ProgressTally();
    tally.started("a", false);
    tally.started("b", false);
    tally.progressed("a", { bytes: 10, missed: 0 });
    expect(tally.progressed("b", { bytes: 7, missed: 0 })).toEqual({ bytes: 7, missed: 0 });
  });
});
