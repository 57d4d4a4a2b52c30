import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import { launchBrowser } from "../support/browser.ts";
import { prepareDataFolder } from "../support/data-folder.ts";
import { simulator } from "../support/recorder.ts";
import { CookieJar, signIn, simUserIds, startReplayd, trpc } from "../support/sign-in.ts";
import { until } from "../support/until.ts";

// The watch page of a recording in three parts, in Chromium against the real server: it plays part by
// part; an admin's "Build single file" joins them while it plays, the page shows the progress and then
// plays the single file from where the viewer was, still playing; a file gone from the disk makes the
// player fall back on the parts.

// The root tsconfig has no DOM library: the shapes the page functions below use.
interface PlayerElement {
  currentSrc: string;
  currentTime: number;
  duration: number;
  paused: boolean;
  readyState: number;
}
declare const document: {
  querySelector(selector: string): PlayerElement | null;
  body: unknown;
};
declare const window: { panelStates: string[] };
declare class MutationObserver {
  constructor(callback: () => void);
  observe(target: unknown, options: { attributes: boolean; subtree: boolean; childList: boolean }): void;
}

const sim = simulator({ warp: 4, seed: 91 });
let app: Awaited<ReturnType<typeof startReplayd>> | undefined;
let browser: Browser | undefined;
let dataDir = "";
let videoId = 0;
let partsSeconds = 0;
let partCount = 0;

beforeAll(async () => {
  if (dashboardIsStale()) await buildDashboard();
  const cwd = mkdtempSync(join(tmpdir(), "replayd-dash-pcache-"));
  dataDir = join(cwd, "data");
  mkdirSync(dataDir);
  writeFileSync(join(cwd, "config.toml"), "[recorder]\nmax_restart_gap_seconds = 1\nmax_part_seconds = 3\n");
  // The cache on, but not on first play: the file is made when someone asks.
  await prepareDataFolder(sim.url, dataDir, ["kitchen_lab"], async (repo) => {
    await repo.serverSettings.update({
      playback_cache_enabled: true,
      playback_cache_max_percent: 100,
      playback_cache_auto_generate: false,
    });
  });
  app = await startReplayd(sim.url, {}, { cwd });
  const jar = new CookieJar();
  await signIn(app.url, jar, "sim_viewer");
  await sim.control("/channels/kitchen_lab/live", {
    segment_seconds: 1,
    ladder: ["360p30"],
    bitrate_kbps: 300,
    // A long window: a recorder slowed by a busy machine still gets every segment (the window is not
    // what this is about, and a lost segment fails the recording).
    window_segments: 120,
  });
  const ids = await simUserIds(sim.url);
  const started = await trpc(app.url, "video.triggerDownload", {
    jar,
    mutation: true,
    input: { broadcaster_id: ids.kitchen_lab },
  });
  const startedVideo = started.body.result?.data as { video_id: number } | undefined;
  if (!startedVideo) throw new Error(`the recording did not start: ${JSON.stringify(started.body)}`);
  videoId = startedVideo.video_id;
  const repo = app.repo;
  await until("a third part", async () => (await repo.recordings.listParts(videoId)).length >= 3, 60_000);
  await sim.control("/channels/kitchen_lab/offline", { end: "endlist" });
  const done = await until(
    "the recording to finish",
    async () => {
      const video = await repo.videos.getById(videoId);
      return video?.status === "DONE" && video;
    },
    60_000,
  );
  partsSeconds = done.parts.reduce((sum, p) => sum + p.duration_seconds, 0);
  partCount = done.parts.length;
  browser = await launchBrowser();
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

describe("the watch page of a recording in parts", () => {
  test("plays the parts, builds the single file on request while playing, then plays it from there; falls back when it is gone", async () => {
    if (!browser || !app) throw new Error("not started");
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    try {
      await page.goto(`${app.url}/api/v1/auth/twitch`);
      await page.locator("main#main h1").waitFor({ timeout: 10_000 });
      await page.goto(`${app.url}/watch/${videoId}`);

      // Part by part: the panel says so and offers the single file (the owner is an admin).
      const panel = page.getByTestId("playback-file");
      await panel.getByText(`This recording is in ${partCount} parts, played one after another.`).waitFor();
      expect(await page.evaluate(() => document.querySelector("[data-testid=player]")?.currentSrc)).toContain(
        `/api/v1/videos/${videoId}/parts/1/stream`,
      );
      await page.waitForFunction(
        () => (document.querySelector("[data-testid=player]")?.readyState ?? 0) >= 1,
      );
      await page.locator("body").press("k");
      await page.waitForFunction(() => {
        const v = document.querySelector("[data-testid=player]");
        return v !== null && !v.paused && v.currentTime > 1;
      });

      // Asked for: the page shows the build (every state the panel goes through is noted), then switches to
      // the file where the viewer is, still playing.
      await page.evaluate(() => {
        window.panelStates = [];
        new MutationObserver(() => {
          const state = (
            document.querySelector("[data-testid=playback-file]") as { dataset?: { state?: string } }
          )?.dataset?.state;
          if (state && window.panelStates.at(-1) !== state) window.panelStates.push(state);
        }).observe(document.body, { attributes: true, subtree: true, childList: true });
      });
      const before = await page.evaluate(
        () => document.querySelector("[data-testid=player]")?.currentTime ?? 0,
      );
      await page.getByRole("button", { name: "Build single file" }).click();
      await page.locator('[data-testid="playback-file"][data-state="ready"]').waitFor({ timeout: 20_000 });
      await panel.getByText(`The ${partCount} parts play as one file.`).waitFor();
      const states = await page.evaluate(() => window.panelStates);
      // Before: "none" (only the offer); then the build's own states; then "ready".
      const shown = states.filter((state) => state !== "none");
      expect(shown[0]).toMatch(/^(waiting|building)$/);
      expect(shown.at(-1)).toBe("ready");
      await page.waitForFunction(
        (id) =>
          document
            .querySelector("[data-testid=player]")
            ?.currentSrc.endsWith(`/videos/${id}/playback/stream`),
        videoId,
      );
      await page.waitForFunction((from) => {
        const v = document.querySelector("[data-testid=player]");
        return v !== null && v.readyState >= 1 && !v.paused && v.currentTime > from;
      }, before);
      const file = await page.evaluate(() => {
        const v = document.querySelector("[data-testid=player]");
        return v && { duration: v.duration, currentTime: v.currentTime };
      });
      console.log(
        `dashboard playback cache: panel ${states.join(" → ")}; the single file lasts ${file?.duration.toFixed(3)} s (parts ${partsSeconds.toFixed(3)} s), playing at ${file?.currentTime.toFixed(2)} s after the switch (${before.toFixed(2)} s before)`,
      );
      expect(Math.abs((file?.duration ?? 0) - partsSeconds)).toBeLessThan(0.2);
      expect(await page.getByRole("button", { name: "Build single file" }).count()).toBe(0);
      const row = await app.repo.playback.get(videoId);
      expect(row).toMatchObject({ status: "ready", mime_type: "video/mp4" });

      // The file is deleted behind the server's back: the player goes back to the parts.
      rmSync(join(dataDir, "videos", row?.filename as string));
      expect(existsSync(join(dataDir, "videos", row?.filename as string))).toBe(false);
      await page.reload();
      await page.waitForFunction(
        (id) => document.querySelector("[data-testid=player]")?.currentSrc.includes(`/videos/${id}/parts/`),
        videoId,
        { timeout: 10_000 },
      );
      // The server dropped the stale row, so the button is back.
      expect(await app.repo.playback.get(videoId)).toBeNull();
      await page.reload();
      await page.getByRole("button", { name: "Build single file" }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
