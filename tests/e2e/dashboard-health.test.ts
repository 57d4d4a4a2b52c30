import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildDashboard } from "../../scripts/dashboard.ts";
import { startSimulator } from "../../src/sim/server.ts";
import { launchBrowser } from "../support/browser.ts";
import { startReplayd } from "../support/sign-in.ts";
import { quietLog } from "../support/sim.ts";

// What the owner sees in a real browser when health is degraded: the server (no live mode, so nothing
// records) with FFMPEG_PATH pointing nowhere, signed in through the Twitch simulator. The first to sign in
// is the owner.
const ROOT = join(import.meta.dir, "..", "..");
/** Set to a folder to keep screenshots of the banner and the Health page. */
const SHOTS = process.env.HEALTH_SCREENSHOTS ?? "";

const sim = startSimulator({ log: quietLog, port: 0, seed: 5 });
let app: Awaited<ReturnType<typeof startReplayd>> | undefined;
let browser: Browser | undefined;
let base = "";

beforeAll(async () => {
  if (!existsSync(join(ROOT, "dashboard", "dist", "index.html"))) await buildDashboard();
  // A second person (a viewer) signs in too: the install is open to anyone with a Twitch account.
  app = await startReplayd(sim.url, { FFMPEG_PATH: "/nonexistent", WHITELIST_ENABLED: "false" });
  base = app.url;
  browser = await launchBrowser();
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
}, 40_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sim.stop();
});

async function signedIn(login?: string, language = "en"): Promise<{ context: BrowserContext; page: Page }> {
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(`localStorage.setItem("replayd:language", ${JSON.stringify(language)})`);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  await page.goto(`${base}/api/v1/auth/twitch${login ? `?login=${login}` : ""}`);
  await page.locator("main#main h1").waitFor({ timeout: 10_000 });
  expect(errors).toEqual([]);
  return { context, page };
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

describe("degraded health in the dashboard", () => {
  test("the owner sees a banner on every page naming ffmpeg, and the checks on System → Health", async () => {
    const { context, page } = await signedIn();
    try {
      const banner = page.getByTestId("health-banner");
      await banner.waitFor();
      expect(await banner.getAttribute("data-status")).toBe("degraded");
      const item = banner.locator('[data-check="ffmpeg"]');
      expect(await item.textContent()).toBe(
        "ffmpeg is missing or does not work: recordings cannot start" +
          "ffmpeg not found (FFMPEG_PATH): recordings cannot start",
      );
      // The home page's card says degraded (in words; the raw status on the card) and lists the reason too.
      await expect(page.getByTestId("health-status").textContent()).resolves.toBe("Degraded");
      expect(await page.getByTestId("health").getAttribute("data-state")).toBe("degraded");
      expect(await page.getByTestId("health-reasons").textContent()).toContain("FFMPEG_PATH");
      await shot(page, "home-degraded");

      await banner.getByRole("link", { name: "See the checks" }).click();
      await page.waitForURL(`${base}/system/health`);
      const card = page.getByTestId("health-checks");
      await card.waitFor();
      expect(await card.getAttribute("data-status")).toBe("degraded");
      const ffmpeg = card.locator('[data-check="ffmpeg"]');
      expect(await ffmpeg.getAttribute("data-state")).toBe("failing");
      // The owner's detail names the path to fix.
      expect(await ffmpeg.textContent()).toContain(
        "ffmpeg not found at /nonexistent (FFMPEG_PATH): recordings cannot start",
      );
      for (const name of ["ffprobe", "data_dir", "database"])
        expect(await card.locator(`[data-check="${name}"]`).getAttribute("data-state")).toBe("ok");
      const disk = card.locator('[data-check="disk"]');
      expect(await disk.getAttribute("data-state")).toBe("ok");
      expect(await disk.textContent()).toMatch(/Free[\d,]+(\.\d)?\s[KMGT]?B of [\d,]+(\.\d)?\s[KMGT]?B/);
      expect(await disk.getByRole("progressbar").count()).toBe(1);
      // The banner stays on the Health page too, and the System menu lists it.
      expect(await page.getByTestId("health-banner").count()).toBe(1);
      expect(await page.getByTestId("system-nav").last().getByRole("link", { name: "Health" }).count()).toBe(
        1,
      );
      await shot(page, "system-health");
    } finally {
      await context.close();
    }
  }, 60_000);

  test("in French, the banner's headline and the page are translated", async () => {
    const { context, page } = await signedIn(undefined, "fr");
    try {
      const item = page.getByTestId("health-banner").locator('[data-check="ffmpeg"]');
      await item.waitFor();
      expect(await item.textContent()).toContain(
        "ffmpeg est introuvable ou ne fonctionne pas : les enregistrements ne peuvent pas démarrer",
      );
      await page.goto(`${base}/system/health`);
      await page.getByRole("heading", { name: "Santé", level: 1 }).waitFor();
      expect(
        await page.getByTestId("health-checks").locator('[data-check="ffmpeg"]').textContent(),
      ).toContain("En échec");
      await shot(page, "system-health-fr");
    } finally {
      await context.close();
    }
  }, 60_000);

  test("someone else gets no banner and no Health page", async () => {
    const { context, page } = await signedIn("kitchen_lab");
    try {
      // The home card (public health) still says degraded; the owner's banner is not there.
      await expect(page.getByTestId("health-status").textContent()).resolves.toBe("Degraded");
      expect(await page.getByTestId("health-banner").count()).toBe(0);
      await page.goto(`${base}/system/health`);
      await page.getByTestId("not-allowed").waitFor();
    } finally {
      await context.close();
    }
  }, 30_000);
});
