import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import { launchBrowser } from "../support/browser.ts";
import { call, LIVE, type VideoView } from "../support/dashboard-library.ts";
import { freePort } from "../support/ports.ts";
import { simulator } from "../support/recorder.ts";
import { CookieJar, signIn, startReplayd } from "../support/sign-in.ts";
import { until } from "../support/until.ts";

// The dashboard's remembered layout choices and the card's stream history, in Chromium against the real
// server and the simulator: the sidebar folded with Ctrl+B stays folded after a reload (the phone drawer
// keeps its names), the watch page's wide layout stays wide, and a card lists a title change that happened
// while the recording ran, fetched only once its popover is opened from the keyboard.

const LOGIN = "kitchen_lab";
const NEW_TITLE = "Sourdough, second proof";
const sim = simulator({ warp: 2, seed: 23 });
let app: Awaited<ReturnType<typeof startReplayd>> | undefined;
let browser: Browser | undefined;
let base = "";
const owner = new CookieJar();
let videoId = 0;

interface SimState {
  users: { id: string; login: string }[];
  subscriptions: { type: string; status: string; condition: { broadcaster_user_id: string } }[];
}
const simState = async () => (await (await fetch(`${sim.url}/sim/state`)).json()) as SimState;

beforeAll(async () => {
  if (dashboardIsStale()) await buildDashboard();
  // A short rejoin window, so the recording ends soon after the stream does.
  const config = join(mkdtempSync(join(tmpdir(), "replayd-layout-prefs-")), "config.toml");
  writeFileSync(config, "[recorder]\nmax_restart_gap_seconds = 1\n");
  const port = freePort();
  // Direct mode, so the title change reaches replayd as a channel.update notification.
  app = await startReplayd(sim.url, {
    PORT: String(port),
    CONFIG_FILE: config,
    SERVER_MODE: "direct",
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
  });
  base = app.url;
  browser = await launchBrowser();
  await signIn(base, owner);
  const { broadcaster_id } = await call<{ broadcaster_id: string }>(
    base,
    owner,
    "channel.syncFromTwitch",
    { login: LOGIN },
    true,
  );
  await sim.control(`/channels/${LOGIN}/live`, { ...LIVE, title: "Sourdough, first proof" });
  ({ video_id: videoId } = await call<{ video_id: number }>(
    base,
    owner,
    "video.triggerDownload",
    { broadcaster_id, quality: "source" },
    true,
  ));
  await until("channel.update followed while recording", async () =>
    (await simState()).subscriptions.some(
      (s) =>
        s.type === "channel.update" &&
        s.status === "enabled" &&
        s.condition.broadcaster_user_id === broadcaster_id,
    ),
  );
  await sim.until(LOGIN, 4);
  await sim.control(`/channels/${LOGIN}/update`, { title: NEW_TITLE });
  await until("the title change on the video's timeline", async () =>
    (
      await call<{ title: { name: string } | null }[]>(base, owner, "video.timeline", { video_id: videoId })
    ).some((c) => c.title?.name === NEW_TITLE),
  );
  const now = (await sim.channel(LOGIN))?.session?.current_sequence ?? 0;
  await sim.until(LOGIN, now + 4);
  await sim.control(`/channels/${LOGIN}/offline`, { end: "endlist" });
  await until(
    "the recording to finish",
    async () => (await call<VideoView>(base, owner, "video.getById", { id: videoId })).status === "DONE",
    60_000,
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

/** A fresh browser signed in as the owner at 1280 px, `url` opened; page errors collected. */
async function signedIn(url: string): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "en-US" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(`${base}/api/v1/auth/twitch`);
  await page.goto(`${base}${url}`);
  await page.locator("main#main h1").first().waitFor({ timeout: 15_000 });
  return { page, errors, close: () => context.close() };
}

const reload = async (page: Page) => {
  await page.reload();
  await page.locator("main#main h1").first().waitFor({ timeout: 15_000 });
};

test("Ctrl+B folds the sidebar to an icon rail that keeps each page's name, and it stays folded after a reload; the phone drawer still shows names", async () => {
  const { page, errors, close } = await signedIn("/");
  try {
    const sidebar = page.getByTestId("sidebar");
    const videosLink = sidebar.getByRole("link", { name: "Videos" });
    expect(await sidebar.getAttribute("data-state")).toBe("expanded");
    expect((await videosLink.textContent())?.trim()).toBe("Videos");
    const wide = (await sidebar.boundingBox())?.width ?? 0;

    await page.keyboard.press("Control+b");
    await until("the sidebar folded", async () => (await sidebar.getAttribute("data-state")) === "collapsed");
    const rail = (await sidebar.boundingBox())?.width ?? 0;
    expect(rail).toBeLessThan(80);
    expect(rail).toBeLessThan(wide / 2);
    // Icon only, the name as the link's accessible name and its tooltip.
    expect((await videosLink.textContent())?.trim()).toBe("");
    expect(await videosLink.getAttribute("title")).toBe("Videos");

    await reload(page);
    expect(await sidebar.getAttribute("data-state")).toBe("collapsed");
    expect((await sidebar.boundingBox())?.width ?? 0).toBe(rail);

    // The rail's button unfolds it (and says what it does).
    await sidebar.getByRole("button", { name: "Expand the sidebar" }).click();
    await until(
      "the sidebar unfolded",
      async () => (await sidebar.getAttribute("data-state")) === "expanded",
    );
    await page.keyboard.press("Control+b");
    await until("folded again", async () => (await sidebar.getAttribute("data-state")) === "collapsed");

    // On a phone the drawer is the navigation, with its names, whatever the sidebar's state.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole("button", { name: "Open navigation" }).click();
    const drawer = page.getByRole("dialog");
    expect((await drawer.getByRole("link", { name: "Videos" }).textContent())?.trim()).toBe("Videos");
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
}, 60_000);

test("the watch page's wide layout puts the history lists under the player, and stays chosen after a reload", async () => {
  const { page, errors, close } = await signedIn(`/watch/${videoId}`);
  try {
    const watch = page.getByTestId("watch-page");
    const player = page.getByTestId("player");
    const lists = page.getByTestId("marker-lists");
    const boxes = async () => {
      const p = await player.boundingBox();
      const l = await lists.boundingBox();
      if (!p || !l) throw new Error("the player or the history lists are not on screen");
      return { p, l };
    };
    // By default ("aside") the lists are a column to the right of the player.
    expect(await watch.getAttribute("data-layout")).toBe("aside");
    let { p, l } = await boxes();
    expect(l.x).toBeGreaterThanOrEqual(p.x + p.width);

    const wideButton = page.getByRole("button", { name: "Wide player" });
    await wideButton.click();
    await until("the wide layout", async () => (await watch.getAttribute("data-layout")) === "wide");
    expect(await wideButton.getAttribute("aria-pressed")).toBe("true");
    ({ p, l } = await boxes());
    expect(l.y).toBeGreaterThanOrEqual(p.y + p.height);
    const wideWidth = p.width;

    await reload(page);
    expect(await watch.getAttribute("data-layout")).toBe("wide");
    ({ p, l } = await boxes());
    expect(l.y).toBeGreaterThanOrEqual(p.y + p.height);
    expect(p.width).toBe(wideWidth);
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
}, 60_000);

test("a card's stream history, opened from the keyboard, lists the title change; the timeline is fetched only then", async () => {
  const { page, errors, close } = await signedIn("/videos");
  try {
    const timelineRequests: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes("video.timeline")) timelineRequests.push(r.url());
    });
    const card = page.locator(`[data-testid="video-card"][data-video-id="${videoId}"]`);
    const trigger = card.getByRole("button", { name: /^Stream history of / });
    await trigger.waitFor();
    expect(timelineRequests).toEqual([]);

    await trigger.focus();
    await page.keyboard.press("Enter");
    const popup = page.getByTestId("stream-history");
    await popup.getByText(NEW_TITLE).waitFor({ timeout: 10_000 });
    expect(await popup.getByText("Stream history", { exact: true }).isVisible()).toBe(true);
    expect(timelineRequests.length).toBe(1);

    await page.keyboard.press("Escape");
    await popup.waitFor({ state: "hidden" });
    expect(
      await trigger.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement),
    ).toBe(true);
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
}, 60_000);
