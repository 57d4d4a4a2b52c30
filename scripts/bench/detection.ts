// Scenario 2: a simulated stream goes live → how long until replayd has its first segment on disk, in
// direct mode (EventSub stream.online to replayd's webhook) and in poll mode (Helix every
// poll_interval_seconds, 10 s at the least). The compiled server runs against the simulator, with a
// schedule on every channel.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "../../src/db/connection.ts";
import { migrate } from "../../src/db/migrate.ts";
import { createRepository } from "../../src/db/repository.ts";
import { freePort } from "../../tests/support/ports.ts";
import { spawnServer } from "../../tests/support/server-process.ts";
import type { Table } from "./results.ts";
import type { BenchContext, Scenario } from "./scenario.ts";
import { type SimProcess, startSimulator } from "./sim-process.ts";
import { median, round } from "./stats.ts";
import { until } from "./util.ts";

const SEGMENT_SECONDS = 0.25;
const LIVE = { segment_seconds: SEGMENT_SECONDS, ladder: ["360p30"], bitrate_kbps: 300 };
const POLL_INTERVAL = 10;
const FULL = { direct: 6, poll: 3 };
const QUICK = { direct: 2, poll: 1 };
type Mode = keyof typeof FULL;

export const detection: Scenario = {
  id: "detection",
  title: "2. Detection latency",
  async run(ctx) {
    const reps = ctx.quick ? QUICK : FULL;
    const sim = await startSimulator({ seed: 21, fixture: true });
    const latencies: Record<Mode, number[]> = { direct: [], poll: [] };
    try {
      for (const mode of ["direct", "poll"] as const) {
        const logins = Array.from({ length: reps[mode] }, (_, i) => `det_${mode}_${i}`);
        latencies[mode] = await measure(ctx, sim, mode, logins);
      }
    } finally {
      await sim.stop();
    }
    const table: Table = {
      title: "stream.online → first segment on disk (ms)",
      columns: ["mode", "median", "min", "max", "runs"],
      rows: (["direct", "poll"] as const).map((mode) => {
        const l = latencies[mode];
        return [mode, round(median(l), 0), round(Math.min(...l), 0), round(Math.max(...l), 0), l.length];
      }),
      note:
        `Streams of ${SEGMENT_SECONDS} s segments: the first segment exists ${SEGMENT_SECONDS * 1000} ms after the go-live, which the figures include. ` +
        `Poll mode asks Helix every ${POLL_INTERVAL} s (the shortest interval allowed), so its latency is spread over that interval by design.`,
    };
    const direct = median(latencies.direct);
    return {
      setup: `The compiled server (SQLite) and the simulator on loopback; ${reps.direct} go-lives in direct mode, ${reps.poll} in poll mode, each a channel with a schedule; "on disk" is the recording's first segment in its part file (its fed-log line, written just after the fragment).`,
      tables: [table],
      targets: [
        {
          target: "go-live event to first segment on disk under 1 s on loopback (direct mode)",
          measured: `${round(direct, 0)} ms median, ${round(Math.max(...latencies.direct), 0)} ms max`,
          met: latencies.direct.length ? Math.max(...latencies.direct) < 1000 : null,
        },
      ],
      raw: latencies,
    };
  },
};

async function measure(ctx: BenchContext, sim: SimProcess, mode: Mode, logins: string[]): Promise<number[]> {
  for (const login of logins) await sim.ensureUser(login);
  const cwd = join(ctx.workDir, mode);
  const dataDir = join(cwd, "data");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(
    join(cwd, "config.toml"),
    `[recorder]\nmax_restart_gap_seconds = 0\nmax_concurrent = 20\n[live]\npoll_interval_seconds = ${POLL_INTERVAL}\n`,
  );
  await prepareLibrary(dataDir, sim, logins);
  const port = freePort();
  const server = await spawnServer({
    cmd: [ctx.binary],
    cwd,
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "info", // the default; the ready line is at info
      SERVER_MODE: mode,
      TWITCH_SIMULATOR_URL: sim.url,
      TWITCH_CLIENT_ID: "replayd-bench",
      TWITCH_CLIENT_SECRET: "replayd-bench-secret",
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    },
    readyTimeoutMs: 20_000,
  });
  try {
    if (mode === "direct") {
      await until(
        "EventSub subscriptions enabled for every channel",
        async () => {
          const { subscriptions } = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
            subscriptions: { status: string; type: string }[];
          };
          return (
            subscriptions.filter((s) => s.status === "enabled" && s.type === "stream.online").length >=
            logins.length
          );
        },
        30_000,
        100,
      );
    }
    const scratch = join(dataDir, "scratch");
    const fed = () =>
      existsSync(scratch)
        ? readdirSync(scratch).filter((job) => existsSync(join(scratch, job, "fed.jsonl")))
        : [];
    const latencies: number[] = [];
    for (const login of logins) {
      // Poll mode: go live at a random moment of the poller's cycle, as a real stream would.
      if (mode === "poll") await Bun.sleep(Math.random() * POLL_INTERVAL * 1000);
      const before = new Set(fed());
      const at = performance.now();
      await sim.live(login, LIVE);
      await until(
        `${login}'s first segment on disk (${mode})`,
        () => fed().some((j) => !before.has(j)),
        POLL_INTERVAL * 3000,
        5,
      );
      latencies.push(performance.now() - at);
      ctx.log(`${mode}: ${login} ${Math.round(latencies.at(-1) as number)} ms`);
      await sim.offline(login);
    }
    return latencies;
  } finally {
    await server.stop();
  }
}

/** The database as the API would leave it: an owner, the channels watched, a schedule on each. */
async function prepareLibrary(dataDir: string, sim: SimProcess, logins: string[]): Promise<void> {
  const db = await openDatabase(`sqlite:${join(dataDir, "replayd.db")}`);
  try {
    await migrate(db);
    const repo = createRepository(db);
    const { users } = (await (await fetch(`${sim.url}/sim/state`)).json()) as {
      users: { id: string; login: string }[];
    };
    const id = (login: string) => {
      const user = users.find((u) => u.login === login);
      if (!user) throw new Error(`the simulator has no user ${login}`);
      return user.id;
    };
    await repo.users.upsertOnSignIn({ id: id("sim_viewer"), login: "sim_viewer", display_name: "SimViewer" });
    for (const login of logins) {
      await repo.channels.upsert({
        broadcaster_id: id(login),
        broadcaster_login: login,
        broadcaster_name: login,
      });
      await repo.schedules.create({
        broadcaster_id: id(login),
        requested_by: id("sim_viewer"),
        quality: "source",
        recording_type: "video",
        force_h264: false,
        has_min_viewers: false,
        min_viewers: null,
        has_categories: false,
        category_ids: [],
        has_tags: false,
        tag_ids: [],
        is_delete_rediff: false,
        time_before_delete: null,
        is_disabled: false,
        record_chat: true,
      });
    }
  } finally {
    await db.close();
  }
}
