// Where replayd's recording CPU goes: N simulated 6 Mbps streams recorded by `bun src/main.ts record`
// (optionally under --cpu-prof), with user and system CPU of replayd's process and of its ffmpeg children
// over a measured window; with --cpu-prof, where the JS thread's time went (cpu-profile.ts) and the
// heaviest frames it could not place. A developer tool behind the recording-cost scenario's figures.
//   bun scripts/bench/profile-recorder.ts [--streams N] [--seconds S] [--cpu-prof DIR] [--binary PATH]
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { readProfileSplit } from "./cpu-profile.ts";
import { startSimulator } from "./sim-process.ts";

const { values } = parseArgs({
  options: {
    streams: { type: "string", default: "1" },
    seconds: { type: "string", default: "30" },
    "cpu-prof": { type: "string" },
    binary: { type: "string" },
    /** Measures this many consecutive windows of --seconds each (does the cost settle over time?). */
    windows: { type: "string", default: "1" },
  },
});
const streams = Number(values.streams);
const seconds = Number(values.seconds);
const LIVE = { ladder: ["1080p60"], bitrate_kbps: 6000, segment_seconds: 2 };

function ticks(pid: number): { user: number; system: number; name: string } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = text.lastIndexOf(")");
    const f = text.slice(close + 2).split(" ");
    return { name: text.slice(text.indexOf("(") + 1, close), user: Number(f[11]), system: Number(f[12]) };
  } catch {
    return null;
  }
}
function children(pid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const text = readFileSync(`/proc/${e}/stat`, "utf8");
      const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
      if (Number(f[1]) === pid) out.push(Number(e));
    } catch {}
  }
  return out;
}
function sample(root: number) {
  const out: Record<string, { user: number; system: number }> = {};
  for (const pid of [root, ...children(root)]) {
    const t = ticks(pid);
    if (!t) continue;
    const key = pid === root ? "replayd" : t.name;
    const slot = out[key] ?? { user: 0, system: 0 };
    slot.user += t.user;
    slot.system += t.system;
    out[key] = slot;
  }
  return out;
}

const sim = await startSimulator({});
const work = mkdtempSync(join(tmpdir(), "replayd-prof-"));
writeFileSync(join(work, "config.toml"), "[recorder]\nmax_concurrent = 100\nmax_restart_gap_seconds = 0\n");
const logins = Array.from({ length: streams }, (_, i) => `prof_${i}`);
for (const l of logins) await sim.ensureUser(l);
await Promise.all(logins.map((l) => sim.live(l, LIVE)));
const argv = values.binary
  ? [values.binary, "record", ...logins]
  : [
      process.execPath,
      ...(values["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${values["cpu-prof"]}`] : []),
      join(import.meta.dir, "..", "..", "src", "main.ts"),
      "record",
      ...logins,
    ];
const proc = Bun.spawn(argv, {
  cwd: work,
  env: {
    ...process.env,
    DATA_DIR: join(work, "data"),
    TWITCH_SIMULATOR_URL: sim.url,
    LOG_FORMAT: "json",
    LOG_LEVEL: "warn",
  },
  stdout: "inherit",
  stderr: "inherit",
});
await Bun.sleep(12_000); // start-up and ffmpeg probing left out
const hours = (streams * seconds) / 3600;
for (let w = 0; w < Number(values.windows); w++) {
  const from = sample(proc.pid);
  await Bun.sleep(seconds * 1000);
  const to = sample(proc.pid);
  for (const [name, t] of Object.entries(to)) {
    const f = from[name] ?? { user: 0, system: 0 };
    const user = (t.user - f.user) / 100 / hours;
    const system = (t.system - f.system) / 100 / hours;
    console.log(
      `${Number(values.windows) > 1 ? `window ${w + 1} ` : ""}${name.padEnd(10)} user ${user.toFixed(1)}  system ${system.toFixed(1)}  total ${(user + system).toFixed(1)} CPU-s/stream-hour`,
    );
  }
}
const pss = (pid: number) => {
  try {
    return (
      Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0) / 1024
    );
  } catch {
    return 0;
  }
};
const kids = children(proc.pid);
console.log(
  `PSS MB: replayd ${pss(proc.pid).toFixed(1)}, ffmpeg ${kids
    .map(pss)
    .reduce((a, b) => a + b, 0)
    .toFixed(1)} (${kids.length})`,
);
proc.kill("SIGTERM");
await proc.exited;
await sim.stop();
if (values["cpu-prof"]) printProfile(values["cpu-prof"]);
console.log(`work dir ${work}`);

/** Where the JS thread went (cpu-profile.ts), and the unclassified frames that weigh most. */
function printProfile(dir: string) {
  const split = readProfileSplit(dir);
  if (!split) return console.log(`no .cpuprofile in ${dir}`);
  console.log(`JS thread busy ~${split.busySeconds.toFixed(2)} s (start-up included):`);
  for (const [name, share] of Object.entries(split.shares).sort((a, b) => b[1] - a[1]))
    console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${name}`);
  console.log("heaviest unclassified frames:");
  for (const [frame, us] of Object.entries(split.unclassified)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15))
    console.log(`  ${((us / 1e6 / split.busySeconds) * 100).toFixed(1).padStart(5)}%  ${frame}`);
}
