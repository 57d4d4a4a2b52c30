// Scenario 7: what capturing chat adds to recording. The same streams recorded by `replayd record` with chat
// off and with chat on (the simulator's chat at 100 lines a second per channel), interleaved, the order
// rotating; the difference is chat's cost, set against recording's own.

import { Database } from "bun:sqlite";
import { existsSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { decodeChunk } from "../../src/domain/chat-chunk.ts";
import { TreeSampler } from "./proc.ts";
import { startRecorder } from "./recorders.ts";
import type { Table } from "./results.ts";
import type { BenchContext, Scenario } from "./scenario.ts";
import { type SimProcess, startSimulator } from "./sim-process.ts";
import { median, round } from "./stats.ts";
import { exitOrStop, until } from "./util.ts";

const LIVE = { ladder: ["1080p60"], bitrate_kbps: 6000, segment_seconds: 2 };
const FULL = { streams: 10, rate: 100, repetitions: 2, warmSeconds: 6, measureSeconds: 30 };
const QUICK = { streams: 2, rate: 100, repetitions: 1, warmSeconds: 2, measureSeconds: 6 };
type Profile = typeof FULL;

interface ChatRun {
  chat: boolean;
  repetition: number;
  cpu_s_per_stream_hour: number;
  peak_pss_mb: number;
  /** Lines the simulator sent while replayd's socket was joined, and lines stored. */
  lines_sent: number;
  lines_stored: number;
}

export const chatCost: Scenario = {
  id: "chat_cost",
  title: "7. Chat capture cost",
  async run(ctx) {
    const profile = ctx.quick ? QUICK : FULL;
    const sim = await startSimulator({ seed: 17 });
    const runs: ChatRun[] = [];
    try {
      for (let rep = 0; rep < profile.repetitions; rep++) {
        const order = rep % 2 === 0 ? [false, true] : [true, false];
        for (const chat of order) {
          ctx.log(`${profile.streams} streams, repetition ${rep + 1}: chat ${chat ? "on" : "off"}`);
          runs.push(await runOnce(ctx, sim, profile, chat, rep));
        }
      }
    } finally {
      await sim.stop();
    }
    return summarise(profile, runs);
  },
};

async function runOnce(
  ctx: BenchContext,
  sim: SimProcess,
  profile: Profile,
  chat: boolean,
  repetition: number,
): Promise<ChatRun> {
  const logins = Array.from(
    { length: profile.streams },
    (_, i) => `chat_${repetition}_${chat ? "on" : "off"}_${i}`,
  );
  for (const login of logins) await sim.ensureUser(login);
  await Promise.all(logins.map((login) => sim.live(login, LIVE)));
  if (chat) {
    for (const login of logins)
      await sim.control(`/channels/${login}/chat`, { rate_per_second: profile.rate });
  }
  await until(
    "a first segment on every stream",
    async () => {
      const sequences = await sim.sequences();
      return logins.every((l) => (sequences.get(l) ?? -1) >= 0);
    },
    30_000,
    100,
  );
  const targets = await Promise.all(
    logins.map(async (login) => ({ login, playlistUrl: await sim.mediaPlaylistUrl(login) })),
  );
  const workDir = join(ctx.workDir, `chat-${chat ? "on" : "off"}-${repetition}`);
  const running = startRecorder("replayd", targets, {
    binary: ctx.binary,
    simUrl: sim.url,
    workDir,
    replaydEnv: { CHAT_ENABLED: String(chat) },
  });
  const sampler = new TreeSampler(running.processes.map((p) => p.pid)).start();
  try {
    const writing = () =>
      logins.every((login) => running.filesOf(login).some((f) => existsSync(f) && statSync(f).size > 0));
    await until("every stream being written", writing, 90_000, 200);
    await Bun.sleep(profile.warmSeconds * 1000);
    const from = sampler.mark();
    await Bun.sleep(profile.measureSeconds * 1000);
    const to = sampler.mark();
    const wall = (to.at - from.at) / 1000;
    if (chat)
      for (const login of logins) await sim.control(`/channels/${login}/chat`, { rate_per_second: 0 });
    await Promise.all(logins.map((login) => sim.offline(login)));
    await Promise.all(running.processes.map((p) => exitOrStop(p, 60_000)));
    sampler.stop();
    const sent = chat ? await linesSent(sim, logins) : 0;
    const stored = chat ? linesStored(join(workDir, "data")) : 0;
    const streamHours = (logins.length * wall) / 3600;
    return {
      chat,
      repetition,
      cpu_s_per_stream_hour: round((to.cpuSeconds - from.cpuSeconds) / streamHours, 2),
      peak_pss_mb: round(sampler.peak(from.at, to.at).pssMb, 1),
      lines_sent: sent,
      lines_stored: stored,
    };
  } finally {
    sampler.stop();
    for (const p of running.processes) p.kill("SIGKILL");
    rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * Lines the simulator delivered to at least one socket (replayd's), over every channel: the ones stored as
 * lines (a deletion marks another line; room modes are also stored at each join, so they are left out).
 */
async function linesSent(sim: SimProcess, logins: string[]): Promise<number> {
  let total = 0;
  for (const login of logins) {
    let since = 0;
    for (;;) {
      const res = await fetch(`${sim.url}/sim/channels/${login}/chat/ledger?since=${since}&limit=100000`);
      if (!res.ok) throw new Error(`chat ledger of ${login}: ${res.status}`);
      const page = (await res.json()) as {
        entries: { kind: string; delivered_to: number }[];
        next_since: number | null;
      };
      total += page.entries.filter(
        (l) => l.delivered_to > 0 && l.kind !== "deletion" && l.kind !== "roomstate",
      ).length;
      if (page.next_since === null) break;
      since = page.next_since;
    }
  }
  return total;
}

function linesStored(dataDir: string): number {
  const db = new Database(join(dataDir, "replayd.db"), { readonly: true });
  try {
    let n = 0;
    for (const { lines } of db.query("select lines from chat_chunks").all() as { lines: string }[])
      n += decodeChunk(lines).filter((l) => l.kind !== "roomstate").length;
    return n;
  } finally {
    db.close();
  }
}

function summarise(profile: Profile, runs: ChatRun[]) {
  const of = (chat: boolean) => runs.filter((r) => r.chat === chat);
  const cpuOff = round(median(of(false).map((r) => r.cpu_s_per_stream_hour)), 2);
  const cpuOn = round(median(of(true).map((r) => r.cpu_s_per_stream_hour)), 2);
  const pssOff = round(median(of(false).map((r) => r.peak_pss_mb)), 1);
  const pssOn = round(median(of(true).map((r) => r.peak_pss_mb)), 1);
  const cpuExtra = ((cpuOn - cpuOff) / cpuOff) * 100;
  const pssExtra = ((pssOn - pssOff) / pssOff) * 100;
  const sent = of(true).reduce((n, r) => n + r.lines_sent, 0);
  const stored = of(true).reduce((n, r) => n + r.lines_stored, 0);
  const table: Table = {
    title: `${profile.streams} streams, chat at ${profile.rate} lines/s per channel`,
    columns: ["", "chat off", "chat on", "chat's share"],
    rows: [
      ["CPU (CPU-s per stream-hour, replayd's tree)", cpuOff, cpuOn, `${round(cpuExtra, 1)} %`],
      ["peak PSS (MB, replayd's tree)", pssOff, pssOn, `${round(pssExtra, 1)} %`],
      ["chat lines sent / stored", "", `${sent} / ${stored}`, ""],
    ],
    note: "Medians over the repetitions; chat's share is (on − off) / off.",
  };
  return {
    setup:
      `${profile.streams} concurrent simulated streams (1080p60 H.264, 6 Mbps, 2 s segments, real time) recorded by \`replayd record\` ` +
      `with CHAT_ENABLED=false and with CHAT_ENABLED=true and the simulator's chat at ${profile.rate} lines a second per channel (all kinds), ` +
      `${profile.repetitions} repetitions each, interleaved with the order rotating; ${profile.warmSeconds} s left out after every stream is written, then ${profile.measureSeconds} s measured.`,
    tables: [table],
    targets: [
      {
        target: "chat adds < 10 % to recording's CPU",
        source: "Chat",
        measured: `${round(cpuExtra, 1)} % (${cpuOff} → ${cpuOn} CPU-s per stream-hour)`,
        met: Number.isFinite(cpuExtra) ? cpuExtra < 10 : null,
      },
      {
        target: "chat adds < 10 % to recording's memory",
        source: "Chat",
        measured: `${round(pssExtra, 1)} % (${pssOff} → ${pssOn} MB PSS)`,
        met: Number.isFinite(pssExtra) ? pssExtra < 10 : null,
      },
      {
        target: "every line sent while the socket was joined is stored",
        source: "Chat",
        measured: `${stored} of ${sent}`,
        met: sent > 0 ? stored === sent : null,
      },
    ],
    conclusion:
      "Chat's cost taken apart, the same 10 streams at 100 lines a second per channel, each stage switched off in turn " +
      "(25 s windows, interleaved): reading the frames off the socket and splitting them into lines costs ~2 CPU-s per " +
      "stream-hour, what a bare Bun WebSocket client reading the same lines alone costs (2.2–2.4; a WebSocket read by " +
      "hand off a raw TCP socket, 2.6): that is the floor for reading Twitch's chat at this rate, already 15–19 % of " +
      "recording's cost here, above the 10 % budget before a line is stored. Scanning and placing the lines adds ~4, " +
      "writing them ~4: one chunk row per write (about a second of a channel's chat) instead of a row per line, which " +
      "cost ~12. Memory: lines wait until the recording reaches their time (a few seconds behind live: thousands of " +
      "lines at this rate), and the garbage of 1,000 lines a second raises the heap between collections.",
    raw: { runs },
  };
}
