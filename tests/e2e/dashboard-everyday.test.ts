import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { formatInPreference } from "../../dashboard/src/lib/date-style.ts";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import { launchBrowser } from "../support/browser.ts";
import { call, recordLibrary, type VideoView } from "../support/dashboard-library.ts";
import { horizontalOverflow, overflowingElements } from "../support/dashboard-pages.ts";
import { freePort } from "../support/ports.ts";
import { simulator } from "../support/recorder.ts";
import { RECORD_EVERYTHING } from "../support/schedule-rule.ts";
import { CookieJar, signIn, startReplayd } from "../support/sign-in.ts";
import { until } from "../support/until.ts";

// Everyday pages in Chromium against the real server and the simulator, over a library recorded for real:
// one timeline on the watch page (seeking across parts), its markers' tooltips, every action on screen at
// 360 px, copying a link on a plain-http LAN address, Record now and New schedule showing the state, the
// Downloads page, and the saved time zone, date format and language on a second browser.

// The root tsconfig has no DOM library: the browser shapes the page functions below use.
interface PlayerElement {
  currentTime: number;
  paused: boolean;
  controls: boolean;
  dataset: { part?: string };
}
interface Box {
  getAnimations(): unknown[];
  getBoundingClientRect(): { width: number };
  parentElement: Box;
}
declare const window: { isSecureContext: boolean; copied?: string[] };
declare const navigator: { clipboard?: unknown };

const MULTI = "kitchen_lab";
const OTHER = "speedrun_sam";
const sim = simulator({ warp: 2, seed: 19 });
let app: Awaited<ReturnType<typeof startReplayd>> | undefined;
let browser: Browser | undefined;
let base = "";
let lanBase = "";
const owner = new CookieJar();
let library: Awaited<ReturnType<typeof recordLibrary>>;

beforeAll(async () => {
  if (dashboardIsStale()) await buildDashboard();
  const dir = mkdtempSync(join(tmpdir(), "replayd-everyday-"));
  const config = join(dir, "config.toml");
  // Short parts, so a recording of a few seconds has several; a short rejoin window, so it ends soon.
  writeFileSync(config, "[recorder]\nmax_restart_gap_seconds = 1\nmax_part_seconds = 6\n");
  const port = freePort();
  app = await startReplayd(sim.url, {
    PORT: String(port),
    CONFIG_FILE: config,
    SERVER_MODE: "direct",
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
  });
  base = app.url;
  // lan.test is this server under a LAN-like name: plain http off localhost, not a secure context.
  lanBase = base.replace("127.0.0.1", "lan.test");
  browser = await launchBrowser(["--host-resolver-rules=MAP lan.test 127.0.0.1"]);
  await signIn(base, owner);
  library = await recordLibrary(sim, base, owner, { multi: MULTI, other: OTHER });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

/** A browser context signed in as the owner (the simulator's viewer), `url` opened, errors collected. */
async function signedIn(
  url: string,
  options: { width?: number; timezoneId?: string; origin?: string; init?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 800 },
    locale: "en-US",
    timezoneId: options.timezoneId ?? "UTC",
  });
  if (options.init) await context.addInitScript(options.init);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  const origin = options.origin ?? base;
  if (origin === base) {
    await page.goto(`${base}/api/v1/auth/twitch`);
  } else {
    // The session cookie of a sign-in on 127.0.0.1, given to the other name (the OAuth callback goes to
    // PUBLIC_BASE_URL, so signing in there would leave the cookie on 127.0.0.1).
    const jar = new CookieJar();
    await signIn(base, jar);
    await context.addCookies([...jar.cookies].map(([name, value]) => ({ name, value, url: origin })));
  }
  await page.goto(`${origin}${url}`);
  await page.locator("main#main h1").first().waitFor({ timeout: 15_000 });
  return { context, page, errors };
}

const player = (page: Page) => page.getByTestId("player");
const playerState = (page: Page) =>
  player(page).evaluate((v: PlayerElement) => ({
    part: Number(v.dataset.part),
    time: v.currentTime,
    paused: v.paused,
    controls: v.controls,
  }));

/** Clicks the seek bar at `seconds` of `total` (its middle band: markers sit above and below it). */
async function clickTimeline(slider: Locator, seconds: number, total: number) {
  const box = await slider.boundingBox();
  if (!box) throw new Error("the seek bar is not on screen");
  // Chromium maps the click through the thumb's half-width at each end.
  const thumb = 16;
  const x = box.x + thumb / 2 + (box.width - thumb) * (seconds / total);
  await slider.page().mouse.click(x, box.y + box.height / 2);
}

const partsTotal = (v: VideoView) => v.parts.reduce((sum, p) => sum + p.duration_seconds, 0);

describe("everyday pages in Chromium", () => {
  test("the watch page has one timeline over every part: a seek across a boundary loads that part at the right offset", async () => {
    const v = library.multiPart;
    expect(v.parts.length).toBeGreaterThanOrEqual(3);
    const [first, second] = [...v.parts].sort((a, b) => a.part_index - b.part_index) as [
      (typeof v.parts)[0],
      (typeof v.parts)[0],
    ];
    const total = partsTotal(v);
    const { context, page, errors } = await signedIn(`/watch/${v.id}`);
    try {
      const slider = page.getByRole("slider", { name: "Position in the recording" });
      await slider.waitFor();
      // One seek bar: the native controls (which only knew the current part) are off.
      expect((await playerState(page)).controls).toBe(false);
      expect(await page.getByRole("slider").count()).toBe(2); // the timeline and the volume
      expect(Number(await slider.getAttribute("max"))).toBeCloseTo(total, 0);

      // Into part 2, 2 s after its start: part 2 loads and plays from 2 s.
      const target = first.duration_seconds + 2;
      await clickTimeline(slider, target, total);
      const landed = await until("part 2 to load at its offset", async () => {
        const s = await playerState(page);
        return s.part === second.part_index && s.time > 0 ? s : null;
      });
      expect(Math.abs(landed.time - 2)).toBeLessThan(0.75);
      expect(Math.abs(Number(await slider.inputValue()) - target)).toBeLessThanOrEqual(1);

      // Back into part 1.
      await clickTimeline(slider, 1.5, total);
      const back = await until("part 1 again", async () => {
        const s = await playerState(page);
        return s.part === first.part_index && s.time > 0 ? s : null;
      });
      expect(Math.abs(back.time - 1.5)).toBeLessThan(0.75);

      // Played to the end of part 1, it goes on into part 2, and the one timeline keeps counting.
      await clickTimeline(slider, first.duration_seconds - 1, total);
      await page.getByRole("button", { name: "Play", exact: true }).click();
      await until("playback to cross into part 2", async () => {
        const s = await playerState(page);
        return s.part === second.part_index && !s.paused && s.time > 0.3 ? s : null;
      });
      expect(Number(await slider.inputValue())).toBeGreaterThanOrEqual(Math.floor(first.duration_seconds));
      await page.getByRole("button", { name: "Pause" }).click();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test("a marker shows its tooltip on hover and on keyboard focus, and seeks to its time", async () => {
    const { context, page, errors } = await signedIn(`/watch/${library.multiPart.id}`);
    try {
      const ad = page.locator('[data-marker="ad"]');
      await ad.waitFor({ timeout: 10_000 });
      const tooltip = ad.getByRole("tooltip");
      expect(await tooltip.isVisible()).toBe(false);
      // Hovering reaches the marker (nothing covers it) and shows its label.
      await ad.hover();
      await tooltip.waitFor({ state: "visible" });
      expect(await tooltip.textContent()).toMatch(/^\d+:\d{2} · Ad skipped \(\d+s\)$/);
      await page.mouse.move(0, 0);
      await tooltip.waitFor({ state: "hidden" });
      // From the seek bar, Tab reaches the markers; the focused one shows its tooltip too.
      await page.getByRole("slider", { name: "Position in the recording" }).focus();
      const markers = page.locator("[data-marker]");
      const count = await markers.count();
      for (let i = 0; i < count; i++) {
        await page.keyboard.press("Tab");
        if ((await page.evaluate(() => document.activeElement?.getAttribute("data-marker"))) === "ad") break;
      }
      await tooltip.waitFor({ state: "visible" });
      await page.keyboard.press("Enter");
      const label = (await ad.getAttribute("aria-label")) ?? "";
      const at = label.split(" · ")[0] ?? "";
      await page.getByTestId("player-position").filter({ hasText: at }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);

  test("at 360 px every watch-page action is on screen and nothing scrolls sideways", async () => {
    // The other channel records again: its finished video offers the running recording, not Record now.
    const { context, page, errors } = await signedIn(`/watch/${library.endedFirst.id}`, { width: 360 });
    try {
      const actions = page.getByTestId("watch-actions");
      await actions.getByTestId("recording-now-link").waitFor({ timeout: 15_000 });
      expect(await horizontalOverflow(page), (await overflowingElements(page)).join(", ")).toBe(0);
      const controls = [
        ...(await actions.locator("button, a").all()),
        ...(await page.locator("[data-player] button, [data-player] select").all()),
      ];
      const names: string[] = [];
      for (const control of controls) {
        if (!(await control.isVisible())) continue;
        const box = await control.boundingBox();
        const name = (
          (await control.getAttribute("aria-label")) ??
          (await control.textContent()) ??
          ""
        ).trim();
        names.push(name);
        expect({ name, left: box && box.x >= 0, right: box && box.x + box.width <= 360 }).toEqual({
          name,
          left: true,
          right: true,
        });
      }
      for (const name of [
        "Watch later",
        "Recording now: watch",
        "Copy link at this time",
        "Play",
        "Full screen",
      ])
        expect(names.some((n) => n.includes(name))).toBe(true);
      expect(await page.getByRole("slider", { name: "Position in the recording" }).isVisible()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);

  test("on a plain-http LAN address (no Clipboard API) Copy link still copies, and says so", async () => {
    const v = library.multiPart;
    // Records what the copy command copied (the page cannot read the clipboard back off a secure context).
    const init = `document.addEventListener("copy", () => { (window.copied ??= []).push(String(document.getSelection())); });`;
    const { context, page, errors } = await signedIn(`/watch/${v.id}?t=5`, { origin: lanBase, init });
    try {
      expect(await page.evaluate(() => [window.isSecureContext, navigator.clipboard === undefined])).toEqual([
        false,
        true,
      ]);
      await page.getByRole("button", { name: "Copy link at this time" }).click();
      await page.getByRole("status").filter({ hasText: "Copied to the clipboard." }).waitFor();
      const copied = await page.evaluate(() => window.copied ?? []);
      expect(copied).toHaveLength(1);
      expect(copied[0]).toMatch(new RegExp(`^${lanBase}/watch/${v.id}\\?t=\\d+$`));
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);

  test("Record now and New schedule show the channel's state: its running recording, Edit schedule", async () => {
    const other = library.ids[OTHER] as string;
    const multi = library.ids[MULTI] as string;
    const { context, page, errors } = await signedIn(`/channels/${other}`);
    try {
      // Recording already: a link to that recording instead of a Record now that would be refused.
      const link = page.getByTestId("recording-now-link");
      await link.waitFor({ timeout: 15_000 });
      expect(await link.getAttribute("href")).toBe(`/watch/${library.running}`);
      expect(await page.getByRole("button", { name: "Record now" }).count()).toBe(0);
      expect(await page.getByTestId("channel-schedule").textContent()).toBe("New schedule");

      // A schedule of the caller's for the channel: the button edits it.
      const rule = { ...RECORD_EVERYTHING, is_disabled: true };
      await call(base, owner, "schedule.create", { broadcaster_id: other, rule }, true);
      await page.reload();
      const button = page.getByTestId("channel-schedule");
      await button.filter({ hasText: "Edit schedule" }).waitFor();
      await button.click();
      const dialog = page.getByRole("dialog", { name: "Schedule for SpeedrunSam" });
      await dialog.waitFor();
      await dialog.getByRole("button", { name: "Delete" }).waitFor();
      await dialog.getByRole("button", { name: "Cancel" }).click();

      // A channel neither recording nor scheduled offers both.
      await page.goto(`${base}/channels/${multi}`);
      await page.getByRole("button", { name: "Record now" }).waitFor();
      expect(await page.getByTestId("channel-schedule").textContent()).toBe("New schedule");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);

  test("Downloads: the latest to finish first, an indeterminate bar with no number, Open and Cancel aligned", async () => {
    const { context, page, errors } = await signedIn("/downloads");
    try {
      // The multi-part recording started first but ended last.
      const finished = page.locator('section[aria-labelledby="history-title"] li a');
      await finished.first().waitFor();
      const hrefs = await finished.evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      expect(hrefs).toEqual([`/watch/${library.multiPart.id}`, `/watch/${library.endedFirst.id}`]);

      const row = page.getByTestId("running-download").first();
      await row.waitFor();
      const bar = row.getByRole("progressbar");
      expect(await bar.getAttribute("aria-valuenow")).toBeNull();
      expect(await bar.getAttribute("aria-valuemax")).toBeNull();
      expect((await bar.textContent())?.trim()).toBe("");
      const fill = bar.locator("div");
      const shape = await fill.evaluate((el: Box) => ({
        animated: el.getAnimations().length > 0,
        share: el.getBoundingClientRect().width / el.parentElement.getBoundingClientRect().width,
      }));
      // Stripes along the whole track, moving: nothing reads as a share done.
      expect(shape).toEqual({ animated: true, share: 1 });

      const open = row.getByRole("link", { name: "Open" });
      const cancel = row.getByRole("button", { name: "Cancel" });
      const [a, b] = [await open.boundingBox(), await cancel.boundingBox()];
      if (!a || !b) throw new Error("Open and Cancel are not both on screen");
      expect(Math.abs(a.height - b.height)).toBeLessThanOrEqual(1);
      expect(Math.abs(a.y + a.height / 2 - (b.y + b.height / 2))).toBeLessThanOrEqual(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 30_000);

  test("the time zone, date format and language saved on one browser apply on a second one at sign-in", async () => {
    const v = library.multiPart;
    const first = await signedIn("/settings");
    try {
      const form = first.page.getByTestId("settings-datetime-form");
      await first.page.getByTestId("settings-timezone").fill("Asia/Tokyo");
      await first.page.getByTestId("settings-date-format").selectOption("US");
      await form.getByRole("button", { name: "Save" }).click();
      await form.getByText("Saved.").waitFor();
      await first.page.getByTestId("settings-language").selectOption("fr");
      await first.page.getByRole("heading", { level: 1, name: "Paramètres" }).waitFor();
      // Saved to the account, not just to this browser.
      await until("the language saved", async () => {
        const s = await call<{ language: string | null }>(base, owner, "settings.get");
        return s.language === "fr";
      });
    } finally {
      await first.context.close();
    }

    // A fresh browser, in another zone and in English: the account's settings win at sign-in.
    const second = await signedIn(`/watch/${v.id}`, { timezoneId: "America/Los_Angeles" });
    try {
      const { page, errors } = second;
      expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
      const recorded = formatInPreference(new Date(v.start_download_at), "US", "Asia/Tokyo");
      expect(recorded).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2} [AP]M$/);
      const fact = page.locator("dt", { hasText: "Enregistré le" }).locator("xpath=following-sibling::dd");
      expect(await fact.textContent()).toBe(recorded);

      await page.goto(`${base}/sessions`);
      await page.getByRole("heading", { level: 1, name: "Sessions" }).waitFor();
      const times = await page.locator("time[datetime]").evaluateAll((els) =>
        els.map((el) => ({
          iso: el.getAttribute("datetime") ?? "",
          title: el.getAttribute("title"),
          text: el.textContent,
        })),
      );
      expect(times.length).toBeGreaterThan(0);
      for (const { iso, title } of times)
        expect(title).toBe(formatInPreference(new Date(iso), "US", "Asia/Tokyo"));
      // Expiry is a month away: shown as the date itself, in the chosen zone and format.
      const expiry = times.find((time) => Date.parse(time.iso) - Date.now() > 7 * 86_400_000);
      expect(expiry?.text).toBe(formatInPreference(new Date(expiry?.iso ?? ""), "US", "Asia/Tokyo"));
      expect(errors).toEqual([]);
    } finally {
      await second.context.close();
      await call(
        base,
        owner,
        "settings.update",
        { timezone: null, datetime_format: null, language: null },
        true,
      );
    }
  }, 45_000);
});

declare const document: {
  activeElement: { getAttribute(name: string): string | null } | null;
  documentElement: { lang: string };
};
