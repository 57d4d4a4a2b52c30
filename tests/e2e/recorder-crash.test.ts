import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { readResumeState } from "../../src/recorder/resume-state.ts";
import { createRandom } from "../../src/sim/random.ts";
import { frameLabels, runs } from "../support/frames.ts";
import { decodeErrors } from "../support/media.ts";
import { simulator } from "../support/recorder.ts";

// `replayd record` killed with SIGKILL at random moments and started again: every recording must finish,
// lose only what Twitch's window dropped while nothing ran, and every file must decode cleanly.
const MAIN = join(import.meta.dir, "..", "..", "src", "main.ts");
const SEGMENT = 0.5;
const WINDOW = 20;
const WARP = 4;
const sim = simulator({ warp: WARP, seed: 31 });
afterAll(() => sim.stop());

const simNow = async () =>
  Date.parse(((await (await fetch(`${sim.url}/sim/state`)).json()) as { now: string }).now);

function spawnRecorder(cwd: string, logins: string[]): Subprocess {
  return Bun.spawn([process.execPath, MAIN, "record", ...logins], {
    cwd,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      TWITCH_SIMULATOR_URL: sim.url,
      LOG_FORMAT: "json",
      LOG_LEVEL: "warn",
    },
    stdout: "ignore",
    stderr: "ignore",
  });
}

describe("a recorder killed with SIGKILL", () => {
  test("five kills: every recording finishes, missing segments are exactly ones that expired while it was down", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "replayd-crash-"));
    // The stretches expired while nothing ran are a large share of recordings this short: the gap policy
    // (tested on its own) lets them be, so what is checked here is exactly what was lost.
    writeFileSync(join(cwd, "config.toml"), "[recorder]\nmax_restart_gap_seconds = 2\nmax_gap_ratio = 0.9\n");
    const logins = ["kitchen_lab", "speedrun_sam"];
    const live = { segment_seconds: SEGMENT, ladder: ["360p30"], window_segments: WINDOW, bitrate_kbps: 300 };
    for (const login of logins) await sim.control(`/channels/${login}/live`, live);

    const random = createRandom(5);
    const downtimes: { from: number; to: number }[] = [];
    let proc = spawnRecorder(cwd, logins);
    for (let kill = 0; kill < 5; kill++) {
      await Bun.sleep(1500 + random.int(0, 2500));
      proc.kill("SIGKILL");
      await proc.exited;
      const from = await simNow();
      // Some restarts are quick (nothing lost), some outlast the window (segments expire unseen).
      await Bun.sleep(random.chance(0.5) ? 200 : 3500);
      downtimes.push({ from, to: await simNow() });
      proc = spawnRecorder(cwd, []);
    }
    await Bun.sleep(2000);
    for (const login of logins) await sim.control(`/channels/${login}/offline`, { end: "endlist" });
    expect(await proc.exited).toBe(0);

    const db = new Database(join(cwd, "data", "replayd.db"), { readonly: true });
    const videos = db
      .query<{ id: number; status: string; broadcaster_id: string; resume_state: string }, []>(
        "select v.id, v.status, v.broadcaster_id, j.resume_state from videos v join jobs j on j.video_id = v.id order by v.id",
      )
      .all();
    const parts = db
      .query<{ video_id: number; filename: string }, []>(
        "select video_id, filename from video_parts order by video_id, part_index",
      )
      .all();
    const channels = db
      .query<{ broadcaster_id: string; broadcaster_login: string }, []>("select * from channels")
      .all();
    db.close();
    expect(videos.map((v) => v.status)).toEqual(["DONE", "DONE"]);

    for (const video of videos) {
      const login = channels.find((c) => c.broadcaster_id === video.broadcaster_id)
        ?.broadcaster_login as string;
      const files = parts
        .filter((p) => p.video_id === video.id)
        .map((p) => join(cwd, "data", "videos", p.filename));
      const labels: number[] = [];
      for (const file of files) {
        expect(await decodeErrors(file)).toBe("");
        for (const run of runs(await frameLabels(file))) {
          expect(run.label).not.toBe("ad");
          labels.push(run.label as number);
        }
      }

      // The ledger lists what the simulator served; segments nobody asked for in time are not in it, so
      // the broadcast is every sequence from the first served to the last.
      const served = (await sim.ledger(login)).filter((s) => s.kind === "content");
      const first = served[0]?.sequence as number;
      const last = served.at(-1)?.sequence as number;
      const broadcast = Array.from({ length: last - first + 1 }, (_, i) => first + i);
      const poolSize = 48; // 24 s of 0.5-s segments: the simulator's pool for this rendition
      // Walk the broadcast in order: each recorded segment must be the next one, or come after missing ones.
      const present = new Set<number>();
      let at = 0;
      for (const label of labels) {
        while (at < broadcast.length && (broadcast[at] as number) % poolSize !== label) at++;
        expect(at).toBeLessThan(broadcast.length);
        present.add(broadcast[at] as number);
        at++;
      }
      const start = Date.parse((served[0] as unknown as { program_date_time: string }).program_date_time);
      const expiredWhileDown = (sequence: number) => {
        // A segment leaves the window once WINDOW newer ones exist; allow the restart's own boot time.
        const leaves = start + (sequence - first + WINDOW + 1) * SEGMENT * 1000;
        return downtimes.some((d) => leaves >= d.from - SEGMENT * 1000 && leaves <= d.to + 4 * WARP * 1000);
      };
      const missing = broadcast.filter((s) => !present.has(s));
      const gaps = readResumeState(JSON.parse(video.resume_state)).gaps;
      console.log(
        `${login}: ${present.size} of ${broadcast.length} segments recorded, ${gaps.length} gaps, ${files.length} parts`,
      );
      expect(missing.filter((s) => !expiredWhileDown(s))).toEqual([]);
      // Some restarts outlasted the window: the test must have seen segments expire.
      expect(missing.length).toBeGreaterThan(0);
      // And each missing stretch is on the recording's timeline as a gap.
      for (const s of missing) expect(gaps.some((g) => g.from <= s && s <= g.to)).toBe(true);
    }
  }, 180_000);
});
