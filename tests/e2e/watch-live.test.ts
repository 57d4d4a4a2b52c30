import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import { BAR_CODE } from "../../src/sim/media/pool.render.ts";
import { poolEntries } from "../../src/sim/media/pool-spec.ts";
import { launchBrowser } from "../support/browser.ts";
import { screenshotDir } from "../support/dashboard-pages.ts";
import { simulator } from "../support/recorder.ts";
import { simUserIds, startReplayd, trpc } from "../support/sign-in.ts";
import { until } from "../support/until.ts";

// Watch-while-recording in Chromium against the real server and the simulator in real time: a stream is
// playable while it records (from the live edge, seeking back, "Go to live"), its finished part plays in the
// page while the rejoin window is still open, and the video is DONE when the window closes. Prints three
// measures: end of stream → finished part playing in a page, end → DONE, and the player's live-edge latency.
const CHANNEL = "kitchen_lab";
/** A second channel, whose recording is stopped by hand. */
const STOPPED = "speedrun_sam";
const SEGMENT_SECONDS = 2;
const REJOIN_WINDOW_SECONDS = 20;

// The root tsconfig has no DOM library: the shapes the page functions below use.
interface PlayerElement {
  currentTime: number;
  duration: number;
  paused: boolean;
  seeking: boolean;
  readyState: number;
  videoWidth: number;
  videoHeight: number;
  buffered: { length: number; end(i: number): number };
  seekable: { length: number; end(i: number): number };
  dataset: { mode?: string };
}
interface Canvas {
  width: number;
  height: number;
  getContext(kind: "2d"): {
    drawImage(source: PlayerElement, x: number, y: number): void;
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}
declare const document: {
  querySelector(selector: string): PlayerElement | null;
  createElement(tag: "canvas"): Canvas;
};

const sim = simulator({ warp: 1, seed: 29 });
let app: Awaited<ReturnType<typeof startReplayd>> | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (dashboardIsStale()) await buildDashboard();
  const dir = mkdtempSync(join(tmpdir(), "replayd-watch-live-"));
  const config = join(dir, "config.toml");
  writeFileSync(config, `[recorder]\nmax_restart_gap_seconds = ${REJOIN_WINDOW_SECONDS}\n`);
  app = await startReplayd(sim.url, { CONFIG_FILE: config });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

/** What the player shows now, read in the page: times, and the segment number drawn into the picture. */
async function sample(page: Page) {
  const shown = await page.evaluate((code) => {
    const v = document.querySelector("[data-testid=player]");
    if (!v) return null;
    const last = (r: { length: number; end(i: number): number }) => (r.length ? r.end(r.length - 1) : 0);
    let barcode: number | null = null;
    if (v.videoWidth > 0) {
      const canvas = document.createElement("canvas");
      canvas.width = v.videoWidth;
      canvas.height = v.videoHeight;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(v, 0, 0);
      const y = Math.round(v.videoHeight * ((code.top + code.bottom) / 2));
      const row = ctx.getImageData(0, y, v.videoWidth, 1).data;
      barcode = 0;
      for (let i = 0; i < code.bits; i++) {
        const x = Math.round(((i + 0.5) * v.videoWidth) / code.bits);
        barcode = barcode * 2 + ((row[x * 4] as number) > 128 ? 1 : 0);
      }
    }
    return {
      currentTime: v.currentTime,
      bufferedEnd: last(v.buffered),
      seekableEnd: last(v.seekable),
      duration: v.duration,
      paused: v.paused,
      seeking: v.seeking,
      readyState: v.readyState,
      mode: v.dataset.mode ?? null,
      barcode,
    };
  }, BAR_CODE);
  return shown ? { ...shown, at: Date.now() } : null;
}

type Sample = NonNullable<Awaited<ReturnType<typeof sample>>>;

/**
 * Starts playback the way a viewer does when the browser did not autoplay (a page opened by URL has had no
 * click): once the player has media, the play shortcut.
 */
async function play(page: Page): Promise<void> {
  const ready = await until(
    "the player's first media",
    async () => {
      const s = await sample(page);
      return s && s.readyState >= 1 ? s : null;
    },
    20_000,
  );
  if (ready.paused) await page.locator("body").press("k");
}

/** Waits until playback passes `seconds` (and is not paused): the player really plays. */
async function playingPast(page: Page, seconds: number, timeoutMs = 15_000): Promise<Sample> {
  return until(
    `playback past ${seconds.toFixed(1)} s`,
    async () => {
      const s = await sample(page);
      return s && !s.paused && !s.seeking && s.currentTime > seconds ? s : null;
    },
    timeoutMs,
  );
}

describe("watching a recording while it records, in Chromium", () => {
  test("plays live, seeks back 30 s, goes back to live; after the stream, the finished part plays, a comeback plays on, and the video ends", async () => {
    const base = app?.url ?? "";
    if (!browser) throw new Error("no browser");
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (err) => errors.push(err.message));
    // hls.js's worker and media come from blob: URLs: the Content-Security-Policy must allow them.
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });

    try {
      // Sign in (the simulator's viewer follows the channel), then record it the moment it goes live.
      await page.goto(`${base}/login`);
      await page.getByRole("link", { name: "Sign in with Twitch" }).click();
      await page.waitForURL(`${base}/`, { timeout: 15_000 });
      const ids = await simUserIds(sim.url);
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      const record = async (login: string, title: string) => {
        const broadcaster_id = ids[login] as string;
        await until(`${login} followed`, async () => app?.repo.channels.getById(broadcaster_id));
        await sim.control(`/channels/${login}/live`, {
          title,
          segment_seconds: SEGMENT_SECONDS,
          ladder: ["360p30"],
          bitrate_kbps: 300,
          window_segments: 30,
        });
        const started = await trpc(base, "video.triggerDownload", {
          mutation: true,
          input: { broadcaster_id },
          headers: { cookie },
        });
        expect(started.status).toBe(200);
        return started.body.result?.data as { video_id: number; job_id: string };
      };
      const { video_id: videoId } = await record(CHANNEL, "Live pastry");
      // A second recording, stopped by hand after a few segments (below): it ends cancelled with a
      // finished part, which must still play, its notice above the player.
      const stopped = await record(STOPPED, "Any% attempts");
      const video = () => app?.repo.videos.getById(videoId);
      await until("the first part", async () => ((await video())?.parts.length ?? 0) > 0, 20_000);

      // 1. While it records: the watch page plays the playlist from the live edge and says it is live.
      await page.goto(`${base}/watch/${videoId}`);
      await page.waitForSelector("[data-testid=player][data-mode=hls]");
      await play(page);
      const first = await playingPast(page, 0.5);
      await playingPast(page, first.currentTime + 2);
      expect((await video())?.status).toBe("RUNNING");
      const status = page.getByTestId("live-status");
      await status.getByText("Live", { exact: true }).waitFor();

      // The recording's first segment and its broadcast time: the picture on screen must be the segment the
      // timeline says, and how far behind the broadcast the player is follows from the same mapping.
      const ledger = (
        (await (await fetch(`${sim.url}/sim/channels/${CHANNEL}/segments`)).json()) as {
          segments: { sequence: number; kind: string; fetches: number; program_date_time: string }[];
        }
      ).segments;
      const firstRecorded = ledger.filter((s) => s.kind === "content" && s.fetches > 0)[0];
      if (!firstRecorded) throw new Error("the simulator served no segment");
      const broadcastAt = (t: number) => Date.parse(firstRecorded.program_date_time) + t * 1000;
      const pool = poolEntries("content", SEGMENT_SECONDS, 30);
      const segmentAt = (t: number) => firstRecorded.sequence + Math.floor(t / SEGMENT_SECONDS);
      const latencies: { position: number; buffered: number }[] = [];
      let pictures = 0;
      /** A sample whose picture is checked: the segment on screen is the one the timeline says. */
      const checked = async () => {
        const s = await sample(page);
        if (!s || s.paused || s.seeking || s.barcode === null) return null;
        // A frame either side of a segment boundary is still right.
        expect([-0.1, 0, 0.1].map((dt) => segmentAt(s.currentTime + dt) % pool)).toContain(s.barcode);
        pictures++;
        return s;
      };
      const measureLatency = async () => {
        for (let i = 0; i < 5; i++) {
          const s = await checked();
          if (s)
            latencies.push({
              position: (s.at - broadcastAt(s.currentTime)) / 1000,
              buffered: (s.at - broadcastAt(s.bufferedEnd)) / 1000,
            });
          await page.waitForTimeout(1000); // the measure's sampling period, not synchronisation
        }
      };
      await measureLatency();

      // The second recording is stopped now, with a few segments in its part.
      await until("a few segments of the second recording", async () => {
        const res = await fetch(`${sim.url}/sim/channels/${STOPPED}/segments`);
        const { segments } = (await res.json()) as { segments: { fetches: number }[] };
        return segments.filter((x) => x.fetches > 0).length >= 4;
      });
      // From the Downloads page, as a user does: Cancel asks first and says what is kept.
      const downloads = await context.newPage();
      downloads.on("pageerror", (err) => errors.push(err.message));
      await downloads.goto(`${base}/downloads`);
      const row = downloads.getByTestId("running-download").filter({ hasText: "Any% attempts" });
      await row.getByRole("button", { name: "Cancel" }).click();
      await downloads.getByText("What it has recorded so far is kept").waitFor();
      await downloads.getByTestId("confirm-action").click();
      await row.waitFor({ state: "detached", timeout: 15_000 });
      await downloads.close();
      await sim.control(`/channels/${STOPPED}/offline`, { end: "endlist" });

      // 2. Seek back 30 s (three presses of ←), playback goes on from there; "Go to live" returns.
      const recorded = await until(
        "40 s recorded",
        async () => {
          const s = await sample(page);
          return s && s.seekableEnd >= 40 && s.currentTime >= 35 ? s : null;
        },
        60_000,
      );
      for (let i = 0; i < 3; i++) await page.locator("body").press("ArrowLeft");
      const landed = await until("the seek back", async () => {
        const s = await sample(page);
        return s && !s.seeking && s.currentTime < recorded.currentTime - 25 ? s : null;
      });
      expect(landed.currentTime).toBeGreaterThan(recorded.currentTime - 35);
      await playingPast(page, landed.currentTime + 2);
      expect(await checked()).not.toBeNull();
      const goLive = status.getByRole("button", { name: "Go to live" });
      await goLive.waitFor();
      await page.screenshot({ path: join(screenshotDir(), "watch-live-behind-desktop.png") });
      await goLive.click();
      await status.getByText("Live", { exact: true }).waitFor();
      const back = await playingPast(page, recorded.currentTime);
      expect(back.currentTime).toBeGreaterThan(landed.currentTime + 25);
      await measureLatency();

      // 3. The stream ends. Its part is finished and stored while the rejoin window is still open: a page
      // opened then plays it from the start.
      const ended = Date.now();
      await sim.control(`/channels/${CHANNEL}/offline`, { end: "endlist" });
      await until("the part to be finished", async () => (await video())?.parts[0]?.finalized_at, 15_000);
      const finished = Date.now();
      const second = await context.newPage();
      second.on("pageerror", (err) => errors.push(err.message));
      await second.goto(`${base}/watch/${videoId}?t=0`);
      await second.waitForSelector("[data-testid=player]");
      await play(second);
      await playingPast(second, 1, 10_000);
      const playable = Date.now();
      expect((await video())?.status).toBe("RUNNING");
      await second.close();

      // 4. It comes back within the window: part 2 continues the timeline, and the page that was watching
      // live plays on into it (after the rest of part 1 and a short wait at its end).
      const part1Seconds = (await video())?.parts[0]?.duration_seconds ?? 0;
      await sim.control(`/channels/${CHANNEL}/live`, {
        title: "Live pastry, again",
        segment_seconds: SEGMENT_SECONDS,
        ladder: ["360p30"],
        bitrate_kbps: 300,
        window_segments: 30,
      });
      await until("part 2", async () => ((await video())?.parts.length ?? 0) >= 2, 20_000);
      const crossed = await playingPast(page, part1Seconds + 2, 30_000);
      expect(crossed.barcode).not.toBeNull();
      await status.waitFor();

      // 5. The stream ends for good; the video is DONE once the window closes after it.
      const endedAgain = Date.now();
      await sim.control(`/channels/${CHANNEL}/offline`, { end: "endlist" });
      // Watched from now on: the steps below take part of the window.
      const doneAt = until(
        "the video to be DONE",
        async () => ((await video())?.status === "DONE" ? Date.now() : null),
        (REJOIN_WINDOW_SECONDS + 15) * 1000,
      );

      // The recording stopped by hand: says so above its player, and plays (its finished part, by file).
      const cancelled = await app?.repo.videos.getById(stopped.video_id);
      expect({ status: cancelled?.status, kind: cancelled?.completion_kind }).toEqual({
        status: "DONE",
        kind: "cancelled",
      });
      expect(cancelled?.parts[0]?.finalized_at).not.toBeNull();
      const third = await context.newPage();
      third.on("pageerror", (err) => errors.push(err.message));
      await third.goto(`${base}/watch/${stopped.video_id}`);
      await third.getByText("This recording was stopped before the stream ended").waitFor();
      await third.waitForSelector("[data-testid=player][data-mode=parts]");
      await play(third);
      await playingPast(third, 1, 10_000);
      await third.close();

      // The window closed: the video is DONE; the page that watched it live keeps its playlist, which now
      // ends (both parts), and stops saying it is live.
      const done = await doneAt;
      await status.waitFor({ state: "detached", timeout: 10_000 });
      const after = await until("the playlist's end", async () => {
        const s = await sample(page);
        return s && Number.isFinite(s.duration) ? s : null;
      });
      expect(after.mode).toBe("hls");
      const parts = (await video())?.parts ?? [];
      expect(parts.length).toBe(2);
      const recordedSeconds = parts.reduce((sum, p) => sum + p.duration_seconds, 0);
      expect(Math.abs(after.duration - recordedSeconds)).toBeLessThan(1);
      expect(errors).toEqual([]);

      const endToPlayable = (playable - ended) / 1000;
      const endToDone = (done - endedAgain) / 1000;
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
      const position = latencies.map((l) => l.position);
      const buffered = latencies.map((l) => l.buffered);
      console.log(
        [
          `watch-live e2e: (a) end of stream → finished part playing in a page: ${endToPlayable.toFixed(1)} s (finalized after ${((finished - ended) / 1000).toFixed(1)} s)`,
          `(b) end of stream → DONE: ${endToDone.toFixed(1)} s (rejoin window ${REJOIN_WINDOW_SECONDS} s)`,
          `(c) live-edge latency behind the broadcast (${latencies.length} samples, 2 s segments): playhead median ${median(position).toFixed(1)} s (${Math.min(...position).toFixed(1)}–${Math.max(...position).toFixed(1)}), buffered end median ${median(buffered).toFixed(1)} s`,
        ].join("\n  "),
      );
      expect(latencies.length).toBeGreaterThanOrEqual(8);
      expect(pictures).toBeGreaterThanOrEqual(9);
      expect(endToPlayable).toBeLessThan(5);
      expect(endToDone).toBeLessThan(REJOIN_WINDOW_SECONDS + 5);
    } finally {
      await context.close();
    }
  }, 150_000);
});
