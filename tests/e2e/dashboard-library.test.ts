import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import { channel, finishedVideo } from "../../src/db/contract/fixtures.ts";
import { launchBrowser } from "../support/browser.ts";
import {
  horizontalOverflow,
  overflowingElements,
  screenshotDir,
  settle,
} from "../support/dashboard-pages.ts";
import { simulator } from "../support/recorder.ts";
import { CookieJar, signIn, startReplayd, trpc } from "../support/sign-in.ts";
import { until } from "../support/until.ts";

// The library's pages in Chromium against the real server: the history's tabs and pages, the table view
// with a filter (bookmarkable), the requests, the statistics, and the waveform of an audio-only recording
// made from the simulator. Every page is also checked at 360 px for sideways scrolling.

const GIB = 1024 ** 3;
const AUDIO_CHANNEL = "retro_arena";

const sim = simulator({ warp: 1, seed: 83 });
let app: Awaited<ReturnType<typeof startReplayd>>;
let browser: Browser;
const owner = new CookieJar();
/** The audio-only recording made in beforeAll. */
let audioVideoId = 0;

async function api<T>(path: string, input?: unknown, mutation = false): Promise<T> {
  const { body } = await trpc(app.url, path, { jar: owner, input, mutation, headers: { Origin: app.url } });
  if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
  return body.result.data as T;
}

/** A library big enough for two history pages: 65 finished recordings, some failed, cancelled, removed. */
async function seedLibrary() {
  const repo = app.repo;
  await channel(repo, "9001", "Alpha");
  await channel(repo, "9002", "Beta");
  for (let i = 0; i < 55; i++) {
    await finishedVideo(repo, i % 2 ? "9001" : "9002", {
      title: `Stream ${i}`,
      language: i < 5 ? "fr" : "en",
      parts: [{ duration_seconds: 600 + i * 60, size_bytes: (i < 3 ? 5 * GIB : 100_000_000) + i }],
    });
  }
  for (let i = 0; i < 3; i++) await finishedVideo(repo, "9001", { title: `Broken ${i}`, status: "FAILED" });
  for (let i = 0; i < 2; i++) {
    await finishedVideo(repo, "9002", {
      title: `Stopped ${i}`,
      completion_kind: "cancelled",
      truncated: true,
    });
  }
  for (let i = 0; i < 4; i++) {
    const gone = await finishedVideo(repo, "9002", { title: `Gone ${i}` });
    await repo.videos.requestDelete(gone.id);
    await repo.videos.markDeleted(gone.id, "manual");
  }
}

/** An audio-only recording of a simulated stream, through Record now, finished. */
async function recordAudioOnly(): Promise<number> {
  const synced = await api<{ broadcaster_id: string }>(
    "channel.syncFromTwitch",
    { login: AUDIO_CHANNEL },
    true,
  );
  await sim.control(`/channels/${AUDIO_CHANNEL}/live`, {
    title: "Synthwave radio",
    segment_seconds: 0.5,
    ladder: ["360p30", "audio_only"],
    window_segments: 60,
  });
  const started = await api<{ video_id: number }>(
    "video.triggerDownload",
    { broadcaster_id: synced.broadcaster_id, recording_type: "audio", quality: "audio_only" },
    true,
  );
  await sim.until(AUDIO_CHANNEL, 16, 30_000);
  await sim.control(`/channels/${AUDIO_CHANNEL}/offline`, { end: "endlist" });
  await until(
    "the audio recording to finish",
    async () => (await api<{ status: string }>("video.getById", { id: started.video_id })).status === "DONE",
    30_000,
  );
  return started.video_id;
}

beforeAll(async () => {
  if (dashboardIsStale()) await buildDashboard();
  const dir = mkdtempSync(join(tmpdir(), "replayd-library-e2e-"));
  const config = join(dir, "config.toml");
  // A short rejoin window, so the recording finishes soon after the stream ends.
  writeFileSync(config, "[recorder]\nmax_restart_gap_seconds = 1\n");
  app = await startReplayd(sim.url, { CONFIG_FILE: config, WHITELIST_ENABLED: "false" });
  await signIn(app.url, owner, "sim_viewer"); // the first to sign in: the owner
  await seedLibrary();
  audioVideoId = await recordAudioOnly();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

/** A signed-in page (the owner, through the sign-in page), collecting uncaught errors. */
async function signedInPage(): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(`${app.url}/login`);
  await page.getByRole("link", { name: "Sign in with Twitch" }).click();
  await page.waitForURL(`${app.url}/`, { timeout: 15_000 });
  return { page, errors, close: () => context.close() };
}

/**
 * Whether the page scrolls sideways at 360 px (an empty list when it does not; else the culprits), with
 * screenshots at both widths into test-results/screenshots/.
 */
async function overflowAtPhoneWidth(page: Page, name: string): Promise<string[]> {
  const shot = (width: number) =>
    page.screenshot({
      path: join(screenshotDir(), `library-${name.replace(/\W+/g, "-")}-${width}.png`),
      fullPage: true,
    });
  await settle(page);
  await shot(1280);
  await page.setViewportSize({ width: 360, height: 740 });
  await settle(page);
  await shot(360);
  const overflow = await horizontalOverflow(page);
  const found =
    overflow > 0 ? [`${name}: ${overflow}px (${(await overflowingElements(page)).join(", ")})`] : [];
  await page.setViewportSize({ width: 1280, height: 800 });
  return found;
}

const rows = (page: Page, testId: string) => page.getByTestId(testId);
const pagerStatus = (page: Page) => page.getByTestId("pager-status");

describe("the library's pages in Chromium", () => {
  test("history: tabs with their counts, 50 a page with next and previous, a sortable column", async () => {
    const { page, errors, close } = await signedInPage();
    try {
      await page.getByRole("navigation").getByRole("link", { name: "History" }).click();
      await page.getByRole("heading", { level: 1, name: "History" }).waitFor();
      const tabs = page.getByRole("navigation", { name: "History views" });
      // 55 + 3 failed + 2 cancelled + the audio recording, and 4 removed.
      await tabs.getByRole("link", { name: "All 65" }).waitFor();
      await tabs.getByRole("link", { name: "Failed 3" }).waitFor();
      await tabs.getByRole("link", { name: "Cancelled 2" }).waitFor();
      await tabs.getByRole("link", { name: "Removed 4" }).waitFor();

      expect(await rows(page, "history-row").count()).toBe(50);
      expect(await pagerStatus(page).textContent()).toBe("Page 1 of 2 · 65 in all");
      await page.getByRole("button", { name: "Next" }).click();
      await page.waitForURL(/page=2/);
      await until("the second page", async () => (await rows(page, "history-row").count()) === 15);
      expect(await pagerStatus(page).textContent()).toBe("Page 2 of 2 · 65 in all");
      expect(await page.getByRole("button", { name: "Next" }).isDisabled()).toBe(true);
      // The second page is a bookmark: reloaded, it shows the same rows.
      const second = await rows(page, "history-row").allTextContents();
      await page.reload();
      await until("the reloaded page", async () => (await rows(page, "history-row").count()) === 15);
      expect(await rows(page, "history-row").allTextContents()).toEqual(second);
      await page.getByRole("button", { name: "Previous" }).click();
      await until("the first page again", async () => (await rows(page, "history-row").count()) === 50);
      expect(new URL(page.url()).search).toBe("");

      // Largest first: the three 5 GiB recordings lead.
      await page.getByRole("columnheader", { name: "Size" }).getByRole("button").click();
      await page.waitForURL(/sort=size/);
      await until("the size order", async () =>
        (await rows(page, "history-row").first().textContent())?.replaceAll("\u00a0", " ").includes("5.0 GB"),
      );
      expect(await page.getByRole("columnheader", { name: "Size" }).getAttribute("aria-sort")).toBe(
        "descending",
      );

      for (const [tab, count, sample] of [
        ["Failed 3", 3, "Broken"],
        ["Cancelled 2", 2, "Stopped"],
        ["Removed 4", 4, "Gone"],
      ] as const) {
        await tabs.getByRole("link", { name: tab }).click();
        await until(`the ${tab} tab`, async () => (await rows(page, "history-row").count()) === count);
        expect((await rows(page, "history-row").allTextContents()).every((r) => r.includes(sample))).toBe(
          true,
        );
        // One tab is the current one, whatever the sort.
        expect(await tabs.locator("[aria-current=page]").allTextContents()).toEqual([tab.replace(" ", "")]);
      }
      // Removed recordings say when, and are not links to a player that has nothing to play.
      expect(await rows(page, "history-row").first().textContent()).toContain("Removed on");
      expect(await rows(page, "history-row").first().getByRole("link", { name: /Gone/ }).count()).toBe(0);
      expect(await overflowAtPhoneWidth(page, "history")).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  test("videos: the table view with a language filter, bookmarkable, sorted by a column, selectable", async () => {
    const { page, errors, close } = await signedInPage();
    try {
      await page.goto(`${app.url}/videos`);
      await page.getByRole("heading", { level: 1, name: "Videos" }).waitFor();
      await page.getByRole("button", { name: "Table" }).click();
      await page.waitForURL(/view=table/);
      await rows(page, "video-row").first().waitFor();
      await page.getByLabel("Language").selectOption("fr");
      await page.waitForURL(/language=fr/);
      await until("the five French recordings", async () => (await rows(page, "video-row").count()) === 5);
      await page.getByRole("columnheader", { name: "Length" }).getByRole("button").click();
      await page.waitForURL(/sort=longest/);
      const longestFirst = ["Stream 4", "Stream 3", "Stream 2", "Stream 1", "Stream 0"];
      await until("the longest first", async () => {
        const titles = await rows(page, "video-row")
          .getByRole("link", { name: /^Stream/ })
          .allTextContents();
        return titles.join() === longestFirst.join();
      });

      // The view as a bookmark: a fresh visit to the URL shows the same table, filter and order.
      const bookmark = page.url();
      await page.goto(`${app.url}/`);
      await page.goto(bookmark);
      await until("the bookmarked view", async () => (await rows(page, "video-row").count()) === 5);
      expect(await page.getByLabel("Language").inputValue()).toBe("fr");
      expect(await page.getByRole("button", { name: "Table" }).getAttribute("aria-pressed")).toBe("true");
      const libraryTabs = page.getByRole("navigation", { name: "Library views" });
      expect(await libraryTabs.locator("[aria-current=page]").allTextContents()).toEqual(["All61"]);
      expect(await overflowAtPhoneWidth(page, "videos table")).toEqual([]);

      // Selecting for deletion works in the table too: a checkbox starts each row.
      await page.getByTestId("select-videos").click();
      await page.getByRole("checkbox", { name: "Select Stream 4" }).check();
      await page.getByText("1 selected", { exact: false }).waitFor();
      await page.getByRole("button", { name: "Done" }).click();
      await page.getByRole("checkbox", { name: "Select Stream 4" }).waitFor({ state: "detached" });

      await page.getByRole("button", { name: "Clear filters (1)" }).click();
      await until("every recording again", async () => (await rows(page, "video-row").count()) > 5);
      expect(new URL(page.url()).searchParams.get("language")).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  test("statistics: totals, recordings over time, channels and categories, storage; the period in the URL", async () => {
    const { page, errors, close } = await signedInPage();
    try {
      await page.getByRole("navigation").getByRole("link", { name: "Statistics" }).click();
      await page.getByRole("heading", { level: 1, name: "Statistics" }).waitFor();
      await page.getByRole("heading", { name: "Recorded over the last 13 weeks" }).waitFor();
      // The heading comes before the figures: the bars are drawn once they have loaded (an empty week is a
      // bar of height 0, which Playwright counts as hidden: attached is what is waited for).
      await page.getByTestId("over-time-bar").first().waitFor({ state: "attached" });
      expect(await page.getByTestId("over-time-bar").count()).toBe(13);
      // Everything was recorded this week: the last bar is the only one with a height.
      const heights = await page
        .getByTestId("over-time-bar")
        .evaluateAll((bars) =>
          bars.map((bar) =>
            Number((bar as unknown as { getAttribute(n: string): string }).getAttribute("height")),
          ),
        );
      expect(heights.slice(0, -1).every((h) => h === 0)).toBe(true);
      expect(heights.at(-1)).toBeGreaterThan(90);

      const byChannel = page.getByRole("region", { name: "By channel" });
      const channelRows = await byChannel.getByTestId("share-row").allTextContents();
      expect(channelRows.map((r) => r.match(/^(Alpha|Beta|RetroArena)/)?.[1])).toEqual([
        "Alpha",
        "Beta",
        "RetroArena",
      ]);
      await page.getByRole("region", { name: "By category" }).getByTestId("share-row").first().waitFor();
      const storage = page.getByRole("region", { name: "Storage" });
      expect(await storage.textContent()).toContain("Audio-only recordings");

      await page.getByLabel("By", { exact: true }).selectOption("day");
      await page.waitForURL(/period=day/);
      await page.getByRole("heading", { name: "Recorded over the last 30 days" }).waitFor();
      await until("30 daily bars", async () => (await page.getByTestId("over-time-bar").count()) === 30);
      expect(await overflowAtPhoneWidth(page, "statistics")).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);

  test("an audio-only recording plays over its waveform; Record now is listed as the owner's request", async () => {
    const { page, errors, close } = await signedInPage();
    try {
      const peaks = await fetch(`${app.url}/api/v1/videos/${audioVideoId}/parts/1/waveform`, {
        headers: { Cookie: owner.header() },
      });
      expect(peaks.status).toBe(200);
      const json = (await peaks.json()) as { duration_seconds: number; peaks: number[] };
      expect(json.peaks.length).toBeGreaterThanOrEqual(64);

      await page.goto(`${app.url}/watch/${audioVideoId}`);
      const waveform = page.getByTestId("waveform");
      await waveform.waitFor();
      expect(await waveform.getAttribute("data-bars")).toBe("160");
      const heights = await waveform
        .locator("rect")
        .evaluateAll((bars) =>
          bars.map((bar) =>
            Number((bar as unknown as { getAttribute(n: string): string }).getAttribute("height")),
          ),
        );
      expect(heights).toHaveLength(160);
      // A steady tone: loud across the recording (the first bars may hold the encoder's quiet start).
      expect(heights.filter((h) => h > 50).length).toBeGreaterThan(120);
      // Seeking moves the played part of the waveform.
      await page
        .getByRole("slider", { name: "Position in the recording" })
        .fill(String(Math.floor(json.duration_seconds / 2)));
      await until("half the waveform played", async () => {
        const played = await waveform.locator("rect.fill-brand-500").count();
        return played >= 70 && played <= 90;
      });
      expect(await overflowAtPhoneWidth(page, "watch (audio)")).toEqual([]);

      await page.getByRole("navigation").getByRole("link", { name: "Requests" }).click();
      await page.getByRole("heading", { level: 1, name: "Requests" }).waitFor();
      const request = rows(page, "request-row");
      await request.first().waitFor();
      expect(await request.count()).toBe(1);
      const text = await request.first().textContent();
      expect(text).toContain("Synthwave radio");
      expect(text).toContain("SimViewer");
      expect(text).toContain("Done");
      expect(await overflowAtPhoneWidth(page, "requests")).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});
