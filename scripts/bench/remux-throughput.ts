// Throughput of the pure TS → fMP4 remuxer (src/media/ts) on what Twitch sends at the top: 1080p60 H.264
// at 6 Mbps with AAC, in 2-second segments. Reports MB/s, CPU milliseconds per second of media (the budget
// is ≲ 0.3 ms) and heap growth over many repetitions of demuxTs + tsFragment.
//   node_modules/.bin/bun scripts/bench/remux-throughput.ts [repetitions]
import { mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demuxTs, tsFragment, tsSegmentTimes } from "../../src/media/ts/index.ts";

const SECONDS = 10;
const dir = join(tmpdir(), "replayd-ts-remux-v1", "bench-1080p60-6M");

async function segments(): Promise<Uint8Array[]> {
  mkdirSync(dir, { recursive: true });
  const list = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .sort();
  if (list().length < SECONDS / 2) {
    const proc = Bun.spawn(
      ["ffmpeg", "-nostdin", "-v", "error", "-y"].concat(
        [
          "-f",
          "lavfi",
          "-i",
          "testsrc2=size=1920x1080:rate=60",
          "-f",
          "lavfi",
          "-i",
          "sine=sample_rate=48000",
        ],
        ["-t", String(SECONDS), "-c:v", "libx264", "-preset", "veryfast", "-b:v", "6M", "-maxrate", "6M"],
        [
          "-bufsize",
          "12M",
          "-g",
          "120",
          "-keyint_min",
          "120",
          "-sc_threshold",
          "0",
          "-c:a",
          "aac",
          "-b:a",
          "160k",
        ],
        [
          "-f",
          "hls",
          "-hls_time",
          "2",
          "-hls_list_size",
          "0",
          "-hls_segment_filename",
          join(dir, "seg%03d.ts"),
        ],
        [join(dir, "index.m3u8")],
      ),
      { stdout: "ignore", stderr: "pipe" },
    );
    if ((await proc.exited) !== 0) throw new Error(await new Response(proc.stderr).text());
  }
  return Promise.all(list().map(async (f) => new Uint8Array(await Bun.file(join(dir, f)).bytes())));
}

const inputs = await segments();
const bytes = inputs.reduce((n, s) => n + s.length, 0);
const mediaSeconds = inputs.reduce((n, s) => {
  const t = tsSegmentTimes(demuxTs(s));
  return n + ((t.video?.end ?? 0) - (t.video?.first ?? 0));
}, 0);
const repetitions = Number(process.argv[2] ?? 200);

function once(sequence: number): number {
  let written = 0;
  for (const input of inputs) {
    const { moof, mdat } = tsFragment(demuxTs(input), 0, sequence);
    written += moof.length + mdat.length;
  }
  return written;
}

for (let i = 0; i < 20; i++) once(i); // warm-up: let the JIT settle
Bun.gc(true);
const heapBefore = process.memoryUsage().heapUsed;
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
for (let i = 0; i < repetitions; i++) once(i);
const wall = performance.now() - wallBefore;
const cpu = process.cpuUsage(cpuBefore);
Bun.gc(true);
const heapAfter = process.memoryUsage().heapUsed;

const cpuMs = (cpu.user + cpu.system) / 1000;
const totalMedia = mediaSeconds * repetitions;
console.log(
  `input: ${inputs.length} segments, ${(bytes / 1e6).toFixed(2)} MB, ${mediaSeconds.toFixed(2)} s of media`,
);
console.log(`repetitions: ${repetitions}, wall ${wall.toFixed(0)} ms, CPU ${cpuMs.toFixed(0)} ms`);
console.log(`throughput: ${((bytes * repetitions) / 1e6 / (wall / 1000)).toFixed(0)} MB/s (wall)`);
console.log(`CPU per media-second: ${(cpuMs / totalMedia).toFixed(3)} ms (budget ≈ 0.3 ms)`);
console.log(`heap growth after GC: ${((heapAfter - heapBefore) / 1e6).toFixed(2)} MB`);
