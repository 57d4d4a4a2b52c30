import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildDashboard, dashboardIsStale } from "../../scripts/dashboard.ts";
import { finishedVideo, running } from "../../src/db/contract/fixtures.ts";
import type { Video } from "../../src/domain/videos.ts";
import { storageLayout } from "../../src/storage/layout.ts";
import { LocalStorage } from "../../src/storage/local.storage.ts";
import { launchBrowser } from "../support/browser.ts";
import { horizontalOverflow, overflowingElements, screenshotDir } from "../support/dashboard-pages.ts";
import { simulator } from "../support/recorder.ts";
import { simUserIds, startReplayd } from "../support/sign-in.ts";
import { until } from "../support/until.ts";

/** Text with its no-break spaces (between a number and its unit) as plain ones, to compare with. */
const spaced = (text: string | null) => (text ?? "").replaceAll("\u00a0", " ");

// The library's actions in Chromium against the real server and the simulator, as the owner: the top bar's
// search (typed, arrow keys, Enter, Escape), deleting one recording from its page and several from the
// library (their files gone from storage), adding a channel by its Twitch login; and each of them at 360 px
// without sideways scrolling.
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

const sim = simulator({ seed: 29 });
let app: Awaited<ReturnType<typeof startReplayd>> | undefined;
let browser: Browser | undefined;
let storage: LocalStorage;
const videos: Record<string, Video> = {};
let live: Video;
let channelId = "";

beforeAll(async () => {
  if (dashboardIsStale()) await buildDashboard();
  const cwd = mkdtempSync(join(tmpdir(), "replayd-library-actions-"));
  app = await startReplayd(sim.url, {}, { cwd });
  storage = new LocalStorage(join(cwd, "data"));
  const ids = await simUserIds(sim.url);
  channelId = ids.kitchen_lab as string;
  await app.repo.channels.upsert({
    broadcaster_id: channelId,
    broadcaster_login: "kitchen_lab",
    broadcaster_name: "KitchenLab",
  });
  const bytes = join(cwd, "part.bin");
  writeFileSync(bytes, "stand-in bytes of a recorded part");
  for (const [title, size] of [
    ["Pasta night", 3 * GiB],
    ["Bread basics", 1 * GiB],
    ["Knife skills", 512 * MiB],
    ["Soup Sunday", 256 * MiB],
  ] as const) {
    const video = await finishedVideo(app.repo, channelId, {
      title,
      parts: [{ duration_seconds: 3600, size_bytes: size }],
    });
    await storage.putFile(partKey(video), bytes);
    videos[title] = video;
  }
  live = (await running(app.repo, channelId, { title: "Live cooking" })).video;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

const partKey = (video: Video) => storageLayout.videoFile(`${video.filename}-part01.mp4`);
const video = (title: string) => videos[title] as Video;
const card = (page: Page, v: Video) => page.locator(`[data-testid="video-card"][data-video-id="${v.id}"]`);

/** A browser page signed in as the simulator's first user (the owner: the first person to sign in). */
async function ownerPage(
  viewport = { width: 1280, height: 860 },
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  if (!browser || !app) throw new Error("not started");
  const context = await browser.newContext({ viewport, locale: "en-US" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(`${app.url}/api/v1/auth/twitch?login=sim_viewer`);
  await page.getByRole("heading", { level: 1, name: "Home" }).waitFor({ timeout: 15_000 });
  return { context, page, errors };
}

async function expectFits(page: Page, what: string) {
  const overflow = await horizontalOverflow(page);
  expect({ what, overflow, culprits: overflow ? await overflowingElements(page) : [] }).toEqual({
    what,
    overflow: 0,
    culprits: [],
  });
  await shot(page, what);
}

/** A picture of what the user sees now, into test-results/screenshots (gitignored). */
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(screenshotDir(), `library-actions-${name}.png`) });

describe("the library's actions, as the owner", () => {
  test("the top bar's search: grouped results as you type, arrow keys and Enter open one, Escape closes", async () => {
    const { context, page, errors } = await ownerPage();
    try {
      const box = page.getByRole("combobox", { name: "Search videos, channels and categories" });
      await box.fill("kitchen");
      const list = page.getByRole("listbox", { name: "Search results" });
      // Videos of the channel, and the channel itself, each under its heading.
      await list
        .getByRole("group", { name: "Channels" })
        .getByRole("option", { name: /KitchenLab/ })
        .waitFor();
      expect(await list.getByRole("group", { name: "Videos" }).getByRole("option").count()).toBe(4);
      await shot(page, "search");
      // Down to the channel: four videos, then it; Enter opens its page.
      for (let i = 0; i < 5; i++) await box.press("ArrowDown");
      const active = page.getByRole("option", { selected: true });
      expect(await active.textContent()).toContain("KitchenLab");
      expect(await box.getAttribute("aria-activedescendant")).toBe(await active.getAttribute("id"));
      await box.press("Enter");
      await page.waitForURL(`${app?.url}/channels/${channelId}`);
      expect(await box.inputValue()).toBe("");

      // Escape closes the results, a second Escape clears the field.
      await page.keyboard.press("Control+k");
      await box.fill("soup");
      await list.getByRole("option", { name: /Soup Sunday/ }).waitFor();
      await box.press("Escape");
      await list.waitFor({ state: "detached" });
      expect(await box.inputValue()).toBe("soup");
      await box.press("Escape");
      expect(await box.inputValue()).toBe("");

      // Nothing found says so.
      await box.fill("zzzz not here");
      await page.getByText("Nothing matches “zzzz not here”.").waitFor();
      await box.press("Escape");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test("delete one from its page: asked first with its size, back to the library, its files gone", async () => {
    const { context, page, errors } = await ownerPage();
    try {
      // Reached from the search: Enter opens the first result.
      const box = page.getByRole("combobox", { name: "Search videos, channels and categories" });
      await box.fill("soup sun");
      await page.getByRole("option", { name: /Soup Sunday/ }).waitFor();
      await box.press("Enter");
      const soup = video("Soup Sunday");
      await page.waitForURL(`${app?.url}/watch/${soup.id}`);

      await page.getByTestId("delete-video").click();
      const dialog = page.getByRole("dialog", { name: "Delete this recording?" });
      await dialog.waitFor();
      expect(spaced(await dialog.textContent())).toContain(
        "“Soup Sunday” and its files (256 MB) are deleted from storage. It stays in the history as removed.",
      );
      await dialog.getByRole("button", { name: "Delete recording" }).click();
      await page.waitForURL(`${app?.url}/videos`);
      await card(page, video("Pasta night")).waitFor();
      await until("its card to go", async () => (await card(page, soup).count()) === 0);
      const row = await app?.repo.videos.getById(soup.id);
      expect([row?.deletion_kind, row?.parts.length]).toEqual(["manual", 0]);
      expect(await storage.size(partKey(soup))).toBeNull();

      // A recording still running explains instead of deleting.
      await page.goto(`${app?.url}/watch/${live.id}`);
      await page.getByTestId("delete-video").click();
      const running = page.getByRole("dialog", { name: "This recording is still running" });
      await running.getByText(/Cancel it first on the Downloads page/).waitFor();
      expect(await running.getByRole("link", { name: "Go to Downloads" }).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test("delete several from the library: the confirmation says how many and how much is freed", async () => {
    const { context, page, errors } = await ownerPage();
    try {
      await page.goto(`${app?.url}/videos`);
      await card(page, video("Pasta night")).waitFor();
      await page.getByTestId("select-videos").click();
      const summary = page.getByTestId("selection-summary");
      expect(spaced(await summary.textContent())).toBe("0 selected · 0 B");
      // The running recording cannot be picked.
      expect(await card(page, live).getByRole("checkbox").isDisabled()).toBe(true);
      await page.getByRole("checkbox", { name: "Select Pasta night" }).check();
      await page.getByRole("checkbox", { name: "Select Bread basics" }).check();
      expect(spaced(await summary.textContent())).toBe("2 selected · 4.0 GB");
      await shot(page, "selection");

      await page.getByTestId("delete-selected").click();
      const dialog = page.getByRole("dialog", { name: "Delete 2 recordings?" });
      await dialog.waitFor();
      expect(spaced(await dialog.textContent())).toContain(
        "This frees 4.0 GB: their files are deleted from storage. They stay in the history as removed.",
      );
      await dialog.getByRole("button", { name: "Delete 2 recordings" }).click();
      await page.getByText("2 recordings are being deleted; 4.0 GB will be freed.").waitFor();
      for (const title of ["Pasta night", "Bread basics"]) {
        await until(`${title}'s card to go`, async () => (await card(page, video(title)).count()) === 0);
        expect(await storage.size(partKey(video(title)))).toBeNull();
      }
      // The rest stays, files and all.
      expect(await card(page, video("Knife skills")).count()).toBe(1);
      expect(await storage.size(partKey(video("Knife skills")))).not.toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test("add a channel nobody follows by its login; an unknown login, a malformed one and a repeat are explained", async () => {
    await sim.control("/users", { login: "fresh_face", display_name: "FreshFace" });
    const { context, page, errors } = await ownerPage();
    try {
      await page.goto(`${app?.url}/channels`);
      const form = page.getByTestId("add-channel-form");
      const field = form.getByLabel("Add a channel by its Twitch login");
      const add = form.getByRole("button", { name: "Add" });

      await field.fill("abc");
      await add.click();
      await form.getByText("A Twitch login has 4 to 25 characters.").waitFor();

      await field.fill("nobody_at_all");
      await add.click();
      await form.getByText("Twitch has no channel with the login “nobody_at_all”.").waitFor();

      await field.fill("https://www.twitch.tv/Fresh_Face");
      await add.click();
      await form.getByText("FreshFace was added.").waitFor();
      await page.getByTestId("channel-card").filter({ hasText: "FreshFace" }).waitFor();
      expect(await field.inputValue()).toBe("");

      await field.fill("fresh_face");
      await add.click();
      await form.getByText("“fresh_face” is already one of the channels here.").waitFor();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  test("at 360 px: the search opens from an icon over the bar, the selection bar and the add field fit", async () => {
    const { context, page, errors } = await ownerPage({ width: 360, height: 740 });
    try {
      const box = page.getByRole("combobox", { name: "Search videos, channels and categories" });
      expect(await box.isVisible()).toBe(false);
      await page.getByRole("button", { name: "Search", exact: true }).click();
      await box.fill("kitchen");
      await page
        .getByRole("group", { name: "Channels" })
        .getByRole("option", { name: /KitchenLab/ })
        .waitFor();
      await expectFits(page, "search-360");
      await box.press("Escape");
      await box.press("Escape");
      expect(await box.isVisible()).toBe(false);

      await page.goto(`${app?.url}/videos`);
      await card(page, video("Knife skills")).waitFor();
      await page.getByTestId("select-videos").click();
      await page.getByRole("checkbox", { name: "Select Knife skills" }).check();
      await expectFits(page, "selection-360");
      await page.getByTestId("delete-selected").click();
      await page.getByRole("dialog", { name: "Delete 1 recording?" }).waitFor();
      await expectFits(page, "confirm-360");
      await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

      await page.goto(`${app?.url}/channels`);
      await page.getByTestId("add-channel-form").getByLabel("Add a channel by its Twitch login").fill("ab");
      await page.getByTestId("add-channel-form").getByRole("button", { name: "Add" }).click();
      await page.getByText("A Twitch login has 4 to 25 characters.").waitFor();
      await expectFits(page, "add-channel-360");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});
