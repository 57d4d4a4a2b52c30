// Scenario 5: what replayd weighs: the executable, start to healthy, idle memory, memory with recordings.
import { mkdtempSync, statSync } from "node:fs";
import { join } from "node:path";
import { freePort, waitForOk } from "../../tests/support/ports.ts";
import { TreeSampler } from "./proc.ts";
import { startRecorder } from "./recorders.ts";
import type { Table } from "./results.ts";
import type { Scenario } from "./scenario.ts";
import { startSimulator } from "./sim-process.ts";
import { median, round } from "./stats.ts";
import { exitOrStop, until } from "./util.ts";

const FULL = { starts: 5, idleSeconds: 5, recordings: 10, recordSeconds: 15 };
const QUICK = { starts: 2, idleSeconds: 2, recordings: 3, recordSeconds: 6 };
const LIVE = { ladder: ["1080p60"], bitrate_kbps: 6000, segment_seconds: 2 };

export const footprint: Scenario = {
  id: "footprint",
  title: "5. Footprint",
  async run(ctx) {
    const profile = ctx.quick ? QUICK : FULL;
    const sizeMb = statSync(ctx.binary).size / 2 ** 20;
    const starts: { healthy_ms: number; idle_rss_mb: number; idle_pss_mb: number }[] = [];
    for (let i = 0; i < profile.starts; i++) {
      const cwd = mkdtempSync(join(ctx.workDir, "start-"));
      const port = freePort();
      const at = performance.now();
      const proc = Bun.spawn([ctx.binary], {
        cwd,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          PORT: String(port),
          DATA_DIR: join(cwd, "data"),
          SERVER_MODE: "off",
          LOG_FORMAT: "json",
          LOG_LEVEL: "warn",
        },
        stdin: "ignore",
        stdout: "ignore",
        stderr: "ignore",
      });
      try {
        await waitForOk(`http://127.0.0.1:${port}/api/v1/health`, 20_000);
        const healthy = performance.now() - at;
        const sampler = new TreeSampler([proc.pid], 500).start();
        // Idle: nothing asked of it for a while (a measuring period, not a synchronisation).
        await Bun.sleep(profile.idleSeconds * 1000);
        sampler.stop();
        const last = sampler.mark();
        starts.push({ healthy_ms: healthy, idle_rss_mb: last.rssMb, idle_pss_mb: last.pssMb });
        ctx.log(
          `start ${i + 1}: healthy in ${Math.round(healthy)} ms, idle RSS ${Math.round(last.rssMb)} MB`,
        );
      } finally {
        proc.kill("SIGTERM");
        await exitOrStop(proc, 10_000);
      }
    }
    const recording = await withRecordings(ctx.binary, ctx.workDir, profile);
    const healthy = median(starts.map((s) => s.healthy_ms));
    const idleRss = median(starts.map((s) => s.idle_rss_mb));
    const idlePss = median(starts.map((s) => s.idle_pss_mb));
    const table: Table = {
      title: "The executable",
      columns: ["figure", "value"],
      rows: [
        ["binary size (MB)", round(sizeMb, 1)],
        ["start to healthy (ms, median)", round(healthy, 0)],
        ["idle RSS (MB, median)", round(idleRss, 1)],
        ["idle PSS (MB, median)", round(idlePss, 1)],
        [`RSS with ${profile.recordings} recordings (MB, peak of the tree)`, round(recording.rssMb, 1)],
        [`PSS with ${profile.recordings} recordings (MB, peak of the tree)`, round(recording.pssMb, 1)],
      ],
      note: `Start: a fresh data folder each time (SQLite created and migrated), from spawn to the first 200 of /api/v1/health; ${profile.starts} starts. Recordings: \`replayd record\` of ${profile.recordings} simulated 1080p60 6 Mbps streams, the tree (replayd and its ffmpeg) sampled for ${profile.recordSeconds} s.`,
    };
    return {
      setup: "The compiled binary (`npm run build`), started with SERVER_MODE=off on SQLite.",
      tables: [table],
      targets: [
        { target: "start to healthy under 1 s", measured: `${Math.round(healthy)} ms`, met: healthy < 1000 },
        {
          target: "idle memory under 100 MB",
          measured: `${round(idleRss, 1)} MB RSS (${round(idlePss, 1)} MB PSS)`,
          met: idleRss < 100,
        },
      ],
      raw: { binary_mb: sizeMb, starts, recording },
    };
  },
};

async function withRecordings(
  binary: string,
  workDir: string,
  profile: typeof FULL,
): Promise<{ rssMb: number; pssMb: number }> {
  const sim = await startSimulator({ seed: 51 });
  try {
    const logins = Array.from({ length: profile.recordings }, (_, i) => `foot_${i}`);
    for (const login of logins) {
      await sim.ensureUser(login);
      await sim.live(login, LIVE);
    }
    await until(
      "every stream's first segment",
      async () => {
        const s = await sim.sequences();
        return logins.every((l) => (s.get(l) ?? -1) >= 0);
      },
      60_000,
      100,
    );
    const running = startRecorder(
      "replayd",
      logins.map((login) => ({ login, playlistUrl: "" })),
      { binary, simUrl: sim.url, workDir: mkdtempSync(join(workDir, "rec-")) },
    );
    const sampler = new TreeSampler(
      running.processes.map((p) => p.pid),
      500,
    ).start();
    await Bun.sleep(profile.recordSeconds * 1000);
    sampler.stop();
    await Promise.all(logins.map((l) => sim.offline(l)));
    for (const p of running.processes) await exitOrStop(p, 20_000);
    return sampler.peak();
  } finally {
    await sim.stop();
  }
}
