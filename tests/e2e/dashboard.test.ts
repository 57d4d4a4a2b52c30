import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import { launchBrowser } from "../support/browser.ts";
import {
  fillPath,
  horizontalOverflow,
  inBuild,
  LANGUAGES,
  overflowingElements,
  SCREENSHOT_PAGES,
  screenshotDir,
  settle,
  sidewaysScrollers,
  unlistedRoutes,
  VIEWPORTS,
} from "../support/dashboard-pages.ts";
import { freePort } from "../support/ports.ts";
import { simulator } from "../support/recorder.ts";
import { startReplayd } from "../support/sign-in.ts";

// The dashboard as a user drives it, in Debian's Chromium, against the real server in direct mode and the
// Twitch simulator: sign in, a channel going live, a schedule, a recording's progress, playback and seeking,
// French, sign-out; then screenshots of every page at desktop and phone widths, in English and French.
const CHANNEL = "kitchen_lab";
const CHANNEL_NAME = "KitchenLab";
const CATEGORY_ID = "509658"; // kitchen_lab streams in Just Chatting (src/sim/fixture.ts)
/** Each language as the user menu names it. */
const LANGUAGE_NAMES = { en: "English", fr: "Français" } as const;

// The root tsconfig has no DOM library; these are the browser shapes the page functions below use (they
// run in Chromium, where the real globals exist).
interface PlayerElement {
  currentTime: number;
  duration: number;
  paused: boolean;
  seeking: boolean;
  readyState: number;
  videoWidth: number;
  getVideoPlaybackQuality(): { totalVideoFrames: number };
}
declare const document: {
  querySelector(selector: string): PlayerElement | null;
  documentElement: { lang: string };
};
declare const window: { notReloaded?: boolean };

const sim = simulator({ warp: 1, seed: 61 });
let app: Awaited<ReturnType<typeof startReplayd>> | undefined;
let browser: Browser | undefined;
/** What the flow produced, for the screenshots. */
const recorded: { videoId?: number; channelId?: string } = {};

interface SimState {
  users: { id: string; login: string }[];
  subscriptions: { type: string; status: string; condition: { broadcaster_user_id: string } }[];
}
const simState = async () => (await (await fetch(`${sim.url}/sim/state`)).json()) as SimState;

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const value = await probe();
    if (value) return value;
    await Bun.sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  // `npm test` builds the dashboard first; a focused run of this file may find it missing or stale.
  if (dashboardIsStale()) await buildDashboard();
  const dir = mkdtempSync(join(tmpdir(), "replayd-dash-e2e-"));
  const config = join(dir, "config.toml");
  // A short rejoin window, so the recording finishes soon after the stream ends.
  writeFileSync(config, "[recorder]\nmax_restart_gap_seconds = 1\n");
  const port = freePort();
  app = await startReplayd(sim.url, {
    PORT: String(port),
    CONFIG_FILE: config,
    SERVER_MODE: "direct",
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

function newContext(): Promise<BrowserContext> {
  if (!browser) throw new Error("no browser");
  return browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
}

/**
 * Watches for uncaught errors in the page, which would mean a broken screen even if the steps pass, and for
 * anything the Content-Security-Policy refused.
 */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  // What the Content-Security-Policy blocked: the build must satisfy it.
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text()))
      errors.push(message.text());
  });
  return errors;
}

/** Signs in as the simulator's first user from the /login page, the way a person does. */
async function signInFromLoginPage(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByRole("heading", { level: 1 }).waitFor();
  await page.getByRole("link", { name: "Sign in with Twitch" }).click();
  // The server's OAuth start → the simulator's authorize → the callback → /dashboard → home.
  await page.waitForURL(`${baseUrl}/`, { timeout: 15_000 });
  await page.getByRole("heading", { level: 1, name: "Home" }).waitFor();
}

const userMenu = (page: Page, name = "Account menu for SimViewer") => page.getByRole("button", { name });

/** The text of the running recording's row: segment count and bytes, as the user reads them. */
async function progressShown(page: Page): Promise<{ segments: number; bytes: number }> {
  // Each figure of the row is its own span: "190 KB", "84 KB/s", "6 segments".
  const texts = await page.getByTestId("running-download").first().locator("span").allTextContents();
  const pick = (pattern: RegExp) => texts.map((t) => pattern.exec(t.trim())).find(Boolean) ?? null;
  const segments = Number(pick(/^(\d+) segments?$/)?.[1] ?? Number.NaN);
  // A no-break space joins number and unit; English groups thousands with commas ("1,023 B").
  const size = pick(/^([\d,]+(?:\.\d+)?)\s(B|KB|MB|GB)$/);
  const scale = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 } as const;
  const bytes = size
    ? Number(size[1]?.replaceAll(",", "")) * scale[size[2] as keyof typeof scale]
    : Number.NaN;
  return { segments, bytes };
}

describe("the dashboard in Chromium against the real server and the simulator", () => {
  test("sign in, see a channel go live, schedule it, follow the recording, play and seek it, French, sign out", async () => {
    const started = performance.now();
    const base = app?.url ?? "";
    const context = await newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    try {
      // 1. Sign in through the simulator's OAuth, from the sign-in page.
      await page.goto(`${base}/videos`);
      await page.waitForURL(`${base}/login`);
      await signInFromLoginPage(page, base);
      await userMenu(page).waitFor();

      // The follows were mirrored and the channel subscribed on Twitch (direct mode) before it goes live.
      const channelId = await until("the channel's stream.online subscription", async () => {
        const state = await simState();
        const id = state.users.find((u) => u.login === CHANNEL)?.id;
        const enabled = state.subscriptions.some(
          (s) =>
            s.type === "stream.online" && s.status === "enabled" && s.condition.broadcaster_user_id === id,
        );
        return enabled ? id : null;
      });
      recorded.channelId = channelId;

      // 2. The channel goes live; the home page shows it without a reload (stream.status over SSE).
      // (The card says "Channels live now" instead while the follows are still being mirrored.)
      const liveCard = page.getByRole("region", { name: /channels live now$/i });
      await liveCard.getByText("None of the channels you follow is live right now.").waitFor();
      await page.evaluate(() => {
        window.notReloaded = true;
      });
      await sim.control(`/channels/${CHANNEL}/live`, {
        title: "Sourdough from scratch",
        segment_seconds: 0.5,
        ladder: ["360p30"],
        bitrate_kbps: 300,
        window_segments: 60,
      });
      const liveEntry = liveCard.getByRole("link", { name: new RegExp(CHANNEL_NAME) });
      await liveEntry.waitFor({ timeout: 10_000 });
      expect(await liveEntry.textContent()).toContain("Live now");
      expect(await page.evaluate(() => window.notReloaded)).toBe(true);

      // 3. A schedule for the channel, through the Schedules page's dialog.
      await page.getByRole("navigation").getByRole("link", { name: "Schedules" }).click();
      await page.getByRole("heading", { level: 1, name: "Schedules" }).waitFor();
      await page.getByRole("button", { name: "New schedule" }).first().click();
      const dialog = page.getByRole("dialog", { name: "New schedule" });
      await dialog.waitFor();
      await dialog.getByLabel("Channel").selectOption({ label: CHANNEL_NAME });
      await dialog.getByLabel("Quality").selectOption("source");
      await dialog.getByRole("button", { name: "Create" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByRole("listitem").filter({ hasText: CHANNEL_NAME }).first().waitFor();

      // 4. The channel is live and matches: it records at once; its progress advances on the home page.
      await page.getByRole("navigation").getByRole("link", { name: "Home" }).click();
      // Home lists the user's own schedules, switched on, with the way to all of them.
      const mySchedules = page.getByRole("region", { name: "Your schedules" });
      await mySchedules.getByRole("link", { name: CHANNEL_NAME }).waitFor();
      expect(await mySchedules.textContent()).toContain("Enabled");
      expect(await mySchedules.getByRole("link", { name: "Schedules" }).getAttribute("href")).toBe(
        "/schedules",
      );
      const row = page.getByTestId("running-download").filter({ hasText: CHANNEL_NAME });
      await row.waitFor({ timeout: 15_000 });
      const first = await until("a first segment shown", async () => {
        const shown = await progressShown(page);
        return shown.segments > 0 && shown.bytes > 0 ? shown : null;
      });
      const later = await until("the progress to advance", async () => {
        const shown = await progressShown(page);
        return shown.segments > first.segments && shown.bytes > first.bytes ? shown : null;
      });
      console.log(
        `dashboard e2e: progress ${first.segments} → ${later.segments} segments, ${first.bytes} → ${later.bytes} bytes`,
      );

      // 5. Enough media for a seek, then the stream ends: the recording finishes and plays from the library.
      await sim.until(CHANNEL, 24, 30_000);
      await sim.control(`/channels/${CHANNEL}/offline`, { end: "endlist" });
      await page.getByText("Nothing is recording right now.").waitFor({ timeout: 20_000 });
      await liveCard.getByRole("link", { name: new RegExp(CHANNEL_NAME) }).waitFor({ state: "detached" });

      await page.getByRole("navigation").getByRole("link", { name: "Videos" }).click();
      await page.getByRole("heading", { level: 1, name: "Videos" }).waitFor();
      // The library's summary counts the recording that just finished (not what Home read before it ran).
      const summary = await until("the library's summary", async () => {
        const text = (await page.locator("h1 + p").textContent()) ?? "";
        return text.startsWith("1 recording ·") ? text : null;
      });
      expect(summary).toMatch(/ · 1 channel$/);
      const card = page.getByTestId("video-card").filter({ hasText: CHANNEL_NAME }).first();
      await card.getByRole("link", { name: "Sourdough from scratch" }).click();
      await page.waitForURL(/\/watch\/\d+$/);
      recorded.videoId = Number(new URL(page.url()).pathname.split("/").pop());

      const player = page.getByTestId("player");
      await player.waitFor();
      await page.waitForFunction(
        () => {
          const v = document.querySelector("[data-testid=player]");
          return v !== null && v.readyState >= 1 && Number.isFinite(v.duration) && v.duration > 0;
        },
        undefined,
        { timeout: 10_000 },
      );
      const duration = await player.evaluate((v: PlayerElement) => v.duration);
      expect(duration).toBeGreaterThan(6);
      // "k" is the player's play/pause shortcut (a key press also lets the browser start playback).
      await page.locator("body").press("k");
      await page.waitForFunction(
        () => {
          const v = document.querySelector("[data-testid=player]");
          return v !== null && !v.paused && v.currentTime > 0.5;
        },
        undefined,
        { timeout: 10_000 },
      );
      const decoded = await player.evaluate((v: PlayerElement) => ({
        width: v.videoWidth,
        frames: v.getVideoPlaybackQuality().totalVideoFrames,
      }));
      expect(decoded.width).toBe(640);
      expect(decoded.frames).toBeGreaterThan(0);

      // "5" seeks to 50 % of the recording; playback continues from there.
      await page.locator("body").press("5");
      const target = duration / 2;
      const landed = await until("the seek to land", async () => {
        const time = await player.evaluate((v: PlayerElement) => (v.seeking ? -1 : v.currentTime));
        return time >= 0 && Math.abs(time - target) < 1 ? time + 1e-9 : null;
      });
      await page.waitForFunction(
        (from) => {
          const v = document.querySelector("[data-testid=player]");
          return v !== null && !v.paused && v.currentTime > from + 0.5;
        },
        landed,
        { timeout: 10_000 },
      );
      const seekBar = page.getByRole("slider", { name: "Position in the recording" });
      expect(Number(await seekBar.inputValue())).toBeGreaterThanOrEqual(Math.floor(target));

      // 6. French from the user menu, then back to English.
      await userMenu(page).click();
      await page.getByRole("menuitemradio", { name: "Français" }).click();
      await page.keyboard.press("Escape");
      await page.getByRole("navigation").getByRole("link", { name: "Accueil" }).click();
      await page.getByRole("heading", { level: 1, name: "Accueil" }).waitFor();
      await page.getByRole("region", { name: "Chaînes suivies en direct" }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
      await userMenu(page, "Menu du compte de SimViewer").click();
      await page.getByRole("menuitemradio", { name: "English" }).click();
      await page.keyboard.press("Escape");
      await page.getByRole("heading", { level: 1, name: "Home" }).waitFor();

      // 7. Sign out: back to /login, and a protected page sends there again.
      await userMenu(page).click();
      await page.getByRole("menuitem", { name: "Sign out" }).click();
      await page.waitForURL(`${base}/login`);
      await page.getByRole("link", { name: "Sign in with Twitch" }).waitFor();
      for (const path of ["/schedules", `/watch/${recorded.videoId}`]) {
        await page.goto(`${base}${path}`);
        await page.waitForURL(`${base}/login`);
        await page.getByRole("link", { name: "Sign in with Twitch" }).waitFor();
      }
      expect(errors).toEqual([]);
      console.log(`dashboard e2e: the flow took ${Math.round(performance.now() - started)} ms`);
    } finally {
      await context.close();
    }
  }, 120_000);

  test("screenshots of every page at desktop and phone widths in English and French; nothing scrolls sideways on a phone", async () => {
    const { videoId, channelId } = recorded;
    if (videoId === undefined || channelId === undefined)
      throw new Error("the flow above did not leave a recording to photograph");
    // A page added to the dashboard and not to the list would go unphotographed.
    expect(unlistedRoutes()).toEqual([]);
    const base = app?.url ?? "";
    const dir = screenshotDir();
    const values = { videoId, channelId, categoryId: CATEGORY_ID };
    const pages = SCREENSHOT_PAGES.filter((p) => inBuild(p.path));
    const absent = SCREENSHOT_PAGES.filter((p) => !pages.includes(p)).map((p) => p.path);
    if (absent.length > 0) console.log(`dashboard e2e: not in this build: ${absent.join(", ")}`);
    const shots: string[] = [];
    const overflows: string[] = [];
    const wrongLanguage: string[] = [];
    /** Parts that scroll sideways inside a page that does not (a strip of tabs hiding its last ones). */
    const strips: string[] = [];
    /** The library's summary line in each language, whose words must agree with their numbers. */
    const summaries: string[] = [];
    for (const { language, locale } of LANGUAGES) {
      if (!browser) throw new Error("no browser");
      // The browser's language picks the sign-in page's; the account's choice (the user menu) the rest.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale });
      const page = await context.newPage();
      const errors = collectErrors(page);
      const shoot = async (name: string) => {
        const lang = await page.evaluate(() => document.documentElement.lang);
        if (lang !== language) wrongLanguage.push(`${name}: lang=${lang}`);
        for (const viewport of VIEWPORTS) {
          await page.setViewportSize({ width: viewport.width, height: viewport.height });
          await settle(page);
          const file = join(dir, `${name}-${language}-${viewport.label}.png`);
          await page.screenshot({ path: file, fullPage: true });
          shots.push(file);
          if (viewport.width <= 400) {
            const overflow = await horizontalOverflow(page);
            if (overflow > 0)
              overflows.push(
                `${name} (${language}): ${overflow}px too wide (${(await overflowingElements(page)).join(", ")})`,
              );
            const scrollers = await sidewaysScrollers(page);
            if (scrollers.length > 0) strips.push(`${name} (${language}): ${scrollers.join(", ")}`);
          }
        }
      };
      try {
        await page.goto(`${base}/login`);
        await shoot("login");
        await page.getByRole("link", { name: /^(Sign in with Twitch|Se connecter avec Twitch)$/ }).click();
        await page.waitForURL(`${base}/`, { timeout: 15_000 });
        await page.getByRole("heading", { level: 1 }).waitFor();
        // Chosen from the user menu, so the account says it too (it wins over the browser's at sign-in).
        await page.getByRole("button", { name: /^(Account menu for|Menu du compte de) SimViewer$/ }).click();
        await page.getByRole("menuitemradio", { name: LANGUAGE_NAMES[language] }).click();
        await page.keyboard.press("Escape");
        for (const { name, path } of pages) {
          await page.setViewportSize({ width: 1280, height: 800 });
          await page.goto(`${base}${fillPath(path, values)}`);
          await shoot(name);
          if (name === "videos") summaries.push((await page.locator("h1 + p").textContent()) ?? "");
        }
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    }
    console.log(
      `dashboard e2e: ${shots.length} screenshots (${pages.length + 1} pages × ${VIEWPORTS.length} widths × ${LANGUAGES.length} languages) in ${dir}`,
    );
    expect(shots.length).toBe((pages.length + 1) * VIEWPORTS.length * LANGUAGES.length);
    expect(wrongLanguage).toEqual([]);
    expect(overflows).toEqual([]);
    expect(strips).toEqual([]);
    // One recording of one channel: "1 channel", never "1 channels".
    expect(summaries.map((line) => line.replace(/ · [^·]+ · /, " · … · "))).toEqual([
      "1 recording · … · 1 channel",
      "1 enregistrement · … · 1 chaîne",
    ]);
  }, 240_000);
});
