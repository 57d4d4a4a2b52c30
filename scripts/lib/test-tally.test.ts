import { describe, expect, test } from "bun:test";
import { TestTally } from "./test-tally.ts";

// A parallel run's output as bun prints it: two files interleaved (each heading repeated when it comes
// back), a setup failure, a test's own output between results, and the closing list of failures.
const OUTPUT = `bun test v1.4.5 (a7733435c) 2x PARALLEL

src/a.test.ts:
(pass) a > one [1.00ms]

tests/e2e/b.test.ts:
(pass) b > one [2.00ms]
some log line a test printed
(fail) b > two [3.00ms]

src/a.test.ts:
(pass) a > two [1.00ms]

tests/e2e/c.test.tsx:
error: the recording did not finish: FAILED
(fail) (unnamed) [18336.39ms]

2 tests failed:
(fail) b > two [3.00ms]
(fail) (unnamed) [18336.39ms]

 3 pass
 2 fail
Ran 5 tests across 3 files. [10.00s]
`;

describe("TestTally", () => {
  test.each([
    ["whole", [OUTPUT]],
    ["in 7-character chunks", OUTPUT.match(/[\s\S]{1,7}/g) ?? []],
    ["line by line", OUTPUT.split(/(?<=\n)/)],
  ])("counts each file's results, fed %s", (_, chunks) => {
    const tally = new TestTally();
    for (const chunk of chunks) tally.feed(chunk);
    expect(Object.fromEntries(tally.byFile)).toEqual({
      "src/a.test.ts": { passed: 2, failed: 0 },
      "tests/e2e/b.test.ts": { passed: 1, failed: 1 },
      "tests/e2e/c.test.tsx": { passed: 0, failed: 1 },
    });
    expect(tally.failedFiles()).toEqual(["tests/e2e/b.test.ts", "tests/e2e/c.test.tsx"]);
  });

  test("a result before any heading belongs to no file", () => {
    const tally = new TestTally();
    tally.feed("(pass) stray [1ms]\n");
    expect(tally.byFile.size).toBe(0);
  });
});
