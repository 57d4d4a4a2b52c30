// A long recording, time-warped: does the recorder stay flat in memory and disk as the stream grows, and is
// the file playable within seconds of the end however long it is? The same measurement as the benchmark
// suite's finalisation scenario (scripts/bench/finalisation.ts), for one recording of any length.
//
//   bun scripts/bench-long-recording.ts [--hours 4] [--warp 60] [--kbps 1500] [--segment 2]
//
// Prints a table and writes bench-results/long-recording.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { quiet } from "../tests/support/recorder.ts";
import { longRecording } from "./bench/finalisation.ts";

const { values } = parseArgs({
  options: {
    hours: { type: "string", default: "4" },
    warp: { type: "string", default: "60" },
    kbps: { type: "string", default: "1500" },
    segment: { type: "string", default: "2" },
  },
});
const root = join(import.meta.dir, "..");

const { result, samples } = await longRecording({
  hours: Number(values.hours),
  warp: Number(values.warp),
  kbps: Number(values.kbps),
  segmentSeconds: Number(values.segment),
});
mkdirSync(join(root, "bench-results"), { recursive: true });
writeFileSync(
  join(root, "bench-results", "long-recording.json"),
  JSON.stringify({ result, samples }, null, 2),
);
console.table(result);
quiet.flush?.();
process.exit(result.outcome === "finished" ? 0 : 1);
