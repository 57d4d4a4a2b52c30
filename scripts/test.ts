// `npm test`: runs `bun test`, shows its output as it comes, and closes with the line CI reads,
// `N passed, N failed`, from the real counts. Exits non-zero on any failure.
//
// The whole suite (no arguments) runs two files at a time (`--parallel=2`): most tests wait on simulated
// streams, servers and browsers, so two workers take ~15 min where one took ~25 on 2 cores. Tests that
// record from the simulator in real time (often at 4× speed) are starved when two such files share the two
// cores, and fail for the machine's sake: a few known to be the most sensitive run alone after the rest,
// and a file that fails in the parallel pass is run again alone (when a handful at most do), its second
// result the one counted. Every such rerun is printed, with its first result. With arguments
// (`npm test -- src/config`), one `bun test` run with them as given.
import { join } from "node:path";
import { type Counts, TestTally } from "./lib/test-tally.ts";

const ROOT = join(import.meta.dir, "..");
/** Run on their own, after the rest. */
const ALONE = [
  "tests/e2e/recorder.test.ts",
  "tests/e2e/recorder-crash.test.ts",
  "tests/e2e/recorder-endings.test.ts",
];
/** bunfig.toml's pathIgnorePatterns: a pattern given on the command line replaces them. */
const IGNORED = ["relay/**", "node_modules/**", "dist/**"];
/** More files failing in the parallel pass than this is no contention: they are not run again. */
const MAX_RERUNS = 5;

type Run = Counts & { code: number; tally: TestTally };

const args = process.argv.slice(2);
// Tests that start servers, browsers or ffmpeg set longer timeouts where they need them; the rest get 20 s,
// not bun's 5 s, so a busy 2-core CI machine fails a test only when it is stuck. (bunfig.toml cannot say
// this: bun 1.4 ignores a `timeout` there.)
const timeout = args.some((a) => a.startsWith("--timeout")) ? [] : ["--timeout=20000"];

let result: Counts & { code: number };
if (args.length) {
  result = await bunTest([...timeout, ...args]);
} else {
  const ignore = [...IGNORED, ...ALONE].map((p) => `--path-ignore-patterns=${p}`);
  const parallel = await bunTest([...timeout, "--parallel=2", ...ignore]);
  const failedFiles = parallel.tally.failedFiles();
  const rerun = failedFiles.length <= MAX_RERUNS ? failedFiles : [];
  const alone = await bunTest([...timeout, ...[...ALONE, ...rerun].map((p) => `./${p}`)]);
  // The parallel pass's counts, but for the files run again: those count as they did alone.
  let { passed, failed } = { passed: parallel.passed + alone.passed, failed: parallel.failed + alone.failed };
  for (const file of rerun) {
    const first = parallel.tally.byFile.get(file) ?? { passed: 0, failed: 0 };
    const second = alone.tally.byFile.get(file) ?? { passed: 0, failed: 1 };
    passed -= first.passed;
    failed -= first.failed;
    console.log(
      `run again alone after failing beside another file: ${file}: ${first.passed} passed, ${first.failed} failed → ${second.passed} passed, ${second.failed} failed`,
    );
  }
  // A non-zero exit of the parallel pass with no failing file to run again is an error outside any test
  // (or a crash): the run fails. Beside failing files run again it is theirs: bun names no file for such
  // errors, and a test that timed out leaves its pending work to throw after it (printed above either way).
  const parallelOk = parallel.code === 0 || (rerun.length > 0 && rerun.length === failedFiles.length);
  result = { passed, failed, code: parallelOk && alone.code === 0 ? 0 : 1 };
}
console.log(`${result.passed} passed, ${result.failed} failed`);
process.exit(result.code !== 0 || result.failed > 0 ? 1 : 0);

/** One `bun test` run, its output passed through; its counts read from bun's closing summary, and per file. */
async function bunTest(argv: string[]): Promise<Run> {
  const proc = Bun.spawn([process.execPath, "test", ...argv], {
    cwd: ROOT,
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "0" },
  });
  let tail = "";
  const tally = new TestTally();
  const relay = async (stream: ReadableStream<Uint8Array>, out: NodeJS.WriteStream, results: boolean) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      out.write(chunk);
      const text = decoder.decode(chunk, { stream: true });
      // Bun prints its summary last, on stderr; keep a bounded tail of both streams to read it from.
      tail = (tail + text).slice(-20_000);
      // The result lines are on stderr; stdout is what the tests print.
      if (results) tally.feed(text);
    }
  };
  await Promise.all([relay(proc.stdout, process.stdout, false), relay(proc.stderr, process.stderr, true)]);
  const code = await proc.exited;
  const count = (word: string) => {
    const matches = [...tail.matchAll(new RegExp(`^\\s*(\\d+) ${word}$`, "gm"))];
    return matches.length ? Number(matches[matches.length - 1]?.[1]) : undefined;
  };
  // A crash before the summary still counts as a failure.
  return { passed: count("pass") ?? 0, failed: count("fail") ?? (code === 0 ? 0 : 1), code, tally };
}
